import { rows } from '../../db/rows';
import { whereClause, type FilterSet } from '../../sql/filters';
import type { MetricQuery } from '../query';
import { num } from '../portfolio/values';
import type { PivotLayout } from './layout';
import { snapshotRows } from './query';

export interface PivotPopulation {
  /** Distinct loans behind the pivot. */
  loans: number;
  /** Rows the pivot counts: loan × period when a level is the snapshot date, otherwise one per loan. */
  rows: number;
}

/**
 * Who a snapshot-level pivot is about: its cells count loan × period rows (a loan in eight
 * quarters is in eight cells and eight times in the grand total), so the caption states the
 * distinct loans beside the rows. Null for a layout without a snapshot level (its total is the loans).
 */
export function pivotPopulationQuery(filters: FilterSet, layout: PivotLayout): MetricQuery<PivotPopulation> | null {
  const snapshot = [...layout.rows, ...layout.columns].find((l) => l.field === 'snapshot_date');
  if (!snapshot) return null;
  const where = whereClause(filters);
  return {
    needs: [],
    sql: `WITH f AS (SELECT * FROM loan_facts ${where.sql})
SELECT count(DISTINCT loan_id) AS loans, count(*) AS n FROM ${snapshotRows(snapshot.grain ?? 'month')}`,
    params: where.params,
    shape: (t) => {
      const r = rows(t)[0] ?? {};
      return { loans: num(r.loans), rows: num(r.n) };
    },
  };
}
