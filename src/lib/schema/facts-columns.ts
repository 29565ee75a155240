import { LOAN_FIELDS, sqlType } from './canonical';

/** The loan fields the outcome may be decided from, in the order facts.ts tries them after the flag. */
export const OUTCOME_SOURCES = ['default_flag', 'default_date', 'dpd', 'five_class'] as const;

interface DerivedColumn {
  /** Its SQL type in `loan_facts` (DESCRIBE loan_facts, checked by a unit test). */
  type: string;
  /** The canonical field the user must map to see it (a dimension whose field is absent is hidden). */
  needs?: string;
  /** Every loan column its value is computed from (what a published dashboard must carry). */
  reads: readonly string[];
}

/**
 * The one list of the columns `loan_facts` adds to `loans` (their SQL is metrics/facts.ts):
 * the filters type their values with it, the import keeps extra attributes off these names, the
 * screens hide a dimension whose field is not mapped, and publishing fetches what each one reads.
 */
export const DERIVED_COLUMNS = {
  is_npl: { type: 'BOOLEAN', needs: 'five_class', reads: ['five_class'] },
  vintage_year: { type: 'BIGINT', needs: 'origination_date', reads: ['origination_date'] },
  vintage_month: { type: 'DATE', needs: 'origination_date', reads: ['origination_date'] },
  term_bucket: { type: 'VARCHAR', needs: 'term_months', reads: ['term_months'] },
  amount_bucket: { type: 'VARCHAR', needs: 'amount', reads: ['amount'] },
  dpd_bucket: { type: 'VARCHAR', needs: 'dpd', reads: ['dpd'] },
  ltv: { type: 'DOUBLE', needs: 'collateral_value', reads: ['collateral_value', 'balance', 'amount'] },
  is_inclusive_sme: { type: 'BOOLEAN', needs: 'enterprise_size', reads: ['enterprise_size', 'credit_line', 'amount'] },
  officer_tenure_band: { type: 'VARCHAR', needs: 'officer_tenure_months', reads: ['officer_tenure_months'] },
  officer_trained: { type: 'BOOLEAN', needs: 'officer_training_hours', reads: ['officer_training_hours'] },
  relationship_band: { type: 'VARCHAR', needs: 'relationship_start_date', reads: ['relationship_start_date', 'origination_date'] },
  first_inspection_band: {
    type: 'VARCHAR',
    needs: 'first_inspection_date',
    reads: ['first_inspection_date', 'disbursement_date', 'origination_date', 'as_of_date'],
  },
  above_authority: { type: 'BOOLEAN', needs: 'approver_limit', reads: ['amount', 'approver_limit'] },
  disbursed_before_approval: { type: 'BOOLEAN', needs: 'approval_date', reads: ['approval_date', 'disbursement_date', 'origination_date'] },
  exposure: { type: 'DOUBLE', needs: 'amount', reads: ['balance', 'amount'] },
  is_defaulted: { type: 'BOOLEAN', reads: OUTCOME_SOURCES },
  default_on: { type: 'DATE', needs: 'default_date', reads: OUTCOME_SOURCES },
  months_to_default: { type: 'BIGINT', needs: 'default_date', reads: [...OUTCOME_SOURCES, 'origination_date'] },
} as const satisfies Record<string, DerivedColumn>;

export type DerivedColumnName = keyof typeof DERIVED_COLUMNS;

export const DERIVED_COLUMN_NAMES = Object.keys(DERIVED_COLUMNS) as DerivedColumnName[];

const derived = (name: string): DerivedColumn | undefined =>
  Object.hasOwn(DERIVED_COLUMNS, name) ? (DERIVED_COLUMNS as Record<string, DerivedColumn>)[name] : undefined;

/**
 * SQL types of the columns of `loan_facts`: every canonical loan field plus the derived ones.
 * Filters bind their values with these types, so a DOUBLE column filtered with `1` matches 1.0
 * and DuckDB can use its zone maps.
 */
export const FACT_COLUMN_TYPES: Readonly<Record<string, string>> = {
  ...Object.fromEntries(LOAN_FIELDS.map((f) => [f.name, sqlType(f.type)])),
  ...Object.fromEntries(DERIVED_COLUMN_NAMES.map((n) => [n, DERIVED_COLUMNS[n].type])),
};

/** The SQL type of a `loan_facts` column, undefined for a column the schema does not know. */
export function factColumnType(name: string): string | undefined {
  return Object.hasOwn(FACT_COLUMN_TYPES, name) ? FACT_COLUMN_TYPES[name] : undefined;
}

/** What the user must map to see a dimension: a derived column needs the field it comes from. */
export function sourceField(column: string): string {
  return derived(column)?.needs ?? column;
}

/** The loan columns a `loan_facts` column is computed from (itself for a loan column). */
export function columnsRead(column: string): readonly string[] {
  return derived(column)?.reads ?? [column];
}
