import { ident, type Fragment } from '../../sql/quote';
import type { SqlParam } from '../../db/types';
import type { FilterSet } from '../../sql/filters';
import { featureRowsSql, type FeatureSpec } from './features';
import type { OutcomeSpec, SplitSpec } from './spec';

/** The development table: loan_facts + model features + `_y` (1 bad, 0 good, NULL unknown) + `_sample` ('dev' | 'val'). */
export const MODEL_BASE = 'model_base';
export const DEV: FilterSet = [{ dimension: '_sample', values: ['dev'] }];
export const VAL: FilterSet = [{ dimension: '_sample', values: ['val'] }];

function wholeMonths(n: number): number {
  if (!Number.isFinite(n) || n < 1) throw new Error('The outcome window must be at least one month');
  return Math.trunc(n);
}

/** The bad outcome as 1 / 0 / NULL over a `loan_facts` row (and `w._window_dpd` when snapshots are used). */
export function outcomeSql(outcome: OutcomeSpec, hasSnapshots: boolean): Fragment {
  if (outcome.kind === 'default') return { sql: 'CAST(loan_facts.is_defaulted AS INTEGER)', params: [] };
  if (!Number.isFinite(outcome.threshold)) throw new Error('The DPD threshold must be a number');
  const months = wholeMonths(outcome.months);
  const observed = 'loan_facts.as_of_date >= loan_facts.origination_date + to_months(CAST(? AS INTEGER))';
  // Without snapshots only the default date and today's DPD are known: a loan is bad when it
  // defaulted inside the window, or is over the threshold now while still inside it.
  const bad = hasSnapshots
    ? 'coalesce(w._window_dpd, 0) > ?'
    : '((loan_facts.default_on IS NOT NULL AND loan_facts.default_on <= loan_facts.origination_date + to_months(CAST(? AS INTEGER))) OR (loan_facts.dpd > ? AND NOT (' + observed + ')))';
  const badParams: SqlParam[] = hasSnapshots ? [outcome.threshold] : [months, outcome.threshold, months];
  return { sql: `CASE WHEN ${bad} THEN 1 WHEN ${observed} THEN 0 END`, params: [...badParams, months] };
}

/** Max DPD of each loan's snapshots within the outcome window. */
function windowJoin(outcome: OutcomeSpec, hasSnapshots: boolean): Fragment {
  if (outcome.kind !== 'dpd' || !hasSnapshots) return { sql: '', params: [] };
  return {
    sql: `LEFT JOIN (SELECT s.loan_id, max(s.dpd) AS _window_dpd FROM snapshots s JOIN loan_facts l ON l.loan_id = s.loan_id
  WHERE s.snapshot_date <= l.origination_date + to_months(CAST(? AS INTEGER)) GROUP BY s.loan_id) w ON w.loan_id = loan_facts.loan_id`,
    params: [wholeMonths(outcome.months)],
  };
}

/** 'dev' or 'val': a seeded hash of the loan id (reproducible in any DuckDB), origination before a date, or the export's own split column. */
export function sampleSql(split: SplitSpec): Fragment {
  if (split.kind === 'column') {
    if (!split.devValues.length) throw new Error('Choose the value that marks development loans');
    const col = `CAST(loan_facts.${ident(split.column)} AS VARCHAR)`;
    return {
      sql: `CASE WHEN ${col} IS NULL THEN NULL WHEN ${col} IN (${split.devValues.map(() => '?').join(', ')}) THEN 'dev' ELSE 'val' END`,
      params: [...split.devValues],
    };
  }
  if (split.kind === 'date') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(split.cutoff)) throw new Error('The split date must be YYYY-MM-DD');
    return { sql: "CASE WHEN loan_facts.origination_date < CAST(? AS DATE) THEN 'dev' ELSE 'val' END", params: [split.cutoff] };
  }
  if (!(split.devShare > 0 && split.devShare < 1)) throw new Error('The development share must be between 0 and 1');
  return {
    sql: "CASE WHEN (hash(CAST(loan_facts.loan_id AS VARCHAR) || '#' || CAST(? AS VARCHAR)) % 1000000) / 1000000.0 < ? THEN 'dev' ELSE 'val' END",
    params: [String(Math.trunc(split.seed)), split.devShare],
  };
}

/** `CREATE OR REPLACE TABLE model_base AS …` for one outcome and split. */
export function modelBaseSql(features: readonly FeatureSpec[], outcome: OutcomeSpec, split: SplitSpec, hasSnapshots: boolean): Fragment {
  const y = outcomeSql(outcome, hasSnapshots);
  const sample = sampleSql(split);
  const select = featureRowsSql(features, {
    columns: [
      { sql: `${y.sql} AS _y`, params: y.params },
      { sql: `${sample.sql} AS _sample`, params: sample.params },
    ],
    join: windowJoin(outcome, hasSnapshots),
  });
  return { sql: `CREATE OR REPLACE TABLE ${MODEL_BASE} AS ${select.sql}`, params: select.params };
}
