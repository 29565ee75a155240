import { tick, untrack } from 'svelte';
import type { Table } from 'apache-arrow';
import { classifyDbError, type DbError } from '../db/types';
import { traceEnd, tracePhase, traceStart } from '../db/trace';
import { missingFields, type MetricQuery } from '../metrics/query';
import { book } from './book.svelte';
import { coordinator, published } from './coordinator';
import { sameData } from './same-data';
import type { Suppression } from '../publish/aggregate';

/**
 * The runes adapter over the query coordinator (coordinator/): a metric bound to the open book and whatever state `build` reads (filters, options): it re-runs
 * when those change, cancels the stale run, and exposes loading / error / missing-fields states.
 * Create it during component initialisation (it owns an effect).
 */
export class Metric<T> {
  /** Raw (not a deep proxy): results are replaced whole, never mutated, and can be large. */
  data = $state.raw<T | undefined>(undefined);
  error = $state<DbError | undefined>(undefined);
  loading = $state(false);
  missing = $state<string[]>([]);
  /** Milliseconds from request to result of the last run. */
  elapsed = $state(0);
  /** In an aggregate dashboard: what suppression left out of the result. */
  suppression = $state<Suppression | null>(null);
  /** In an aggregate dashboard: the dashboard has no cells for this metric under these filters. */
  unavailable = $state(false);

  constructor(build: () => MetricQuery<T> | null) {
    // Before the DOM update of the same change (`pre`): a click's queries reach the engine first,
    // and the engine works while the UI thread redraws what changed (the clicked chart's selection).
    $effect.pre(() => {
      const q = book.isOpen ? build() : null;
      const version = book.version;
      if (!q) {
        this.data = undefined;
        this.loading = false;
        return;
      }
      const missing = missingFields(q.needs, book.mapped);
      this.missing = missing;
      if (missing.length) {
        this.data = undefined;
        this.loading = false;
        return;
      }
      const started = performance.now();
      // Answered before (ahead of this click, or the same filters earlier): shown in this redraw.
      const known = coordinator.peek(version, q);
      if (known) {
        this.error = undefined;
        this.show(q, known, started);
        return;
      }
      const ctl = new AbortController();
      this.loading = true;
      this.error = undefined;
      if (published.answerer) {
        published.answerer
          .query(q, { signal: ctl.signal })
          .then((answer) => {
            if (ctl.signal.aborted) return;
            this.unavailable = 'unavailable' in answer;
            this.suppression = 'unavailable' in answer ? null : answer.suppression;
            this.data = 'unavailable' in answer ? undefined : q.shape(answer.table);
            this.elapsed = performance.now() - started;
            this.loading = false;
          })
          .catch((e) => {
            if (ctl.signal.aborted) return;
            this.error = classifyDbError(e, q.sql);
            this.loading = false;
          });
        return () => ctl.abort();
      }
      coordinator
        .query(version, q, { signal: ctl.signal })
        .then((table) => {
          if (ctl.signal.aborted) return;
          this.show(q, table, started);
        })
        .catch((e) => {
          if (ctl.signal.aborted) return;
          this.error = classifyDbError(e, q.sql);
          this.loading = false;
        });
      return () => ctl.abort();
    });
  }

  private show(q: MetricQuery<T>, table: Table, started: number): void {
    const trace = traceStart('view', q.sql, []);
    const next = q.shape(table);
    // An unchanged result (a chart its own filter does not touch) keeps its DOM.
    if (!sameData(untrack(() => this.data), next)) this.data = next;
    tracePhase(trace, 'shape');
    this.elapsed = performance.now() - started;
    this.loading = false;
    // The benchmark's "views updated": until Svelte has applied this result to the DOM.
    if (trace) void tick().then(() => traceEnd(trace, { rows: table.numRows }));
  }
}

/**
 * Declares the dimensions a view's clicks filter on (call during component initialisation): the
 * coordinator pre-aggregates the screen's metrics over them while the view is mounted.
 */
export function clickDimensions(get: () => readonly string[]): void {
  $effect(() => coordinator.prepare(get()));
}
