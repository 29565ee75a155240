import { rows } from '../../db/rows';
import type { FilterSet } from '../../sql/filters';
import type { MetricQuery } from '../query';
import { overviewQuery, type Overview, type OverviewOptions } from './overview';
import { scope } from './sql';
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
export function trendQuery(filters: FilterSet, options: { inclusiveTolerancePoints?: number } = {}): MetricQuery<TrendPoint[]> {
  const base = scope(filters);
  const npl = (extra: string) => `coalesce(sum(balance) FILTER (WHERE five_class >= 3${extra}), 0)`;
  const classified = (extra: string) => `sum(balance) FILTER (WHERE five_class IS NOT NULL${extra})`;
  return {
    needs: ['balance', 'five_class'],
    sql: `${base.sql},
s AS (
  SELECT s.snapshot_date AS d, s.balance, s.dpd, s.five_class, f.is_inclusive_sme, f.default_date
  FROM snapshots s JOIN f ON f.loan_id = s.loan_id WHERE s.snapshot_date IS NOT NULL)
SELECT d AS date, count(*) AS loans, coalesce(sum(balance), 0) AS balance,
  ${npl('')} / nullif(${classified('')}, 0) AS npl_ratio_balance,
  count(*) FILTER (WHERE five_class >= 3) / nullif(count(five_class), 0) AS npl_ratio_count,
  coalesce(sum(balance) FILTER (WHERE dpd > 0), 0) / nullif(sum(balance) FILTER (WHERE dpd IS NOT NULL), 0) AS overdue_ratio,
  coalesce(sum(balance) FILTER (WHERE dpd > 90), 0) / nullif(sum(balance) FILTER (WHERE dpd IS NOT NULL), 0) AS dpd90_ratio,
  CASE WHEN (SELECT count(default_date) FROM src) > 0 THEN count(*) FILTER (WHERE default_date <= d) / count(*) END AS default_rate,
  ${npl(' AND is_inclusive_sme')} / nullif(${classified(' AND is_inclusive_sme')}, 0) AS inclusive_npl_ratio
FROM s GROUP BY d ORDER BY d`,
    params: base.params,
    shape(table) {
      return rows(table).map((r) => {
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
      });
    },
  };
}

/**
 * The overview as of a snapshot date: balance, DPD and class (and NPL, DPD bucket, LTV derived from
 * them) taken from `snapshots` at that date; only loans with a snapshot then; filters apply to those
 * values. Defaults count when dated on or before the date (see ScopeOptions.asOf).
 */
export function overviewAsOfQuery(filters: FilterSet, date: string, options: Omit<OverviewOptions, 'asOf'> = {}): MetricQuery<Overview> {
  return overviewQuery(filters, { ...options, asOf: date });
}
