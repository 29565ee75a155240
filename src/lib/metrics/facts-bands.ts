/**
 * The `loan_facts` columns that turn the red-flag fields of root causes C1–C4 (DOMAIN.md) into
 * dimensions with a few readable values, so that the segment finder can combine them and a click
 * can filter the app by them. Each value is a code the catalogs label (`values.<column>.<code>`).
 * The cut-offs are the red flags' default thresholds (flags/rules.ts): a new officer has under 12
 * months, a new borrower under 6 months of relationship, an inspection is timely within 90 days.
 * A loan whose fields are missing has no value (NULL), never a guessed one.
 */

/** The columns this module adds to `loan_facts`. */
export const BAND_COLUMNS = ['officer_tenure_band', 'officer_trained', 'relationship_band', 'first_inspection_band', 'above_authority', 'disbursed_before_approval'] as const;

/** The values of the banded (text) columns, in order; the others are booleans. */
export const BAND_VALUES = {
  officer_tenure_band: ['under_1y', '1_3y', '3y_plus'],
  relationship_band: ['under_6m', '6m_2y', '2y_plus'],
  first_inspection_band: ['within_90d', 'after_90d', 'never', 'not_due'],
} as const;

/** Days after disbursement within which the first post-loan inspection is timely. */
export const TIMELY_INSPECTION_DAYS = 90;

const START = 'coalesce(l.disbursement_date, l.origination_date)';

/**
 * The band columns over one loan row `l`, and `ins.records_inspections` (the book has any first
 * inspection date: without one, a missing date means "not recorded", not "never inspected").
 */
export const BAND_COLUMNS_SQL = `CASE
    WHEN l.officer_tenure_months IS NULL THEN NULL
    WHEN l.officer_tenure_months < 12 THEN 'under_1y'
    WHEN l.officer_tenure_months < 36 THEN '1_3y'
    ELSE '3y_plus' END AS officer_tenure_band,
  l.officer_training_hours > 0 AS officer_trained,
  CASE
    WHEN l.relationship_start_date IS NULL OR l.origination_date IS NULL THEN NULL
    WHEN l.relationship_start_date > l.origination_date - INTERVAL 6 MONTH THEN 'under_6m'
    WHEN l.relationship_start_date > l.origination_date - INTERVAL 24 MONTH THEN '6m_2y'
    ELSE '2y_plus' END AS relationship_band,
  CASE
    WHEN NOT ins.records_inspections OR ${START} IS NULL THEN NULL
    WHEN date_diff('day', ${START}, l.first_inspection_date) <= ${TIMELY_INSPECTION_DAYS} THEN 'within_90d'
    WHEN l.as_of_date IS NULL THEN NULL
    WHEN date_diff('day', ${START}, l.as_of_date) <= ${TIMELY_INSPECTION_DAYS} THEN 'not_due'
    WHEN l.first_inspection_date IS NOT NULL THEN 'after_90d'
    ELSE 'never' END AS first_inspection_band,
  l.amount > l.approver_limit AS above_authority,
  ${START} < l.approval_date AS disbursed_before_approval`;
