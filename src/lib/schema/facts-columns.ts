import { LOAN_FIELDS, sqlType } from './canonical';

/**
 * SQL types of the columns of `loan_facts` (metrics/facts.ts): every canonical loan field plus the
 * derived ones. Filters bind their values with these types, so a DOUBLE column filtered with `1`
 * matches 1.0 and DuckDB can use its zone maps. A unit test checks them against `DESCRIBE loan_facts`.
 */
const DERIVED: Record<string, string> = {
  is_npl: 'BOOLEAN',
  vintage_year: 'BIGINT',
  vintage_month: 'DATE',
  term_bucket: 'VARCHAR',
  amount_bucket: 'VARCHAR',
  dpd_bucket: 'VARCHAR',
  ltv: 'DOUBLE',
  is_inclusive_sme: 'BOOLEAN',
  months_to_default: 'BIGINT',
  exposure: 'DOUBLE',
  is_defaulted: 'BOOLEAN',
  default_on: 'DATE',
};

export const FACT_COLUMN_TYPES: Readonly<Record<string, string>> = {
  ...Object.fromEntries(LOAN_FIELDS.map((f) => [f.name, sqlType(f.type)])),
  ...DERIVED,
};

/** The SQL type of a `loan_facts` column, undefined for a column the schema does not know. */
export function factColumnType(name: string): string | undefined {
  return Object.hasOwn(FACT_COLUMN_TYPES, name) ? FACT_COLUMN_TYPES[name] : undefined;
}

/** The canonical field a derived `loan_facts` column is computed from (itself for a canonical one). */
const SOURCE_FIELD: Record<string, string> = {
  is_npl: 'five_class',
  vintage_year: 'origination_date',
  vintage_month: 'origination_date',
  term_bucket: 'term_months',
  amount_bucket: 'amount',
  dpd_bucket: 'dpd',
  ltv: 'collateral_value',
  is_inclusive_sme: 'enterprise_size',
  months_to_default: 'default_date',
  exposure: 'amount',
  default_on: 'default_date',
};

/** What the user must map to see a dimension: a derived column needs the field it comes from. */
export function sourceField(column: string): string {
  return Object.hasOwn(SOURCE_FIELD, column) ? SOURCE_FIELD[column] : column;
}
