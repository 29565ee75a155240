import { rows, type Row, type Value } from '../../db/rows';
import type { FilterSet } from '../../sql/filters';
import { sourceField } from '../../schema/facts-columns';
import { ident } from '../../sql/quote';
import { aggregateQuery, type AggregatePlan, type AggregateQuery } from '../plan';
import { DEFAULT_MIN_COUNT } from '../portfolio/breakdown';
import { BOOK_LGD_SQL, FIGURES, MEASURES, type OverviewFigureKey } from '../portfolio/overview';
import { DEFAULT_OUTCOME, fieldsOf, presenceSql, unmet, type Requirement } from '../portfolio/requirements';
import { factsAsOfSnapshotSql, type ScopeOptions } from '../portfolio/sql';
import { num, numOrNull } from '../portfolio/values';
import { layoutValid, type PivotLayout, type PivotLevel, type PivotMeasure } from './layout';

/**
 * The pivot's figures, one definition each: the overview's (FIGURES over its additive MEASURES)
 * and the breakdown's share and lift, written over the grouped measures `g` and the population's
 * totals `t_*`. The SQL is the overview's own text, so a pivot cell and an Overview tile over the
 * same loans are the same number.
 */
const EXTRA: Record<'balanceShare' | 'lift', { sql: string; needs: readonly Requirement[] }> = {
  balanceShare: { sql: 'balance / nullif(t_balance, 0)', needs: ['balance'] },
  lift: { sql: '(defaults / nullif(loans, 0)) / nullif(t_defaults / nullif(t_loans, 0), 0)', needs: [DEFAULT_OUTCOME] },
};

function definition(m: PivotMeasure): { sql: string; needs: readonly Requirement[] } {
  return m === 'balanceShare' || m === 'lift' ? EXTRA[m] : FIGURES[m as OverviewFigureKey];
}

/** One cell of the grid, a subtotal or a total: `row`/`column` hold the values of the levels it is grouped by (a prefix). */
export interface PivotCell {
  row: Value[];
  column: Value[];
  loans: number;
  values: Partial<Record<PivotMeasure, number | null>>;
}

export interface PivotData {
  layout: PivotLayout;
  minCount: number;
  /** Every cell, subtotal and total that has loans; the grand total has empty keys. */
  cells: PivotCell[];
  /** Per measure, the fields the book lacks for it (empty: shown). */
  missing: Partial<Record<PivotMeasure, string[]>>;
}

export interface PivotOptions extends ScopeOptions {
  minCount?: number;
  /** Fields the user mapped: an unmapped field makes its measures missing. */
  mapped?: ReadonlySet<string>;
}

/** A level's grouping expression over the rows (`snap_date` is the snapshot's date, see `snapshotRows`). */
function levelSql(l: PivotLevel): string {
  if (!l.grain) return ident(l.field);
  const col = l.field === 'snapshot_date' ? 'snap_date' : ident(l.field);
  return `CAST(date_trunc('${l.grain}', ${col}) AS DATE)`;
}

/**
 * Loans × snapshots, one row per loan at the last snapshot date of each period (a stock is read at
 * the period's end, so a quarter is not three months added up). As in the as-of view
 * (portfolio/sql.ts): balance, DPD and class (and what follows from them) are the snapshot's, a loan
 * counts as defaulted when its default date is on or before the snapshot date. Filters act on the
 * loans as they are now, like the trend (portfolio/trend.ts).
 */
export function snapshotRows(grain: string): string {
  return `(SELECT ${factsAsOfSnapshotSql('f', 's.snapshot_date')},
      s.snapshot_date AS snap_date
    FROM f JOIN snapshots s ON s.loan_id = f.loan_id
    WHERE s.snapshot_date IN (SELECT max(snapshot_date) FROM snapshots WHERE snapshot_date IS NOT NULL GROUP BY date_trunc('${grain}', snapshot_date)))`;
}

