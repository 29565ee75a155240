import { rows, type Row, type Value } from '../../db/rows';
import type { FilterSet } from '../../sql/filters';
import { sourceField } from '../../schema/facts-columns';
import { ident } from '../../sql/quote';
import { aggregateQuery, type AggregatePlan, type AggregateQuery } from '../plan';
import { DEFAULT_OUTCOME, fieldsOf, presenceSql, unmet, type Requirement } from './requirements';
import type { ScopeOptions } from './sql';
import { num, ratio } from './values';

/** Dimensions of `loan_facts` a breakdown is usually asked for (any column name works). */
export const BREAKDOWN_DIMENSIONS = [
  'industry', 'region', 'enterprise_size', 'product', 'collateral_type', 'guarantee_type', 'term_bucket',
  'amount_bucket', 'rating', 'branch', 'officer_id', 'vintage_year', 'repayment_method', 'approval_level',
  'dpd_bucket', 'five_class', 'is_inclusive_sme',
  'officer_tenure_band', 'officer_trained', 'relationship_band', 'first_inspection_band', 'above_authority', 'disbursed_before_approval',
] as const;

/** Segments with fewer loans than this are flagged `weak`: their rates rest on too few loans. */
export const DEFAULT_MIN_COUNT = 30;

export interface SegmentStats {
  loans: number;
  balance: number;
  /** What shares are measured on (`loan_facts.exposure`): the balance, or the original amount in a closed book. */
  exposure: number;
  /** Shares of the filtered population. */
  countShare: number | null;
  balanceShare: number | null;
  exposureShare: number | null;
  /** NPL balance ÷ balance of loans with a class. */
  nplRatio: number | null;
  /** Defaulted loans ÷ loans. */
  defaultRate: number | null;
  /** Segment default rate ÷ default rate of the whole filtered population (DOMAIN.md). */
  lift: number | null;
  /** Fewer loans than `minCount`. */
  weak: boolean;
}

export interface Segment extends SegmentStats {
  value: Value;
}

export interface PortfolioTotals {
  loans: number;
  balance: number;
  exposure: number;
  nplRatio: number | null;
  defaultRate: number | null;
}

export interface Breakdown {
  dimension: string;
  minCount: number;
  /** Sorted by exposure (balance; original amount in a closed book), largest first. */
  segments: Segment[];
  totals: PortfolioTotals;
  /** Unmet field requirements: nplRatio needs five_class and balance, defaultRate a default flag or date. */
  missing: string[];
}

export interface BreakdownOptions extends ScopeOptions {
  dimension: string;
  minCount?: number;
}

const REQUIREMENTS: readonly Requirement[] = ['balance', 'five_class', DEFAULT_OUTCOME];
const PRESENCE = presenceSql(fieldsOf(REQUIREMENTS));

/**
 * Aggregates every segment statistic is computed from: counts and sums, so a pre-aggregate can
 * answer them (metrics/plan.ts).
 */
const SEGMENT_MEASURES = {
  loans: 'count(*)',
  balance: 'coalesce(sum(balance), 0)',
  exposure: 'coalesce(sum(exposure), 0)',
  npl_balance: 'coalesce(sum(balance) FILTER (WHERE is_npl), 0)',
  classified_balance: 'coalesce(sum(balance) FILTER (WHERE five_class IS NOT NULL), 0)',
  defaults: 'count(*) FILTER (WHERE is_defaulted)',
} as const;

/** The population's totals are the sums over its segments. */
const TOTALS = `tot AS (SELECT ${Object.keys(SEGMENT_MEASURES).map((m) => `coalesce(sum(${m}), 0) AS ${m}`).join(', ')} FROM agg),
presence AS (${PRESENCE})`;

const TOTAL_COLUMNS = `tot.loans AS t_loans, tot.balance AS t_balance, tot.exposure AS t_exposure, tot.npl_balance AS t_npl_balance,
  tot.classified_balance AS t_classified_balance, tot.defaults AS t_defaults, presence.*`;

