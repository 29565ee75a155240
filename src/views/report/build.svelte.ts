import { classifyDbError, type DbError } from '../../lib/db/types';
import { bookDefinitions, buildReport, collectReportInputs, type ReportContext, type Runner } from '../../lib/report';
import type { Report } from '../../lib/report/types';
import { book } from '../../lib/state/book.svelte';
import { filters } from '../../lib/state/filters.svelte';
import type { FilterSet } from '../../lib/sql/filters';
import { limits } from '../../lib/state/limits.svelte';
import { coordinator } from '../../lib/state/coordinator';
import { reportLimits } from '../../lib/state/limit-settings';
import { ruleSettings } from '../../lib/state/rules.svelte';

/** The report context from the app's state: filters (the app's, or a compare baseline's), mapped fields, rule settings, saved limits. */
function context(set: FilterSet): ReportContext {
  const { limits: checkable, unchecked } = reportLimits(limits.list, limits.netCapital);
  return {
    filters: set,
    mapped: book.mapped,
    rules: ruleSettings.selection,
    limits: checkable,
    uncheckedLimits: unchecked,
    hasSnapshots: (book.shape?.snapshots ?? 0) > 0,
    definitions: bookDefinitions(book.shape),
  };
}

/**
 * The report of the open book, rebuilt when the book, filters, rules or limits change; a stale
 * build is cancelled. Create during component initialisation (it owns an effect). `population`
 * gives the filter set (by default the app's; a compare baseline's; null: no report).
 */
export class ReportBuild {
  report = $state<Report | undefined>(undefined);
  error = $state<DbError | undefined>(undefined);
  loading = $state(false);

  constructor(population: () => FilterSet | null = () => filters.set) {
    $effect(() => {
      const set = population();
      if (!book.isOpen || set === null) {
        this.report = undefined;
        this.loading = false;
        return;
      }
      const ctx = context(set);
      const version = book.version;
      const ctl = new AbortController();
      const run: Runner = async (q) => q.shape(await coordinator.query(version, q, { signal: ctl.signal }));
      this.loading = true;
      this.error = undefined;
      collectReportInputs(run, ctx)
        .then((inputs) => {
          if (ctl.signal.aborted) return;
          this.report = buildReport(inputs, ctx);
          this.loading = false;
        })
        .catch((e) => {
          if (ctl.signal.aborted) return;
          this.error = classifyDbError(e);
          this.loading = false;
        });
      return () => ctl.abort();
    });
  }
}
