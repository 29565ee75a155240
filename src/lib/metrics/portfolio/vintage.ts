import { rows, type Row } from '../../db/rows';
import type { FilterSet } from '../../sql/filters';
import type { Fragment } from '../../sql/quote';
import type { MetricQuery } from '../query';
import { DATE_PARAM, scope } from './sql';
import { num, ratio } from './values';

export type CohortPeriod = 'year' | 'quarter' | 'month';

/** Where the as-of date came from, in order of preference. */
export type AsOfSource = 'option' | 'snapshots' | 'as_of_date' | 'data';

export interface VintagePoint {
  monthsOnBook: number;
  /** Defaults at exactly this many months on book. */
  defaults: number;
  cumulativeDefaults: number;
  cumulativeDefaultedAmount: number;
  /** Cumulative defaults ÷ loans of the cohort. */
  cumulativeRateByCount: number | null;
  /** Cumulative defaulted origination amount ÷ origination amount of the cohort. */
  cumulativeRateByAmount: number | null;
}

export interface VintageCohort {
  /** '2023', '2023-Q2' or '2023-05'. */
  cohort: string;
  /** First day of the period. */
  start: string;
  loans: number;
  amount: number;
  /** Months every loan of the cohort has lived through by the as-of date; the curve stops there. */
  monthsObserved: number;
  /** From 0 to monthsObserved months on book. */
  points: VintagePoint[];
  /** Defaulted loans (flag set) without a default date: they cannot be placed on the curve. */
  undatedDefaults: number;
}

export interface Vintage {
  period: CohortPeriod;
  asOf: string | null;
  asOfSource: AsOfSource | null;
  cohorts: VintageCohort[];
}

export interface VintageOptions {
  period?: CohortPeriod;
  /** Explicit as-of date 'YYYY-MM-DD'. */
  asOf?: string;
  /** The book has a `snapshots` table: use its latest snapshot date when no as-of is given. */
  hasSnapshots?: boolean;
}

const COHORT_KEY: Record<CohortPeriod, { label: string; start: string }> = {
  year: { label: 'CAST(year(origination_date) AS VARCHAR)', start: "date_trunc('year', origination_date)" },
  quarter: {
    label: "CAST(year(origination_date) AS VARCHAR) || '-Q' || CAST(quarter(origination_date) AS VARCHAR)",
    start: "date_trunc('quarter', origination_date)",
  },
  month: { label: "strftime(origination_date, '%Y-%m')", start: "date_trunc('month', origination_date)" },
};

/**
 * As-of date for right-censoring: the explicit option; else the latest snapshot date (when the book
 * has snapshots); else the latest `as_of_date` of the loans; else the latest origination or default
 * date seen in the book (the data cannot have been observed before it). Computed over the whole book
 * so that a filter does not move it.
 */
function asOfCte(options: VintageOptions): Fragment {
  if (options.asOf !== undefined) return { sql: `SELECT ${DATE_PARAM} AS d, 'option' AS source`, params: [options.asOf] };
  const snap = options.hasSnapshots ? '(SELECT max(snapshot_date) FROM snapshots)' : 'CAST(NULL AS DATE)';
  return {
    sql: `SELECT coalesce(c.snap, c.stated, c.seen) AS d,
      CASE WHEN c.snap IS NOT NULL THEN 'snapshots' WHEN c.stated IS NOT NULL THEN 'as_of_date' WHEN c.seen IS NOT NULL THEN 'data' END AS source
    FROM (SELECT ${snap} AS snap, max(as_of_date) AS stated,
      greatest(max(origination_date), max(default_date)) AS seen FROM src) c`,
    params: [],
  };
}

