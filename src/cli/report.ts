import { availableFields, type BookShape } from '../lib/book/activate';
import type { Db } from '../lib/db/types';
import type { Locale } from '../lib/i18n/types';
import { runMetric } from '../lib/metrics/query';
import { bookDefinitions, buildReport, collectReportInputs, renderReportHtml, type Report, type ReportContext } from '../lib/report';
import type { FilterSet } from '../lib/sql/filters';
import { DEFAULT_LIMITS, reportLimits, type LimitsFile } from '../lib/state/limit-settings';
import { EMPTY_RULE_SETTINGS, ruleSelection, type RuleSettingsData } from '../lib/state/rule-settings';
import { language } from './language';

export interface ReportOptions {
  filters: FilterSet;
  /** The app's limits file (Structure → export); DOMAIN.md's defaults without it. */
  limits?: LimitsFile;
  /** Net capital for the borrower limit, overriding the limits file's. */
  netCapital?: number | null;
  /** The app's rules file (Root causes → export): thresholds, rules switched off, own rules. */
  rules?: RuleSettingsData;
}

/** The report context the app builds (views/report/build.svelte.ts), from files instead of the tab's storage. */
export function reportContext(shape: BookShape, options: ReportOptions): ReportContext {
  const mapped = availableFields(shape);
  const netCapital = options.netCapital ?? options.limits?.netCapital ?? null;
  const { limits, unchecked } = reportLimits(options.limits?.limits ?? DEFAULT_LIMITS, netCapital);
  return {
    filters: options.filters,
    mapped,
    rules: ruleSelection(options.rules ?? EMPTY_RULE_SETTINGS, mapped),
    limits,
    uncheckedLimits: unchecked,
    hasSnapshots: shape.snapshots > 0,
    definitions: bookDefinitions(shape),
  };
}

/** Runs every metric of the diagnosis report and assembles it, as the Report screen does. */
export async function diagnosisReport(db: Db, ctx: ReportContext): Promise<Report> {
  const inputs = await collectReportInputs((q) => runMetric(db, q), ctx);
  return buildReport(inputs, ctx);
}

export interface DocumentOptions {
  bookName: string;
  locale: Locale;
  generatedAt: string;
  /** The app's address, for the case links (`<app>#/cases?loan=…`); relative links without it. */
  appUrl?: string;
}

/** The exported HTML file, as the Report screen's export writes it. */
export function reportDocument(report: Report, options: DocumentOptions): string {
  const app = (options.appUrl ?? '').split('#')[0];
  return renderReportHtml(report, language(options.locale, report.definitions.currency), {
    bookName: options.bookName,
    generatedAt: options.generatedAt,
    caseLink: (id) => `${app}#/cases?loan=${encodeURIComponent(id)}`,
  });
}
