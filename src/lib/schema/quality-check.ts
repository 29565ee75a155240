import type { CanonicalTable } from './canonical';

export type CheckKey =
  | 'duplicate_loan_ids'
  | 'generated_loan_ids'
  | 'negative_amounts'
  | 'zero_amounts'
  | 'approval_before_application'
  | 'disbursement_before_approval'
  | 'default_before_origination'
  | 'maturity_before_origination'
  | 'dpd_class_mismatch'
  | 'orphan_loan_ids'
  | 'negative_dpd'
  | 'dpd_over_ten_years'
  | 'date_after_as_of'
  | 'date_before_1950';

/** A warning: it never rejects rows, the user decides. `count` is rows affected (for duplicates: ids). */
export interface QualityCheck {
  key: CheckKey;
  table: CanonicalTable;
  count: number;
  /** For duplicate ids: the rows carrying them. */
  rows?: number;
  examples: string[];
  message: string;
}