/** Grouping sets: every prefix of the row levels with every prefix of the column levels. */
function groupingSets(r: string[], c: string[]): string {
  const sets: string[] = [];
  for (let i = r.length; i >= 0; i--) for (let j = c.length; j >= 0; j--) sets.push(`(${[...r.slice(0, i), ...c.slice(0, j)].join(', ')})`);
  return sets.join(', ');
}

/** How many of the levels a grouping-set row is grouped by. */
function depthSql(keys: string[]): string {
  return keys.length ? `${keys.length} - (${keys.map((k) => `grouping(${k})`).join(' + ')})` : '0';
}

/**
 * The pivot: the measures per finest cell (rows × columns), summed up in SQL to every subtotal
 * and the total (sums of the additive measures, then each figure's formula), so subtotals are
 * figures of their own loans, never sums or averages of rates.
 */
export function pivotQuery(filters: FilterSet, layout: PivotLayout, options: PivotOptions = {}): AggregateQuery<PivotData> {
  if (!layoutValid(layout)) throw new Error('Invalid pivot layout');
  const minCount = options.minCount ?? DEFAULT_MIN_COUNT;
  const r = layout.rows.map((_, i) => `r${i}`);
  const c = layout.columns.map((_, i) => `c${i}`);
  const snapshot = [...layout.rows, ...layout.columns].find((l) => l.field === 'snapshot_date');
  const groupBy = Object.fromEntries([...layout.rows.map((l, i) => [r[i], levelSql(l)]), ...layout.columns.map((l, i) => [c[i], levelSql(l)])]);
  const keys = [...r, ...c];
  const measureNames = Object.keys(MEASURES);
  const requirements = layout.measures.flatMap((m) => definition(m).needs);
  const figures = layout.measures.map((m, i) => `${definition(m).sql} AS m${i}`);
  const plan: AggregatePlan = {
    filters,
    source: snapshot ? {} : { asOf: options.asOf },
    rows: snapshot ? snapshotRows(snapshot.grain ?? 'month') : undefined,
    groupBy,
    measures: MEASURES,
    finish: `, g AS (SELECT ${[...keys, `${depthSql(r)} AS row_depth`, `${depthSql(c)} AS col_depth`, ...measureNames.map((m) => `CAST(sum(${m}) AS DOUBLE) AS ${m}`)].join(', ')}
  FROM agg${keys.length ? ` GROUP BY GROUPING SETS (${groupingSets(r, c)})` : ''}),
tot AS (SELECT balance AS t_balance, defaults AS t_defaults, loans AS t_loans FROM g WHERE row_depth = 0 AND col_depth = 0),
lgd AS (SELECT ${BOOK_LGD_SQL} AS book_lgd),
presence AS (${presenceSql(fieldsOf([...requirements, ...layout.measures.length ? ['balance'] : []]))})
SELECT ${[...keys, 'row_depth', 'col_depth', 'loans AS n_loans', ...figures].join(', ')}, presence.*
FROM g, tot, lgd, presence
WHERE coalesce(loans, 0) > 0 OR (row_depth = 0 AND col_depth = 0)
ORDER BY row_depth, col_depth`,
  };
  const needs = [...layout.rows, ...layout.columns].filter((l) => l.field !== 'snapshot_date').map((l) => sourceField(l.field));
  return aggregateQuery(plan, [...new Set(needs)], (table) => {
    const rs = rows(table);
    const head: Row = rs[0] ?? {};
    const missing = Object.fromEntries(layout.measures.map((m) => [m, unmet(definition(m).needs, head, options.mapped)])) as PivotData['missing'];
    const cells = rs.map((x) => {
      const rd = num(x.row_depth);
      const cd = num(x.col_depth);
      const values: PivotCell['values'] = {};
      layout.measures.forEach((m, i) => {
        values[m] = missing[m]?.length ? null : numOrNull(x[`m${i}`]);
      });
      return { row: r.slice(0, rd).map((k) => x[k]), column: c.slice(0, cd).map((k) => x[k]), loans: num(x.n_loans), values };
    });
    return { layout, minCount, cells, missing };
  });
}
