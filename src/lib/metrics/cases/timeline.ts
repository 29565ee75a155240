import { rows, type Row } from '../../db/rows';
import { MIN_CLASS_BY_DPD_SQL } from '../flags/rules';
import type { MetricQuery } from '../query';

/** Monthly snapshots and post-loan inspections of one loan, in date order. */
export interface LoanHistory {
  snapshots: { date: string; balance: number | null; dpd: number | null; fiveClass: number | null; minClass: number | null }[];
  inspections: { date: string; finding: string | null }[];
}

export function loanHistoryQuery(loanId: string): MetricQuery<LoanHistory> {
  return {
    needs: ['loan_id'],
    sql: `SELECT 'snapshot' AS kind, CAST(snapshot_date AS DATE) AS date, balance, dpd, five_class,
  CASE WHEN dpd IS NULL THEN NULL ELSE ${MIN_CLASS_BY_DPD_SQL} END AS min_class, NULL AS finding
FROM snapshots WHERE CAST(loan_id AS VARCHAR) = ? AND snapshot_date IS NOT NULL
UNION ALL
SELECT 'inspection', CAST(inspection_date AS DATE), NULL, NULL, NULL, NULL, finding
FROM inspections WHERE CAST(loan_id AS VARCHAR) = ? AND inspection_date IS NOT NULL
ORDER BY date, kind DESC`,
    params: [loanId, loanId],
    shape: (t) => {
      const r = rows(t);
      return {
        snapshots: r.filter((x) => x.kind === 'snapshot').map((x) => ({
          date: String(x.date),
          balance: x.balance as number | null,
          dpd: x.dpd as number | null,
          fiveClass: x.five_class as number | null,
          minClass: x.min_class as number | null,
        })),
        inspections: r.filter((x) => x.kind === 'inspection').map((x) => ({ date: String(x.date), finding: x.finding === null ? null : String(x.finding) })),
      };
    },
  };
}

export type TimelineLane = 'process' | 'status' | 'inspection' | 'loss';

export type TimelineEventKind =
  | 'application' | 'approval' | 'disbursement' | 'origination' | 'maturity' | 'renewal' | 'restructured'
  | 'snapshot' | 'inspection' | 'default' | 'chargeoff' | 'recovery' | 'as_of';

export interface TimelineEvent {
  kind: TimelineEventKind;
  lane: TimelineLane;
  date: string;
  /** Values shown with the event (balance, DPD, class, finding, amount). */
  detail: Record<string, string | number | boolean | null>;
  /** The event takes part in an issue: drawn in the warning style, with the issue's text. */
  issue?: TimelineIssueKind;
  /** The date is not recorded for this event; it is placed at a related date. */
  dateInferred?: boolean;
}

export type TimelineIssueKind =
  | 'approval_before_application'
  | 'disbursed_before_approval'
  | 'disbursed_before_application'
  | 'skipped_step'
  | 'no_inspection_90d'
  | 'inspection_gap'
  | 'snapshot_gap'
  | 'class_below_dpd_floor'
  | 'default_without_overdue'
  | 'early_default';

export interface TimelineIssue {
  kind: TimelineIssueKind;
  /** The dates the issue is about (for the label and the chart). */
  dates: string[];
  values: Record<string, string | number | null>;
}

export interface Timeline {
  events: TimelineEvent[];
  issues: TimelineIssue[];
}

/** Days between two ISO dates (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
}

function monthIndex(iso: string): number {
  return Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;
}

const INSPECTION_DAYS = 90;
/** Longest silence between two visits of a live loan before it stands out. */
const INSPECTION_GAP_DAYS = 180;
/** As the early_default flag: default within 12 months of origination. */
const EARLY_DEFAULT_MONTHS = 12;

