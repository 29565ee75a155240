import { rows, type Row } from '../../db/rows';
import type { FilterSet } from '../../sql/filters';
import { ident, literal } from '../../sql/quote';
import { wordsFor } from '../../schema/vocabulary';
import { normSql } from '../../schema/parsers';
import { scope, type ScopeOptions } from '../portfolio/sql';
import { num } from '../portfolio/values';
import type { MetricQuery } from '../query';
import { curveCte, MAX_MONTHS, type PdCurve } from './curve';
import type { StageRules } from './rules';
import { stagedCte } from './staging';
import { stateIndexSql } from './states';

/**
 * Expected credit loss the IFRS 9 way, per loan (../shared/golden/README.md's conventions):
 * ECL = Σₜ marginal PDₜ × LGD × EADₜ × DFₜ over 12 months in stage 1 and to maturity in stage 2;
 * LGD × EAD in stage 3.
 * - EAD of month t = the balance at the start of month t: flat for bullet and interest-only loans,
 *   an annuity's balance for equal instalments, linear to zero for equal principal and any other.
 * - DFₜ = (1 + r ÷ 12)^(−t), r the loan's annual rate (0 when the rate is unknown: undiscounted).
 * - Remaining months = months from the staging date to maturity, else term minus months on book,
 *   else 12; at least 1.
 * - LGD = the loan's own, else the book's realised LGD over all its charged-off loans (book_presence,
 *   the same at every date: a movement between two dates changes no LGD), else `lgd`.
 * Only loans still on the book (balance > 0) carry an ECL.
 */
export interface EclOptions extends ScopeOptions {
  rules: StageRules;
  curve: PdCurve;
  /** LGD where neither the loan nor the book gives one (default 0.45, the foundation-IRB value). */
  lgd?: number;
}

export const FALLBACK_LGD = 0.45;

const words = (canonical: string) => wordsFor('repayment_method', canonical).map(literal).join(', ');

/** EAD of month t of a row `x` of `months` (its balance ead0, monthly rate i, remaining months m). */
function eadSql(): string {
  const method = normSql('x.repayment_method');
  const flat = `${method} IN (${words('bullet')}, ${words('interest_only')})`;
  const annuity = `${method} IN (${words('equal_installment')}) AND x.i > 0`;
  return `CASE WHEN ${flat} THEN x.ead0
    WHEN ${annuity} THEN x.ead0 * (pow(1 + x.i, x.m) - pow(1 + x.i, x.t - 1)) / (pow(1 + x.i, x.m) - 1)
    ELSE x.ead0 * (1 - (x.t - 1) / x.m) END`;
}

/** The SQL up to `per_loan`: one row per live loan with its stage, 12-month and lifetime PD and ECL. */
export function perLoanSql(filters: FilterSet, options: EclOptions, key: string): { sql: string; params: MetricQuery<unknown>['params'] } {
  const base = scope(filters, options);
  const fallback = options.lgd ?? FALLBACK_LGD;
  if (!(fallback >= 0 && fallback <= 1)) throw new Error(`LGD must be between 0 and 1: ${fallback}`);
  const curve = options.curve;
  const mpd =
    curve.kind === 'markov'
      ? { join: 'JOIN curve c ON c.state = x.state AND c.t = x.t', sql: 'c.mpd' }
      : {
          join: `JOIN hz h1 ON h1.m = least(x.mob + x.t, (SELECT max(m) FROM hz))
            JOIN hz h0 ON h0.m = least(x.mob + x.t - 1, (SELECT max(m) FROM hz))
            JOIN hz ha ON ha.m = least(x.mob, (SELECT max(m) FROM hz))`,
          sql: 'coalesce(h0.survival / nullif(ha.survival, 0), 1) * h1.h',
        };
  const sql = `${base.sql},
${stagedCte(options.rules, options.asOf)},
${curveCte(curve, MAX_MONTHS)},
book AS (SELECT coalesce((SELECT book_lgd FROM book_presence), ${fallback}) AS lgd),
inputs AS (
  SELECT loan_id, ${key} AS key, stage, stage_reason, balance AS ead0, coalesce(interest_rate, 0) / 12 AS i,
    CAST(least(${MAX_MONTHS}, greatest(1, coalesce(date_diff('month', stage_date, maturity_date),
      term_months - date_diff('month', origination_date, stage_date), 12))) AS INTEGER) AS m,
    greatest(0, coalesce(date_diff('month', origination_date, stage_date), 0)) AS mob,
    coalesce(staged.lgd, book.lgd) AS lgd, staged.lgd IS NULL AS book_lgd,
    ${stateIndexSql(curve.kind === 'markov' ? curve.basis : 'dpd', { dpd: 'dpd', fiveClass: 'five_class', defaulted: 'false' })} AS state,
    interest_rate IS NULL AS no_rate, maturity_date IS NULL AND term_months IS NULL AS no_term, repayment_method
  FROM staged, book WHERE balance > 0),
months AS (SELECT *, unnest(generate_series(1, m)) AS t FROM inputs WHERE stage < 3),
flows AS (
  SELECT x.loan_id, x.t, ${mpd.sql} AS mpd, ${mpd.sql} * x.lgd * (${eadSql()}) * pow(1 + x.i, -x.t) AS loss
  FROM months x ${mpd.join}),
sums AS (
  SELECT loan_id, sum(mpd) FILTER (WHERE t <= 12) AS pd_12m, sum(mpd) AS pd_lifetime,
    sum(loss) FILTER (WHERE t <= 12) AS ecl_12m, sum(loss) AS ecl_lifetime
  FROM flows GROUP BY loan_id),
per_loan AS (
  SELECT inputs.*, CASE WHEN stage = 3 THEN 1 ELSE coalesce(pd_12m, 0) END AS pd_12m,
    CASE WHEN stage = 3 THEN 1 ELSE coalesce(pd_lifetime, 0) END AS pd_lifetime,
    CASE WHEN stage = 3 THEN lgd * ead0 ELSE coalesce(ecl_12m, 0) END AS ecl_12m,
    CASE WHEN stage = 3 THEN lgd * ead0 ELSE coalesce(ecl_lifetime, 0) END AS ecl_lifetime,
    CASE stage WHEN 1 THEN coalesce(ecl_12m, 0) WHEN 2 THEN coalesce(ecl_lifetime, 0) ELSE lgd * ead0 END AS ecl
  FROM inputs LEFT JOIN sums USING (loan_id))`;
  return { sql, params: base.params };
}

