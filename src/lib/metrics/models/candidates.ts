import { rows } from '../../db/rows';
import { ident } from '../../sql/quote';
import { LOAN_FIELDS } from '../../schema/canonical';
import type { MetricQuery } from '../query';
import { MODEL_BASE } from './base';

/**
 * Columns that cannot be scorecard attributes: identifiers, the outcome and what happened after
 * lending (status, losses, reserves), dates, and the vintage (right-censoring makes old vintages
 * look riskier, which says nothing about a new applicant).
 */
const NOT_ATTRIBUTES = new Set([
  'loan_id', 'borrower_id', 'borrower_name', 'group_id', 'officer_id', '_row', '_y', '_sample', '_window_dpd',
  'default_flag', 'default_date', 'chargeoff_amount', 'chargeoff_date', 'recovery_amount',
  'dpd', 'dpd_bucket', 'five_class', 'is_npl', 'ifrs9_stage', 'months_to_default', 'reserve', 'lgd', 'balance',
  'is_restructured', 'vintage_year', 'vintage_month', 'ltv',
]);
const CANONICAL = new Set(LOAN_FIELDS.map((f) => f.name));
const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL)/;
const CATEGORICAL = /^(VARCHAR|BOOLEAN)/;
/** A column with this many values or fewer is read as categories even when they are numbers. */
const MAX_CATEGORIES = 12;
/** Text with more values than this is an identifier or free text. */
const MAX_TEXT_VALUES = 40;

export interface CandidateAttribute {
  column: string;
  numeric: boolean;
  values: number;
}

/** The attributes `model_base` offers: mapped canonical fields, derived columns and model features, each typed numeric or categorical. */
export function candidateAttributesQuery(mapped: ReadonlySet<string>, columns: readonly { column: string; type: string }[]): MetricQuery<CandidateAttribute[]> {
  const usable = columns.filter(
    (c) =>
      !NOT_ATTRIBUTES.has(c.column) &&
      (NUMERIC.test(c.type) || CATEGORICAL.test(c.type)) &&
      (!CANONICAL.has(c.column) || mapped.has(c.column)),
  );
  if (!usable.length) return { needs: [], sql: 'SELECT NULL AS col WHERE FALSE', params: [], shape: () => [] };
  const parts = usable.map(
    (c) => `SELECT ? AS col, ? AS type, count(DISTINCT ${ident(c.column)}) AS vals FROM ${MODEL_BASE}`,
  );
  return {
    needs: [],
    sql: parts.join('\nUNION ALL\n'),
    params: usable.flatMap((c) => [c.column, c.type]),
    shape: (t) =>
      rows(t).flatMap((r) => {
        const values = Number(r.vals);
        const numeric = NUMERIC.test(String(r.type)) && values > MAX_CATEGORIES;
        if (values < 2 || (!numeric && values > MAX_TEXT_VALUES)) return [];
        return [{ column: String(r.col), numeric, values }];
      }),
  };
}

/** Column names and types of `model_base`. */
export function baseColumnsQuery(): MetricQuery<{ column: string; type: string }[]> {
  return {
    needs: [],
    sql: `SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? AND schema_name = current_schema() ORDER BY column_index`,
    params: [MODEL_BASE],
    shape: (t) => rows(t).map((r) => ({ column: String(r.column_name), type: String(r.data_type) })),
  };
}