const date = (v: unknown): string | null => (typeof v === 'string' && v.length >= 10 ? v.slice(0, 10) : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * A loan's story on one time axis: process steps, monthly status, inspections and loss events,
 * plus the irregularities a reviewer should see (steps out of order, skipped, late or missing
 * inspections, gaps in the monthly record, a class better than the DPD allows).
 */
export function buildTimeline(loan: Row, history: LoanHistory): Timeline {
  const events: TimelineEvent[] = [];
  const issues: TimelineIssue[] = [];
  const application = date(loan.application_date);
  const approval = date(loan.approval_date);
  const disbursement = date(loan.disbursement_date);
  const origination = date(loan.origination_date);
  const asOf = date(loan.as_of_date);
  const push = (e: TimelineEvent) => events.push(e);

  if (application) push({ kind: 'application', lane: 'process', date: application, detail: {} });
  if (approval) push({ kind: 'approval', lane: 'process', date: approval, detail: { level: (loan.approval_level as string) ?? null, limit: num(loan.approver_limit) } });
  if (disbursement) push({ kind: 'disbursement', lane: 'process', date: disbursement, detail: { amount: num(loan.amount) } });
  else if (origination) push({ kind: 'origination', lane: 'process', date: origination, detail: { amount: num(loan.amount) } });
  const start = disbursement ?? origination;
  if (loan.is_renewal === true && start) push({ kind: 'renewal', lane: 'process', date: start, detail: {} });
  const maturity = date(loan.maturity_date);
  if (maturity) push({ kind: 'maturity', lane: 'process', date: maturity, detail: { term: num(loan.term_months) } });

  for (const s of history.snapshots) {
    push({ kind: 'snapshot', lane: 'status', date: s.date, detail: { balance: s.balance, dpd: s.dpd, five_class: s.fiveClass } });
  }
  for (const i of history.inspections) push({ kind: 'inspection', lane: 'inspection', date: i.date, detail: { finding: i.finding } });

  // The default of the book's one outcome (a paid loan's charge-off date is no default event).
  const defaultDate = date(loan.default_on);
  if (defaultDate) push({ kind: 'default', lane: 'loss', date: defaultDate, detail: {} });
  const chargeoff = date(loan.chargeoff_date);
  if (chargeoff) push({ kind: 'chargeoff', lane: 'loss', date: chargeoff, detail: { amount: num(loan.chargeoff_amount) } });
  const recovery = num(loan.recovery_amount);
  if (recovery !== null && recovery > 0 && (chargeoff ?? defaultDate)) {
    push({ kind: 'recovery', lane: 'loss', date: (chargeoff ?? defaultDate)!, detail: { amount: recovery }, dateInferred: true });
  }
  if (loan.is_restructured === true) {
    // The book records that a loan was restructured, not when: place it at the first cure after an overdue spell.
    const cured = history.snapshots.find((s, k) => k > 0 && (s.dpd ?? 0) === 0 && (history.snapshots[k - 1].dpd ?? 0) > 0);
    const at = cured?.date ?? asOf;
    if (at) push({ kind: 'restructured', lane: 'process', date: at, detail: {}, dateInferred: true });
  }

  const mark = (kinds: TimelineEventKind[], issue: TimelineIssueKind, on?: string) => {
    for (const e of events) if (kinds.includes(e.kind) && (on === undefined || e.date === on) && !e.issue) e.issue = issue;
  };

  if (application && approval && approval < application) {
    issues.push({ kind: 'approval_before_application', dates: [application, approval], values: { application, approval } });
    mark(['approval'], 'approval_before_application');
  }
  if (approval && disbursement && disbursement < approval) {
    issues.push({ kind: 'disbursed_before_approval', dates: [approval, disbursement], values: { approval, disbursement, days: daysBetween(disbursement, approval) } });
    mark(['disbursement'], 'disbursed_before_approval');
  } else if (application && disbursement && disbursement < application) {
    issues.push({ kind: 'disbursed_before_application', dates: [application, disbursement], values: { application, disbursement } });
    mark(['disbursement'], 'disbursed_before_application');
  }
  const skipped = typeof loan.skipped_step === 'string' ? loan.skipped_step.trim() : '';
  if (skipped) {
    issues.push({ kind: 'skipped_step', dates: [approval ?? start ?? ''].filter(Boolean), values: { step: skipped } });
    mark(['approval'], 'skipped_step');
  }

  if (start) {
    const inspections = history.inspections.map((i) => i.date).filter((d) => d >= start);
    const firstInspection = inspections[0] ?? date(loan.first_inspection_date);
    const end = defaultDate && asOf ? (defaultDate < asOf ? defaultDate : asOf) : asOf;
    const observed = end ? daysBetween(start, end) : null;
    if (observed !== null && observed > INSPECTION_DAYS && (!firstInspection || daysBetween(start, firstInspection) > INSPECTION_DAYS)) {
      issues.push({
        kind: 'no_inspection_90d',
        dates: [start, ...(firstInspection ? [firstInspection] : [])],
        values: { start, first_inspection: firstInspection, days: firstInspection ? daysBetween(start, firstInspection) : null },
      });
      if (firstInspection) mark(['inspection'], 'no_inspection_90d', firstInspection);
    }
    // Long silences between visits while the loan was live.
    const liveEnd = end && maturity ? (end < maturity ? end : maturity) : end;
    const visits = [...inspections.filter((d) => !liveEnd || d <= liveEnd)];
    for (let k = 1; k < visits.length; k++) {
      const gap = daysBetween(visits[k - 1], visits[k]);
      if (gap > INSPECTION_GAP_DAYS) {
        issues.push({ kind: 'inspection_gap', dates: [visits[k - 1], visits[k]], values: { from: visits[k - 1], to: visits[k], days: gap } });
        mark(['inspection'], 'inspection_gap', visits[k]);
      }
    }
  }

  const snaps = history.snapshots;
  for (let k = 1; k < snaps.length; k++) {
    const missing = monthIndex(snaps[k].date) - monthIndex(snaps[k - 1].date) - 1;
    if (missing > 0) {
      issues.push({ kind: 'snapshot_gap', dates: [snaps[k - 1].date, snaps[k].date], values: { from: snaps[k - 1].date, to: snaps[k].date, months: missing } });
      mark(['snapshot'], 'snapshot_gap', snaps[k].date);
    }
  }
  const below = snaps.filter((s) => s.fiveClass !== null && s.minClass !== null && s.fiveClass < s.minClass);
  if (below.length) {
    issues.push({
      kind: 'class_below_dpd_floor',
      dates: below.map((s) => s.date),
      values: { months: below.length, first: below[0].date, worst_dpd: Math.max(...below.map((s) => s.dpd ?? 0)) },
    });
    for (const s of below) mark(['snapshot'], 'class_below_dpd_floor', s.date);
  }
  if (defaultDate && snaps.length) {
    const before = snaps.filter((s) => s.date < defaultDate);
    if (before.length && before.every((s) => (s.dpd ?? 0) === 0) && daysBetween(before[before.length - 1].date, defaultDate) <= 31) {
      issues.push({ kind: 'default_without_overdue', dates: [defaultDate], values: { default: defaultDate } });
      mark(['default'], 'default_without_overdue');
    }
  }
  if (defaultDate && origination) {
    const months = monthIndex(defaultDate) - monthIndex(origination) - (Number(defaultDate.slice(8, 10)) < Number(origination.slice(8, 10)) ? 1 : 0);
    const limit = `${String(Number(origination.slice(0, 4)) + EARLY_DEFAULT_MONTHS / 12).padStart(4, '0')}${origination.slice(4)}`;
    if (defaultDate <= limit) {
      issues.push({ kind: 'early_default', dates: [origination, defaultDate], values: { origination, default: defaultDate, months } });
      mark(['default'], 'early_default');
    }
  }
  if (asOf) push({ kind: 'as_of', lane: 'status', date: asOf, detail: {} });

  events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { events, issues };
}
