import { literal } from '../../sql/quote';
import type { StageReason, StageRules } from './rules';

/**
 * IFRS 9 staging in SQL, one definition for every view: the stage of each loan of `f` (the scope's
 * filtered loans, as of its date) under the user's rules, and the first rule that put it there.
 */

/** The columns a stage condition reads, as SQL over one row (the loan, or a snapshot of it). */
interface Row {
  dpd: string;
  fiveClass: string;
  /** The loan had defaulted by then (the outcome of facts.ts). */
  defaulted: string;
}

interface Trigger {
  reason: StageReason;
  stage: 2 | 3;
  sql: string;
}

const LOAN: Row = { dpd: 'f.dpd', fiveClass: 'f.five_class', defaulted: 'coalesce(f.is_defaulted, false)' };

const int = (n: number): string => String(Math.trunc(n));

/** Rules that read DPD, class and the outcome: they can be tested on any snapshot. */
function observedTriggers(rules: StageRules, r: Row): Trigger[] {
  const out: Trigger[] = [{ reason: 'defaulted', stage: 3, sql: r.defaulted }];
  if (rules.impairedDpd !== null) out.push({ reason: 'impaired_dpd', stage: 3, sql: `${r.dpd} > ${int(rules.impairedDpd)}` });
  if (rules.impairedNpl) out.push({ reason: 'impaired_npl', stage: 3, sql: `${r.fiveClass} >= 3` });
  if (rules.dpdBackstop !== null) out.push({ reason: 'dpd_backstop', stage: 2, sql: `${r.dpd} > ${int(rules.dpdBackstop)}` });
  if (rules.classDowngrade !== null) out.push({ reason: 'class_downgrade', stage: 2, sql: `${r.fiveClass} >= ${int(rules.classDowngrade)}` });
  return out;
}

/** The position of a rating on the user's scale (1 = best), NULL off the scale. */
function ratingPosition(rules: StageRules, column: string): string {
  const scale = rules.ratingScale.map((s) => literal(s.trim().toUpperCase())).join(', ');
  return `list_position([${scale}], upper(trim(${column})))`;
}

/** Rules on the loan as it stands (rating, restructuring, watch list). */
function loanTriggers(rules: StageRules): Trigger[] {
  const out: Trigger[] = [];
  if (rules.ratingNotches !== null) {
    out.push({
      reason: 'rating_downgrade',
      stage: 2,
      sql: `${ratingPosition(rules, 'f.rating')} - ${ratingPosition(rules, 'f.origination_rating')} >= ${int(rules.ratingNotches)}`,
    });
  }
  if (rules.restructured) out.push({ reason: 'restructured', stage: 2, sql: 'f.is_restructured' });
  if (rules.watchList.length > 0) {
    const ids = rules.watchList.map(literal).join(', ');
    out.push({ reason: 'watch_list', stage: 2, sql: `(f.loan_id IN (${ids}) OR f.borrower_id IN (${ids}))` });
  }
  return out;
}

/** The loan met a stage 2 or 3 rule at a snapshot within the cure period before its staging date. */
function cureSql(rules: StageRules): string | null {
  if (rules.cureMonths <= 0) return null;
  const s: Row = { dpd: 's.dpd', fiveClass: 's.five_class', defaulted: 'coalesce(f.default_on <= s.snapshot_date, false)' };
  const any = observedTriggers(rules, s).map((t) => `(${t.sql})`).join(' OR ');
  return `EXISTS (SELECT 1 FROM snapshots s WHERE s.loan_id = f.loan_id
      AND s.snapshot_date <= f.stage_date AND s.snapshot_date > f.stage_date - INTERVAL ${int(rules.cureMonths)} MONTH
      AND (${any}))`;
}

/** The date a loan is staged at: the scope's as-of date, else the book's date (the loan's, or the last snapshot). */
export function stageDateSql(asOf: string | undefined): string {
  if (asOf !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new Error(`Not a date: ${asOf}`);
    return `DATE ${literal(asOf)}`;
  }
  return 'coalesce(f.as_of_date, (SELECT max(snapshot_date) FROM snapshots))';
}

/**
 * `staged AS (…)`: every column of `f` plus `stage_date`, `stage` (1–3) and `stage_reason`. The given
 * stage wins where the rules say to use it; then stage 3 rules, stage 2 rules, the cure period, stage 1.
 */
export function stagedCte(rules: StageRules, asOf: string | undefined): string {
  const ordered: Trigger[] = [...observedTriggers(rules, LOAN), ...loanTriggers(rules)].sort((a, b) => b.stage - a.stage);
  const cure = cureSql(rules);
  const whens: { reason: StageReason; stage: string; sql: string }[] = [
    ...(rules.useGiven ? [{ reason: 'given' as const, stage: 'f.ifrs9_stage', sql: 'f.ifrs9_stage IN (1, 2, 3)' }] : []),
    ...ordered.map((t) => ({ reason: t.reason, stage: String(t.stage), sql: `coalesce(${t.sql}, false)` })),
    ...(cure ? [{ reason: 'cure' as const, stage: '2', sql: cure }] : []),
  ];
  const stage = `CASE ${whens.map((w) => `WHEN ${w.sql} THEN ${w.stage}`).join(' ')} ELSE 1 END`;
  const reason = `CASE ${whens.map((w) => `WHEN ${w.sql} THEN '${w.reason}'`).join(' ')} ELSE 'performing' END`;
  return `dated AS (SELECT f.*, ${stageDateSql(asOf)} AS stage_date FROM f),
staged AS (SELECT f.*, CAST(${stage} AS INTEGER) AS stage, ${reason} AS stage_reason FROM dated f)`;
}
