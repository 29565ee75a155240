import { sourceField } from '../../schema/facts-columns';

/**
 * The attributes the segment finder combines: `loan_facts` columns that the app's filter set can
 * filter on, so that every segment it finds is one click from being the app's filter. Numeric
 * fields enter as the buckets the app already draws (`term_bucket`, `amount_bucket`, `vintage_year`).
 *
 * Left out, and why:
 * - columns that read the outcome (`dpd_bucket`, `five_class`, `is_npl`, `is_restructured`: a loan is
 *   restructured after a delinquency), which concentrate defaults by construction;
 * - `officer_id` (tens of values: its pairs and triples would be thousands of cells of a few dozen
 *   loans; the officer's tenure and training are red flags, ranked on the Root causes tab);
 * - red flags. A flag is not a `loan_facts` column: its condition depends on the rule set and the
 *   thresholds the user chose, which the URL's filter set does not carry, so a `flag:<id>` filter
 *   would mean different loans on another machine, in a published dashboard or in the command line.
 *   The columns that carry the flags directly are included instead: `has_financial_statements`,
 *   `approval_exception`, `skipped_step`, `is_renewal`, and the fixed bands of facts-bands.ts
 *   (officer tenure and training, relationship length, first inspection, above authority,
 *   disbursed before approval).
 */
export const SEGMENT_ATTRIBUTES = [
  'industry', 'region', 'enterprise_size', 'product', 'collateral_type', 'guarantee_type', 'term_bucket', 'amount_bucket',
  'rating', 'branch', 'vintage_year', 'repayment_method', 'approval_level', 'is_inclusive_sme',
  'has_financial_statements', 'approval_exception', 'skipped_step', 'is_renewal',
  'officer_tenure_band', 'officer_trained', 'relationship_band', 'first_inspection_band', 'above_authority', 'disbursed_before_approval',
] as const;

/** The attributes a book can be searched by: those whose source field it maps. */
export function availableAttributes(mapped: ReadonlySet<string>): string[] {
  return SEGMENT_ATTRIBUTES.filter((a) => mapped.has(sourceField(a)));
}

/** The attributes a book cannot be searched by, because the field each comes from has no value in it. */
export function unavailableAttributes(mapped: ReadonlySet<string>): string[] {
  return SEGMENT_ATTRIBUTES.filter((a) => !mapped.has(sourceField(a)));
}