export interface EclLoan {
  loanId: string;
  stage: 1 | 2 | 3;
  reason: string;
  ead: number;
  lgd: number;
  months: number;
  pd12m: number;
  pdLifetime: number;
  ecl12m: number;
  eclLifetime: number;
  ecl: number;
}

/** ECL loan by loan (the largest first), e.g. for a case file or a test. */
export function eclLoansQuery(filters: FilterSet, options: EclOptions & { limit?: number }): MetricQuery<EclLoan[]> {
  const { sql, params } = perLoanSql(filters, options, 'loan_id');
  const limit = options.limit === undefined ? '' : ` LIMIT ${Math.max(0, Math.trunc(options.limit))}`;
  return {
    needs: ['balance'],
    sql: `${sql}\nSELECT * FROM per_loan ORDER BY ecl DESC, loan_id${limit}`,
    params,
    shape: (table) =>
      rows(table).map((r) => ({
        loanId: String(r.loan_id),
        stage: num(r.stage) as 1 | 2 | 3,
        reason: String(r.stage_reason),
        ead: num(r.ead0),
        lgd: num(r.lgd),
        months: num(r.m),
        pd12m: num(r.pd_12m),
        pdLifetime: num(r.pd_lifetime),
        ecl12m: num(r.ecl_12m),
        eclLifetime: num(r.ecl_lifetime),
        ecl: num(r.ecl),
      })),
  };
}

export interface EclCell {
  /** The segment (the `by` column's value), null for loans without one. */
  key: string | number | boolean | null;
  stage: 1 | 2 | 3;
  loans: number;
  ead: number;
  ecl: number;
  ecl12m: number;
  eclLifetime: number;
}

export interface EclSummary {
  cells: EclCell[];
  /** Per stage over all segments. */
  byStage: Omit<EclCell, 'key'>[];
  total: { loans: number; ead: number; ecl: number };
  /** ECL ÷ EAD of the book (coverage). */
  coverage: number | null;
  /** Live loans whose ECL used an assumption: no rate (undiscounted), no term (12 months), the book's LGD. */
  assumptions: { noRate: number; noTerm: number; bookLgd: number };
}

/** ECL by stage and by a segment of loan_facts (`by`, e.g. 'industry'; none = the book). */
export function eclQuery(filters: FilterSet, options: EclOptions & { by?: string }): MetricQuery<EclSummary> {
  const key = options.by === undefined ? 'CAST(NULL AS VARCHAR)' : ident(options.by);
  const { sql, params } = perLoanSql(filters, options, key);
  return {
    needs: ['balance'],
    sql: `${sql}
SELECT key, stage, count(*) AS loans, sum(ead0) AS ead, sum(ecl) AS ecl, sum(ecl_12m) AS ecl_12m, sum(ecl_lifetime) AS ecl_lifetime,
  count(*) FILTER (WHERE no_rate) AS no_rate, count(*) FILTER (WHERE no_term) AS no_term, count(*) FILTER (WHERE book_lgd) AS book_lgd
FROM per_loan GROUP BY key, stage ORDER BY key NULLS LAST, stage`,
    params,
    shape: (table) => summarise(rows(table)),
  };
}

function cellOf(r: Row): EclCell {
  return {
    key: r.key,
    stage: num(r.stage) as 1 | 2 | 3,
    loans: num(r.loans),
    ead: num(r.ead),
    ecl: num(r.ecl),
    ecl12m: num(r.ecl_12m),
    eclLifetime: num(r.ecl_lifetime),
  };
}

function summarise(rs: Row[]): EclSummary {
  const cells = rs.map(cellOf);
  const add = (xs: EclCell[]) => ({
    loans: xs.reduce((s, c) => s + c.loans, 0),
    ead: xs.reduce((s, c) => s + c.ead, 0),
    ecl: xs.reduce((s, c) => s + c.ecl, 0),
    ecl12m: xs.reduce((s, c) => s + c.ecl12m, 0),
    eclLifetime: xs.reduce((s, c) => s + c.eclLifetime, 0),
  });
  const byStage = ([1, 2, 3] as const).map((stage) => ({ stage, ...add(cells.filter((c) => c.stage === stage)) }));
  const all = add(cells);
  return {
    cells,
    byStage,
    total: { loans: all.loans, ead: all.ead, ecl: all.ecl },
    coverage: all.ead > 0 ? all.ecl / all.ead : null,
    assumptions: {
      noRate: rs.reduce((s, r) => s + num(r.no_rate), 0),
      noTerm: rs.reduce((s, r) => s + num(r.no_term), 0),
      bookLgd: rs.reduce((s, r) => s + num(r.book_lgd), 0),
    },
  };
}