/** Count, balance, shares, NPL ratio, default rate and lift per value of one dimension. */
export function breakdownQuery(filters: FilterSet, options: BreakdownOptions): AggregateQuery<Breakdown> {
  const minCount = options.minCount ?? DEFAULT_MIN_COUNT;
  const plan: AggregatePlan = {
    filters,
    source: { asOf: options.asOf },
    groupBy: { value: ident(options.dimension) },
    measures: SEGMENT_MEASURES,
    finish: `, ${TOTALS}
SELECT agg.*, ${TOTAL_COLUMNS}
FROM presence, tot LEFT JOIN agg ON true
ORDER BY agg.exposure DESC, agg.loans DESC, agg.value NULLS LAST`,
  };
  return aggregateQuery(plan, [sourceField(options.dimension)], (table) => {
    const rs = rows(table);
    const head = rs[0] ?? {};
    const totals = totalsOf(head);
    return {
      dimension: options.dimension,
      minCount,
      segments: rs.filter((r) => r.loans !== null).map((r) => ({ value: r.value, ...statsOf(r, head, minCount) })),
      totals,
      missing: unmet(REQUIREMENTS, head),
    };
  });
}

export interface HeatmapCell extends SegmentStats {
  row: Value;
  column: Value;
}

export interface Heatmap {
  rowDimension: string;
  columnDimension: string;
  minCount: number;
  /** Row and column values, each ordered by their total exposure, largest first. */
  rowValues: Value[];
  columnValues: Value[];
  /** Only the non-empty cells; shares are of the whole filtered population. */
  cells: HeatmapCell[];
  totals: PortfolioTotals;
  missing: string[];
}

export interface HeatmapOptions extends ScopeOptions {
  rows: string;
  columns: string;
  minCount?: number;
}

/** Two-dimension breakdown (e.g. industry × region), for heatmaps of NPL ratio, default rate or lift. */
export function heatmapQuery(filters: FilterSet, options: HeatmapOptions): AggregateQuery<Heatmap> {
  const minCount = options.minCount ?? DEFAULT_MIN_COUNT;
  const plan: AggregatePlan = {
    filters,
    source: { asOf: options.asOf },
    groupBy: { row_value: ident(options.rows), column_value: ident(options.columns) },
    measures: SEGMENT_MEASURES,
    finish: `, ${TOTALS}
SELECT agg.*,
  sum(agg.exposure) OVER (PARTITION BY agg.row_value) AS row_exposure,
  sum(agg.exposure) OVER (PARTITION BY agg.column_value) AS column_exposure,
  ${TOTAL_COLUMNS}
FROM presence, tot LEFT JOIN agg ON true`,
  };
  return aggregateQuery(plan, [sourceField(options.rows), sourceField(options.columns)], (table) => {
    const rs = rows(table);
    const head = rs[0] ?? {};
    const cellsRows = rs.filter((x) => x.loans !== null);
    return {
      rowDimension: options.rows,
      columnDimension: options.columns,
      minCount,
      rowValues: orderedValues(cellsRows, 'row_value', 'row_exposure'),
      columnValues: orderedValues(cellsRows, 'column_value', 'column_exposure'),
      cells: cellsRows.map((x) => ({ row: x.row_value, column: x.column_value, ...statsOf(x, head, minCount) })),
      totals: totalsOf(head),
      missing: unmet(REQUIREMENTS, head),
    };
  });
}

function totalsOf(head: Row): PortfolioTotals {
  return {
    loans: num(head.t_loans),
    balance: num(head.t_balance),
    exposure: num(head.t_exposure),
    nplRatio: ratio(num(head.t_npl_balance), num(head.t_classified_balance)),
    defaultRate: ratio(num(head.t_defaults), num(head.t_loans)),
  };
}

function statsOf(r: Row, head: Row, minCount: number): SegmentStats {
  const loans = num(r.loans);
  const balance = num(r.balance);
  const exposure = num(r.exposure);
  const defaultRate = ratio(num(r.defaults), loans);
  return {
    loans,
    balance,
    exposure,
    countShare: ratio(loans, num(head.t_loans)),
    balanceShare: ratio(balance, num(head.t_balance)),
    exposureShare: ratio(exposure, num(head.t_exposure)),
    nplRatio: ratio(num(r.npl_balance), num(r.classified_balance)),
    defaultRate,
    lift: ratio(defaultRate, ratio(num(head.t_defaults), num(head.t_loans))),
    weak: loans < minCount,
  };
}

function orderedValues(rs: Row[], key: string, totalKey: string): Value[] {
  const totals = new Map<Value, number>();
  for (const r of rs) totals.set(r[key], num(r[totalKey]));
  return [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([v]) => v);
}
