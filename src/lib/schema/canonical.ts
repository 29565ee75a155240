/**
 * The canonical loan-book schema. Every analysis reads these tables and columns, whatever the
 * user's export looked like; the import maps the export onto them.
 *
 * Tables:
 * - `loans`: one row per loan (drawdown). Only `amount` and an outcome are needed for a book.
 * - `snapshots`: optional monthly observations of a loan (balance, DPD, class).
 * - `inspections`: optional post-loan inspections, one row per visit.
 */

export type FieldType = 'text' | 'double' | 'integer' | 'date' | 'boolean' | 'class';

/** Five-category class codes: 1 normal 正常 … 5 loss 损失. NPL = 3, 4, 5. */
export const FIVE_CLASSES = [1, 2, 3, 4, 5] as const;
export type FiveClass = (typeof FIVE_CLASSES)[number];
export const CLASS_KEYS = ['normal', 'special_mention', 'substandard', 'doubtful', 'loss'] as const;

export type FieldGroup = 'identity' | 'borrower' | 'terms' | 'status' | 'process' | 'risk' | 'loss';

/**
 * What a field says about a person or a loan, for publishing without them (publish/masking.ts):
 * a key of a loan, of a borrower or of another party (borrower group, officer), which a masked
 * dashboard replaces by a keyed pseudonym; a name, or free text, which it drops.
 */
export type PrivacyRole = 'loan_key' | 'borrower_key' | 'party_key' | 'name' | 'free_text';

export interface FieldDef {
  /** Column name in the canonical table. */
  name: string;
  type: FieldType;
  group: FieldGroup;
  privacy?: PrivacyRole;
}

const f = (name: string, type: FieldType, group: FieldGroup, privacy?: PrivacyRole): FieldDef => (privacy ? { name, type, group, privacy } : { name, type, group });

export const LOAN_FIELDS: readonly FieldDef[] = [
  f('loan_id', 'text', 'identity', 'loan_key'),
  f('borrower_id', 'text', 'identity', 'borrower_key'),
  f('borrower_name', 'text', 'identity', 'name'),
  f('group_id', 'text', 'identity', 'party_key'),
  // borrower
  f('enterprise_size', 'text', 'borrower'), // 'micro' | 'small' | 'medium' | 'large'
  f('staff_count', 'integer', 'borrower'),
  f('revenue', 'double', 'borrower'), // annual revenue, 10,000 CNY
  f('total_assets', 'double', 'borrower'), // 10,000 CNY
  f('industry', 'text', 'borrower'), // GB/T 4754 section letter (A–T) or the export's code
  f('region', 'text', 'borrower'),
  f('relationship_start_date', 'date', 'borrower'), // first relationship with the bank
  f('has_financial_statements', 'boolean', 'borrower'),
  f('credit_line', 'double', 'borrower'), // borrower's total credit line (inclusive-SME test)
  // terms
  f('branch', 'text', 'terms'),
  f('officer_id', 'text', 'terms', 'party_key'),
  f('officer_tenure_months', 'integer', 'terms'), // at origination
  f('officer_training_hours', 'double', 'terms'), // in the year before origination
  f('product', 'text', 'terms'),
  f('origination_date', 'date', 'terms'),
  f('maturity_date', 'date', 'terms'),
  f('amount', 'double', 'terms'),
  f('interest_rate', 'double', 'terms'), // annual, fraction (0.0435)
  f('term_months', 'integer', 'terms'),
  f('repayment_method', 'text', 'terms'),
  f('collateral_type', 'text', 'terms'), // 'none' when unsecured
  f('collateral_value', 'double', 'terms'),
  f('guarantee_type', 'text', 'terms'), // 'none' when no guarantee
  f('is_renewal', 'boolean', 'terms'), // new loan that repays an old one (借新还旧)
  f('is_restructured', 'boolean', 'terms'),
  // status (as of the book's date)
  f('as_of_date', 'date', 'status'),
  f('balance', 'double', 'status'),
  f('dpd', 'integer', 'status'),
  f('five_class', 'class', 'status'),
  f('ifrs9_stage', 'integer', 'status'),
  // risk
  f('rating', 'text', 'risk'),
  f('origination_rating', 'text', 'risk'), // the rating when the loan was granted (IFRS 9 rating downgrade)
  f('pd', 'double', 'risk'),
  f('lgd', 'double', 'risk'),
  f('reserve', 'double', 'risk'), // loan-loss reserve held against the loan
  // process
  f('application_date', 'date', 'process'),
  f('approval_date', 'date', 'process'),
  f('disbursement_date', 'date', 'process'),
  f('approval_level', 'text', 'process'), // 'branch' | 'sub_branch' | 'head_office' …
  f('approver_limit', 'double', 'process'), // authority of the approver who signed
  f('approval_exception', 'boolean', 'process'),
  f('skipped_step', 'text', 'process'), // name of a skipped step, null when none
  f('last_inspection_date', 'date', 'process'),
  f('first_inspection_date', 'date', 'process'),
  // loss
  f('default_flag', 'boolean', 'loss'),
  f('default_date', 'date', 'loss'),
  f('chargeoff_amount', 'double', 'loss'),
  f('chargeoff_date', 'date', 'loss'),
  f('recovery_amount', 'double', 'loss'),
];

export const SNAPSHOT_FIELDS: readonly FieldDef[] = [
  f('loan_id', 'text', 'identity', 'loan_key'),
  f('snapshot_date', 'date', 'status'), // month end
  f('balance', 'double', 'status'),
  f('dpd', 'integer', 'status'),
  f('five_class', 'class', 'status'),
];

export const INSPECTION_FIELDS: readonly FieldDef[] = [
  f('loan_id', 'text', 'identity', 'loan_key'),
  f('inspection_date', 'date', 'process'),
  f('finding', 'text', 'process', 'free_text'),
];

export const TABLES = { loans: LOAN_FIELDS, snapshots: SNAPSHOT_FIELDS, inspections: INSPECTION_FIELDS } as const;
export type CanonicalTable = keyof typeof TABLES;

/** SQL type of a canonical field. */
export function sqlType(type: FieldType): string {
  switch (type) {
    case 'text':
      return 'VARCHAR';
    case 'double':
      return 'DOUBLE';
    case 'integer':
      return 'INTEGER';
    case 'date':
      return 'DATE';
    case 'boolean':
      return 'BOOLEAN';
    case 'class':
      return 'TINYINT';
  }
}
