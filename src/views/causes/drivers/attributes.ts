import { rows } from '../../../lib/db/rows';
import type { MetricQuery } from '../../../lib/metrics/query';
import { discriminationQuery, type Attribute, type DiscriminationOptions } from '../../../lib/metrics/drivers';
import { LOAN_FIELDS } from '../../../lib/schema/canonical';
import { ident } from '../../../lib/sql/quote';

/**
 * Columns that describe the outcome or the loan's later state rather than what was known at
 * lending time (they would "explain" defaults trivially), identifiers, and dates.
 */
const NOT_DRIVERS = new Set([
  'loan_id', 'borrower_id', 'borrower_name', 'group_id', '_row',
  'default_flag', 'default_date', 'chargeoff_amount', 'chargeoff_date', 'recovery_amount',
  'dpd', 'dpd_bucket', 'five_class', 'is_npl', 'ifrs9_stage', 'months_to_default', 'reserve', 'lgd', 'balance',
]);
const CANONICAL = new Set(LOAN_FIELDS.map((f) => f.name));
const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL)/;
const CATEGORICAL = /^(VARCHAR|BOOLEAN)/;
/** A column with this many values or fewer is read as categories even when its values are numbers. */
const MAX_CATEGORIES = 12;
/** A text column with more values than this is an identifier or free text, not a driver. */
const MAX_TEXT_VALUES = 60;

export interface Candidate {
  column: string;
  type: string;
  extra: boolean;
}

/** Candidate driver columns of `loan_facts`: canonical fields the book maps, derived columns, and the book's own extra columns. */
export function candidateColumnsQuery(mapped: ReadonlySet<string>): MetricQuery<Candidate[]> {
  return {
    needs: [],
    sql: `SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'loan_facts' AND schema_name = current_schema() ORDER BY column_index`,
    params: [],
    shape: (t) =>
      rows(t)
        .map((r) => ({ column: String(r.column_name), type: String(r.data_type) }))
        .filter((c) => !NOT_DRIVERS.has(c.column) && !c.column.startsWith('_'))
        .filter((c) => NUMERIC.test(c.type) || CATEGORICAL.test(c.type))
        .filter((c) => !CANONICAL.has(c.column) || mapped.has(c.column))
        .map((c) => ({ ...c, extra: !CANONICAL.has(c.column) && !DERIVED.has(c.column) })),
  };
}
const DERIVED = new Set(['vintage_year', 'term_bucket', 'amount_bucket', 'ltv', 'is_inclusive_sme']);

export interface DriverAttribute extends Attribute {
  /** Numbers are binned and also scored for AUC / KS. */
  numeric: boolean;
  values: number;
}

/**
 * How to bin each candidate: numeric when every value reads as a number and there are more than
 * a handful of them (extra columns arrive as text), categorical otherwise; columns with one value
 * or too many text values are dropped.
 */
export function attributeProfileQuery(candidates: readonly Candidate[], bins: number): MetricQuery<{ attributes: DriverAttribute[]; dropped: string[] }> {
  const parts = candidates.map(
    (c) => `SELECT ? AS col, count(DISTINCT ${ident(c.column)}) AS vals, count(${ident(c.column)}) AS present,
  count(TRY_CAST(${ident(c.column)} AS DOUBLE)) AS numbers FROM loan_facts`,
  );
  return {
    needs: [],
    sql: parts.join('\nUNION ALL\n'),
    params: candidates.map((c) => c.column),
    shape: (t) => {
      const attributes: DriverAttribute[] = [];
      const dropped: string[] = [];
      for (const r of rows(t)) {
        const c = candidates.find((x) => x.column === r.col)!;
        const values = Number(r.vals);
        const allNumbers = Number(r.numbers) === Number(r.present) && !/^BOOLEAN/.test(c.type);
        const numeric = allNumbers && values > MAX_CATEGORIES;
        if (values < 2 || (!numeric && values > MAX_TEXT_VALUES)) {
          dropped.push(c.column);
          continue;
        }
        attributes.push({
          column: c.column,
          numeric,
          values,
          binning: numeric ? { kind: 'quantile', bins } : { kind: 'categorical' },
        });
      }
      return { attributes, dropped };
    },
  };
}

export interface ScoreFigures {
  auc: number | null;
  /** AUC read in the attribute's riskier direction: max(AUC, 1 − AUC). */
  orientedAuc: number | null;
  /** True when higher values are the riskier ones. */
  higherIsRiskier: boolean;
  gini: number | null;
  ks: number | null;
}

/** AUC, Gini and KS of each numeric attribute taken as a score, in one query. */
export function scoreRankingQuery(columns: readonly string[], options: DiscriminationOptions): MetricQuery<Record<string, ScoreFigures>> {
  const queries = columns.map((c) => ({ c, q: discriminationQuery(c, options) }));
  return {
    needs: [...new Set(queries.flatMap(({ q }) => q.needs))],
    sql: queries.map(({ q }) => `SELECT ? AS col, * FROM (${q.sql})`).join('\nUNION ALL\n'),
    params: queries.flatMap(({ c, q }) => [c, ...q.params]),
    shape: (t) =>
      Object.fromEntries(
        rows(t).map((r) => {
          const auc = r.auc === null ? null : Number(r.auc);
          const oriented = auc === null ? null : Math.max(auc, 1 - auc);
          return [
            String(r.col),
            {
              auc,
              orientedAuc: oriented,
              higherIsRiskier: auc === null || auc >= 0.5,
              gini: oriented === null ? null : 2 * oriented - 1,
              ks: r.ks === null ? null : Number(r.ks),
            },
          ];
        }),
      ),
  };
}
