import { rows } from '../../db/rows';
import type { FilterSet } from '../../sql/filters';
import type { MetricQuery } from '../query';
import { aggregateQuery, type AggregatePlan, type AggregateQuery } from '../plan';
import { overviewQuery, type Overview, type OverviewOptions } from './overview';
import { inclusiveTolerance, INCLUSIVE_NPL_TOLERANCE_POINTS, type InclusiveTolerance } from './tolerance';
import { num, numOrNull } from './values';

export interface SnapshotDate {
  date: string;
  loans: number;
}

/** The snapshot dates of the book, oldest first, for an "as of" picker. */
export function snapshotDatesQuery(): MetricQuery<SnapshotDate[]> {
  return {
    needs: [],
    sql: 'SELECT snapshot_date AS date, count(*) AS loans FROM snapshots WHERE snapshot_date IS NOT NULL GROUP BY 1 ORDER BY 1',
    params: [],
    shape: (table) => rows(table).map((r) => ({ date: String(r.date), loans: num(r.loans) })),
  };
}

export interface TrendPoint {
  date: string;
  /** Loans with a snapshot at this date, and their balance then. */
  loans: number;
  balance: number;
  /** Snapshot class 3–5 balance ÷ balance with a class. */
  nplRatioBalance: number | null;
  nplRatioCount: number | null;
  /** Balance with DPD > 0 (and > 90) ÷ balance with a DPD. */
  overdueRatio: number | null;
  dpd90Ratio: number | null;
  /**
   * Loans with a default date on or before this date ÷ loans on the book at this date; null when the
   * book has no default dates (a flag alone cannot be placed in time).
   */
  defaultRate: number | null;
  inclusiveTolerance: InclusiveTolerance;
}

/**
 * Headline ratios per snapshot date: balance, DPD and class from `snapshots`; the loan dimensions
 * (and the filters on them) from `loan_facts`, i.e. as the loan is described now. A loan is on the
 * book at a date when it has a snapshot then.
 */
export function trendQuery(filters: FilterSet, options: { inclusiveTolerancePoints?: number } = {}): AggregateQuery<TrendPoint[]> {
  const npl = (extra: string) => `coalesce(sum(snap_balance) FILTER (WHERE snap_class >= 3${extra}), 0)`;
  const classified = (extra: string) => `sum(snap_balance) FILTER (WHERE snap_class IS NOT NULL${extra})`;
  const plan: AggregatePlan = {
    filters,
    source: {},
    // The snapshot's values under their own names: the loan's columns (which filters read) stay as they are.
    rows: `(SELECT s.snapshot_date AS d, s.balance AS snap_balance, s.dpd AS snap_dpd, s.five_class AS snap_class, f.*
  FROM snapshots s JOIN f ON f.loan_id = s.loan_id WHERE s.snapshot_date IS NOT NULL)`,
    groupBy: { date: 'd' },
    measures: {
      loans: 'count(*)',
      balance: 'coalesce(sum(snap_balance), 0)',
      npl_balance: npl(''),
      classified_balance: classified(''),
      npl_loans: 'count(*) FILTER (WHERE snap_class >= 3)',
      classified_loans: 'count(snap_class)',
      overdue_balance: 'coalesce(sum(snap_balance) FILTER (WHERE snap_dpd > 0), 0)',
      dpd90_balance: 'coalesce(sum(snap_balance) FILTER (WHERE snap_dpd > 90), 0)',
      dpd_balance: 'sum(snap_balance) FILTER (WHERE snap_dpd IS NOT NULL)',
      defaulted_by_date: 'count(*) FILTER (WHERE default_on <= d)',
      inclusive_npl_balance: npl(' AND is_inclusive_sme'),
      inclusive_classified_balance: classified(' AND is_inclusive_sme'),
    },
    finish: `SELECT date, loans, balance,
  npl_balance / nullif(classified_balance, 0) AS npl_ratio_balance,
  npl_loans / nullif(classified_loans, 0) AS npl_ratio_count,
  overdue_balance / nullif(dpd_balance, 0) AS overdue_ratio,
  dpd90_balance / nullif(dpd_balance, 0) AS dpd90_ratio,
  CASE WHEN (SELECT has_dated_defaults FROM book_presence) THEN defaulted_by_date / loans END AS default_rate,
  inclusive_npl_balance / nullif(inclusive_classified_balance, 0) AS inclusive_npl_ratio
FROM agg ORDER BY date`,
  };
  return aggregateQuery(plan, ['balance', 'five_class'], (table) =>
    rows(table).map((r) => {
      const nplRatioBalance = numOrNull(r.npl_ratio_balance);
      return {
        date: String(r.date),
        loans: num(r.loans),
        balance: num(r.balance),
        nplRatioBalance,
        nplRatioCount: numOrNull(r.npl_ratio_count),
        overdueRatio: numOrNull(r.overdue_ratio),
        dpd90Ratio: numOrNull(r.dpd90_ratio),
        defaultRate: numOrNull(r.default_rate),
        inclusiveTolerance: inclusiveTolerance(
          numOrNull(r.inclusive_npl_ratio),
          nplRatioBalance,
          options.inclusiveTolerancePoints ?? INCLUSIVE_NPL_TOLERANCE_POINTS,
        ),
      };
    }),
  );
}

/**
 * The overview as of a snapshot date: balance, DPD and class (and NPL, DPD bucket, LTV derived from
 * them) taken from `snapshots` at that date; only loans with a snapshot then; filters apply to those
 * values. Defaults count when dated on or before the date (see ScopeOptions.asOf).
 */
export function overviewAsOfQuery(filters: FilterSet, date: string, options: Omit<OverviewOptions, 'asOf'> = {}): MetricQuery<Overview> {
  return overviewQuery(filters, { ...options, asOf: date });
}