/**
 * Vintage curves (DOMAIN.md): for each origination cohort, the cumulative default rate at m months
 * on book, m = reporting months from origination to default date (facts.ts months_to_default,
 * DuckDB's date_diff('month', …)); the cohort's observed months are counted the same way.
 * Balance weighting uses the amount drawn at origination, the balance the cohort started with
 * (the current balance of a defaulted loan no longer shows its exposure).
 * Right-censoring: a cohort's curve stops at the months its youngest loan has lived through by the
 * as-of date, so every point's denominator has been observed that long. Loans originated after the
 * as-of date and defaults after it are left out.
 */
export function vintageQuery(filters: FilterSet, options: VintageOptions = {}): MetricQuery<Vintage> {
  const base = scope(filters);
  const period = options.period ?? 'year';
  const key = COHORT_KEY[period];
  const asOf = asOfCte(options);
  const sql = `${base.sql},
horizon AS (${asOf.sql}),
cohort_loans AS (
  SELECT ${key.label} AS cohort, CAST(${key.start} AS DATE) AS start, origination_date, coalesce(amount, 0) AS amount,
    CASE WHEN default_on <= horizon.d THEN greatest(months_to_default, 0) END AS mob,
    is_defaulted AND default_on IS NULL AS undated
  FROM f, horizon WHERE origination_date IS NOT NULL AND origination_date <= horizon.d),
cohorts AS (
  SELECT cohort, min(start) AS start, count(*) AS loans, sum(amount) AS amount,
    date_diff('month', max(origination_date), (SELECT d FROM horizon)) AS observed,
    count(*) FILTER (WHERE undated) AS undated
  FROM cohort_loans GROUP BY cohort),
grid AS (SELECT cohort, unnest(range(0, observed + 1)) AS mob FROM cohorts),
events AS (SELECT cohort, mob, count(*) AS n, sum(amount) AS amount FROM cohort_loans WHERE mob IS NOT NULL GROUP BY cohort, mob),
curve AS (
  SELECT g.cohort, g.mob, coalesce(e.n, 0) AS n,
    sum(coalesce(e.n, 0)) OVER w AS cum_n, sum(coalesce(e.amount, 0)) OVER w AS cum_amount
  FROM grid g LEFT JOIN events e ON e.cohort = g.cohort AND e.mob = g.mob
  WINDOW w AS (PARTITION BY g.cohort ORDER BY g.mob))
SELECT horizon.d AS as_of, horizon.source, c.cohort, c.start, c.loans, c.amount, c.observed, c.undated,
  curve.mob, curve.n, curve.cum_n, curve.cum_amount
FROM horizon LEFT JOIN cohorts c ON true LEFT JOIN curve ON curve.cohort = c.cohort
ORDER BY c.start, curve.mob`;
  return {
    needs: ['origination_date', 'default_date'],
    sql,
    params: [...base.params, ...asOf.params],
    shape(table) {
      const rs = rows(table);
      const head = rs[0];
      return {
        period,
        asOf: (head?.as_of as string | null) ?? null,
        asOfSource: (head?.source as AsOfSource | null) ?? null,
        cohorts: cohortsOf(rs.filter((r) => r.cohort !== null)),
      };
    },
  };
}

function cohortsOf(rs: Row[]): VintageCohort[] {
  const byCohort = new Map<string, Row[]>();
  for (const r of rs) {
    const k = String(r.cohort);
    byCohort.set(k, [...(byCohort.get(k) ?? []), r]);
  }
  return [...byCohort.entries()].map(([cohort, points]) => {
    const first = points[0];
    const loans = num(first.loans);
    const amount = num(first.amount);
    return {
      cohort,
      start: String(first.start),
      loans,
      amount,
      monthsObserved: num(first.observed),
      undatedDefaults: num(first.undated),
      points: points.map((p) => ({
        monthsOnBook: num(p.mob),
        defaults: num(p.n),
        cumulativeDefaults: num(p.cum_n),
        cumulativeDefaultedAmount: num(p.cum_amount),
        cumulativeRateByCount: ratio(num(p.cum_n), loans),
        cumulativeRateByAmount: ratio(num(p.cum_amount), amount),
      })),
    };
  });
}
