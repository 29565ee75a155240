import { dpdBucketIndexSql } from '../dpd';
import { scope } from '../portfolio/sql';
import type { FilterSet } from '../../sql/filters';
import type { MetricQuery } from '../query';
import { cohortTransitionQuery, type TransitionMatrix } from '../portfolio/transition';
import { STATES, type StateBasis } from './curve';

interface StateRow {
  dpd: string;
  fiveClass: string;
  /** The loan had defaulted by then (the outcome of facts.ts). */
  defaulted: string;
}

/**
 * The risk state of a loan or a snapshot, as an index into STATES[basis]; the last one is default:
 * the outcome (defaulted by then) or the 90-DPD presumption on the DPD basis, an NPL class on the
 * class basis. A missing DPD or class counts as the best state.
 */
export function stateIndexSql(basis: StateBasis, r: StateRow): string {
  const d = STATES[basis].length - 1;
  if (basis === 'dpd') return `CASE WHEN ${r.defaulted} THEN ${d} ELSE coalesce(${dpdBucketIndexSql(r.dpd)}, 0) END`;
  return `CASE WHEN ${r.defaulted} OR ${r.fiveClass} >= 3 THEN ${d} WHEN ${r.fiveClass} = 2 THEN 1 ELSE 0 END`;
}

/**
 * The monthly transition matrix between risk states over the snapshots of the filtered loans: the
 * cohort estimator (portfolio/transition.ts) on each loan's consecutive snapshots.
 */
export function stateTransitionQuery(filters: FilterSet, basis: StateBasis): MetricQuery<TransitionMatrix> {
  const base = scope(filters);
  const state = stateIndexSql(basis, { dpd: 's.dpd', fiveClass: 's.five_class', defaulted: 'coalesce(f.default_on <= s.snapshot_date, false)' });
  const q = cohortTransitionQuery({
    relation: {
      sql: `(${base.sql} SELECT s.loan_id, s.snapshot_date, ${state} AS state FROM snapshots s JOIN f ON f.loan_id = s.loan_id)`,
      params: base.params,
    },
    entity: 'loan_id',
    time: 'snapshot_date',
    state: 'state',
    states: STATES[basis].map((_, i) => i),
  });
  return { ...q, needs: [basis === 'dpd' ? 'dpd' : 'five_class'] };
}

export interface VintageHazards {
  /** hazards[m − 1] = defaults in month on book m ÷ loans at risk then. */
  hazards: number[];
  atRisk: number[];
  defaults: number[];
}

/**
 * Monthly default hazards by month on book from the loans alone (books without snapshots): a loan
 * is at risk from month 1 to the month it defaulted (loan_facts.months_to_default, at least 1) or,
 * if it did not, to its months on book at the book's date. Defaulted loans without a date are left out.
 */
export function vintageHazardQuery(filters: FilterSet): MetricQuery<VintageHazards> {
  const base = scope(filters);
  return {
    needs: ['origination_date', 'outcome'],
    sql: `${base.sql},
l AS (
  SELECT coalesce(is_defaulted, false) AS d,
    CASE WHEN is_defaulted THEN greatest(months_to_default, 1)
      ELSE date_diff('month', origination_date, coalesce(as_of_date, (SELECT max(snapshot_date) FROM snapshots))) END AS exit_m
  FROM f WHERE origination_date IS NOT NULL AND NOT (coalesce(is_defaulted, false) AND months_to_default IS NULL)),
g AS (SELECT exit_m, count(*) AS n, count(*) FILTER (WHERE d) AS defaults FROM l WHERE exit_m >= 1 GROUP BY exit_m),
m AS (SELECT unnest(generate_series(1, (SELECT max(exit_m) FROM g))) AS m)
SELECT m.m, coalesce(sum(g.n) FILTER (WHERE g.exit_m >= m.m), 0) AS at_risk, coalesce(sum(g.defaults) FILTER (WHERE g.exit_m = m.m), 0) AS defaults
FROM m, g GROUP BY m.m ORDER BY m.m`,
    params: base.params,
    shape(table) {
      const out: VintageHazards = { hazards: [], atRisk: [], defaults: [] };
      for (let i = 0; i < table.numRows; i++) {
        const r = table.get(i)!.toJSON();
        const n = Number(r.at_risk);
        const d = Number(r.defaults);
        out.atRisk.push(n);
        out.defaults.push(d);
        out.hazards.push(n > 0 ? d / n : 0);
      }
      return out;
    },
  };
}
