import type { SqlParam } from '../../db/types';
import { whereClause, type FilterSet } from '../../sql/filters';
import type { Fragment } from '../../sql/quote';
import { dpdBucketSql } from '../dpd';

/**
 * SQL pieces shared by the portfolio metrics. Every metric query starts with `scope()`, which
 * defines two CTEs: `src` (the whole book, one row per loan) and `f` (the filtered population).
 * Metrics read `f`; only the "is this field mapped at all?" checks read `src`.
 */


/** A date bound as a parameter ('YYYY-MM-DD'). */
export const DATE_PARAM = 'CAST(? AS DATE)';

export interface ScopeOptions {
  /**
   * Snapshot date ('YYYY-MM-DD') to view the book "as of": balance, DPD and class (and what is
   * derived from them) come from `snapshots` at that date; only loans present at that date count;
   * a loan counts as defaulted (loan_facts.is_defaulted) when its default date is on or before that
   * date (a defaulted loan without a date counts at every date — there is nothing to place it by).
   */
  asOf?: string;
}

/**
 * `WITH src AS (…), f AS (SELECT * FROM src WHERE <filters>)` — append further CTEs with `,`.
 * `src` is NOT MATERIALIZED: a CTE referenced twice is otherwise materialised with all its
 * columns, which made the trend query over three times slower on the sample book.
 */
export function scope(filters: FilterSet, options: ScopeOptions = {}): Fragment {
  const where = whereClause(filters);
  const src = options.asOf === undefined ? currentSource() : asOfSource(options.asOf);
  return {
    sql: `WITH src AS NOT MATERIALIZED (${src.sql}),\nf AS (SELECT * FROM src ${where.sql})`,
    params: [...src.params, ...where.params],
  };
}

function currentSource(): Fragment {
  return { sql: 'SELECT * FROM loan_facts', params: [] };
}

/**
 * A loan's facts as of a snapshot: `facts.* REPLACE (…)` with balance, DPD, class and what follows from
 * them taken from the snapshot row `s`, and defaulted only when the default date is on or before `date`;
 * a charge-off (and its recovery) dated after the snapshot is not known yet, so it is left out.
 * is_defaulted is replaced in place, so `SELECT *` keeps one column of that name.
 */
export function factsAsOfSnapshotSql(facts: string, date: string): string {
  return `${facts}.* REPLACE (
        s.balance AS balance,
        s.dpd AS dpd,
        s.five_class AS five_class,
        CASE WHEN s.five_class IS NULL THEN NULL ELSE s.five_class >= 3 END AS is_npl,
        ${dpdBucketSql('s.dpd')} AS dpd_bucket,
        CASE WHEN ${facts}.collateral_value > 0 THEN coalesce(s.balance, ${facts}.amount) / ${facts}.collateral_value END AS ltv,
        CASE WHEN (SELECT exposure_basis FROM book_outcome) = 'balance' THEN s.balance ELSE ${facts}.amount END AS exposure,
        ${facts}.is_defaulted AND coalesce(${facts}.default_on <= ${date}, true) AS is_defaulted,
        CASE WHEN coalesce(${facts}.chargeoff_date <= s.snapshot_date, true) THEN ${facts}.chargeoff_amount END AS chargeoff_amount,
        CASE WHEN coalesce(${facts}.chargeoff_date <= s.snapshot_date, true) THEN ${facts}.recovery_amount END AS recovery_amount)`;
}

function asOfSource(asOf: string): Fragment {
  const params: SqlParam[] = [asOf, asOf];
  return {
    sql: `SELECT ${factsAsOfSnapshotSql('lf', DATE_PARAM)}
      FROM loan_facts lf JOIN snapshots s ON s.loan_id = lf.loan_id AND s.snapshot_date = ${DATE_PARAM}`,
    params,
  };
}
