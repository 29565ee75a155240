import { literal, type Fragment } from '../../sql/quote';
import { wordsFor } from '../../schema/vocabulary';
import type { FlagRule, Thresholds } from './types';

/** Thresholds are inlined as literals: they are numbers, checked finite, never user text. */
function num(t: Thresholds, name: string): string {
  const v = t[name];
  if (!Number.isFinite(v)) throw new Error(`Threshold ${name} must be a finite number`);
  return String(v);
}
/** Whole units (days, months) for INTERVAL arithmetic. */
function whole(t: Thresholds, name: string): string {
  return String(Math.trunc(Number(num(t, name))));
}
const sql = (text: string): Fragment => ({ sql: text, params: [] });

/** Minimum five-category class that DPD allows (domain notes: >0 → 2, >90 → 3, >270 → 4, >360 → 5). */
export const MIN_CLASS_BY_DPD_SQL = 'CASE WHEN dpd > 360 THEN 5 WHEN dpd > 270 THEN 4 WHEN dpd > 90 THEN 3 WHEN dpd > 0 THEN 2 ELSE 1 END';

const BOOK_NPL_RATIO_SQL = `(SELECT coalesce(sum(b.balance) FILTER (WHERE b.is_npl), 0) / nullif(sum(b.balance), 0)
  FROM loan_facts b WHERE b.balance IS NOT NULL AND b.is_npl IS NOT NULL)`;
const INDUSTRY_NPL_RATIO_SQL = `(SELECT coalesce(sum(i.balance) FILTER (WHERE i.is_npl), 0) / nullif(sum(i.balance), 0)
  FROM loan_facts i WHERE i.industry = loan_facts.industry AND i.balance IS NOT NULL AND i.is_npl IS NOT NULL)`;

const rule = (r: Omit<FlagRule, 'labelKey'>): FlagRule => ({ ...r, labelKey: `flags.rule.${r.id}` });

/** The built-in red flags. Each maps to one problem and one root cause; `reason` says why. */
export const FLAG_RULES: readonly FlagRule[] = [
  rule({
    id: 'classification_exception',
    problem: 'P1',
    cause: 'C2',
    reason: 'The classification rules exist but are not applied, and a culture that hides bad news lets a loan look better than its DPD allows.',
    needs: ['five_class', 'dpd'],
    thresholds: {},
    condition: () => sql(`five_class < ${MIN_CLASS_BY_DPD_SQL}`),
    evidence: [
      { key: 'dpd', sql: 'dpd' },
      { key: 'five_class', sql: 'five_class' },
      { key: 'min_class_for_dpd', sql: MIN_CLASS_BY_DPD_SQL },
    ],
  }),
  rule({
    id: 'no_timely_inspection',
    problem: 'P1',
    cause: 'C3',
    reason: 'The post-loan inspection rule is not carried out: after disbursement the SME borrower is left unwatched.',
    needs: ['disbursement_date', 'first_inspection_date', 'as_of_date'],
    thresholds: { days: 90 },
    condition: (t) =>
      sql(`date_diff('day', disbursement_date, as_of_date) > ${whole(t, 'days')}
  AND (first_inspection_date IS NULL OR date_diff('day', disbursement_date, first_inspection_date) > ${whole(t, 'days')})`),
    evidence: [
      { key: 'disbursement_date', sql: 'disbursement_date' },
      { key: 'first_inspection_date', sql: 'first_inspection_date' },
      { key: 'days_to_first_inspection', sql: "date_diff('day', disbursement_date, first_inspection_date)" },
    ],
  }),
  rule({
    id: 'stale_inspection',
    problem: 'P1',
    cause: 'C3',
    reason: 'A live loan whose last visit (or disbursement, if never visited) is older than the interval: monitoring is not practised.',
    needs: ['last_inspection_date', 'as_of_date', 'balance', 'origination_date'],
    thresholds: { days: 90 },
    condition: (t) =>
      sql(`balance > 0
  AND date_diff('day', coalesce(last_inspection_date, disbursement_date, origination_date), as_of_date) > ${whole(t, 'days')}`),
    evidence: [
      { key: 'last_inspection_date', sql: 'last_inspection_date' },
      { key: 'days_since_last_inspection', sql: "date_diff('day', coalesce(last_inspection_date, disbursement_date, origination_date), as_of_date)" },
      { key: 'balance', sql: 'balance' },
    ],
  }),
  rule({
    id: 'approval_above_authority',
    problem: 'P1',
    cause: 'C2',
    reason: 'The delegated-authority system is bypassed, which a weak control culture tolerates.',
    needs: ['amount', 'approver_limit'],
    thresholds: {},
    condition: () => sql('amount > approver_limit'),
    evidence: [
      { key: 'amount', sql: 'amount' },
      { key: 'approver_limit', sql: 'approver_limit' },
      { key: 'approval_level', sql: 'approval_level' },
    ],
  }),
  rule({
    id: 'approval_exception',
    problem: 'P1',
    cause: 'C2',
    reason: 'Approved as an exception to policy: the rules give way to volume.',
    needs: ['approval_exception'],
    thresholds: {},
    condition: () => sql('approval_exception'),
    evidence: [{ key: 'approval_level', sql: 'approval_level' }],
  }),
  rule({
    id: 'disbursed_before_approval',
    problem: 'P3',
    cause: 'C2',
    reason: 'Process steps out of order (money out before the decision), only possible where control is not valued.',
    needs: ['disbursement_date', 'approval_date'],
    thresholds: {},
    condition: () => sql('disbursement_date < approval_date'),
    evidence: [
      { key: 'approval_date', sql: 'approval_date' },
      { key: 'disbursement_date', sql: 'disbursement_date' },
    ],
  }),
  rule({
    id: 'skipped_step',
    problem: 'P3',
    cause: 'C2',
    reason: 'A credit-process step was skipped: the process is not followed and nobody objects.',
    needs: ['skipped_step'],
    thresholds: {},
    condition: () => sql("nullif(trim(skipped_step), '') IS NOT NULL"),
    evidence: [{ key: 'skipped_step', sql: 'skipped_step' }],
  }),
  rule({
    id: 'weak_collateral',
    problem: 'P4',
    cause: 'C1',
    reason: 'Collateral stands in for information the bank lacks; without enough of it the bank has no means to contain the loss.',
    needs: ['collateral_value', 'amount'],
    thresholds: { max_ltv: 0.7 },
    condition: (t) =>
      sql(`coalesce(lower(trim(collateral_type)) IN (${wordsFor('collateral_type', 'none').map(literal).join(', ')}), FALSE) OR collateral_value IS NULL OR collateral_value <= 0
  OR ltv > ${num(t, 'max_ltv')}`),
    evidence: [
      { key: 'collateral_type', sql: 'collateral_type' },
      { key: 'collateral_value', sql: 'collateral_value' },
      { key: 'ltv', sql: 'ltv' },
    ],
  }),
  rule({
    id: 'no_guarantee',
    problem: 'P4',
    cause: 'C1',
    reason: 'No third party vouches for a borrower the bank cannot see into; a missing risk-mitigation means.',
    needs: ['guarantee_type'],
    thresholds: {},
    // 信用 (credit, unsecured) and the other words for none, also in books imported before value mapping.
    condition: () => sql(`lower(trim(guarantee_type)) IN (${[...wordsFor('guarantee_type', 'none'), ''].map(literal).join(', ')})`),
    evidence: [{ key: 'guarantee_type', sql: 'guarantee_type' }],
  }),
  rule({
    id: 'renewal',
    problem: 'P1',
    cause: 'C2',
    reason: 'A new loan repaying an old one (借新还旧) hides a problem loan instead of classifying it, against the rules.',
    needs: ['is_renewal'],
    thresholds: {},
    condition: () => sql('is_renewal'),
    evidence: [{ key: 'is_renewal', sql: 'is_renewal' }],
  }),
  rule({
    id: 'restructured',
    problem: 'P4',
    cause: 'C2',
    reason: 'Restructuring is the only tool left when early-warning means are missing; repeated use shows a culture of deferral.',
    needs: ['is_restructured'],
    thresholds: {},
    condition: () => sql('is_restructured'),
    evidence: [{ key: 'is_restructured', sql: 'is_restructured' }],
  }),
  rule({
    id: 'new_to_bank',
    problem: 'P4',
    cause: 'C1',
    reason: 'A borrower with little history at the bank: the information gap is widest and the bank has no data of its own.',
    needs: ['relationship_start_date', 'origination_date'],
    thresholds: { months: 6 },
    condition: (t) => sql(`relationship_start_date > origination_date - INTERVAL (${whole(t, 'months')}) MONTH`),
    evidence: [
      { key: 'relationship_start_date', sql: 'relationship_start_date' },
      { key: 'origination_date', sql: 'origination_date' },
      { key: 'relationship_months', sql: "date_sub('month', relationship_start_date, origination_date)" },
    ],
  }),
  rule({
    id: 'missing_financials',
    problem: 'P4',
    cause: 'C1',
    reason: 'No financial statements: the bank lends blind (information asymmetry) and lacks the data to score the borrower.',
    needs: ['has_financial_statements'],
    thresholds: {},
    condition: () => sql('has_financial_statements = FALSE'),
    evidence: [{ key: 'has_financial_statements', sql: 'has_financial_statements' }],
  }),
  rule({
    id: 'stressed_industry',
    problem: 'P2',
    cause: 'C3',
    reason: 'Lending concentrates in an industry whose NPL ratio is a multiple of the book’s, and the sector’s SMEs are not followed.',
    needs: ['industry', 'five_class', 'balance'],
    thresholds: { k: 2 },
    condition: (t) => sql(`${BOOK_NPL_RATIO_SQL} > 0 AND ${INDUSTRY_NPL_RATIO_SQL} > ${num(t, 'k')} * ${BOOK_NPL_RATIO_SQL}`),
    evidence: [
      { key: 'industry', sql: 'industry' },
      { key: 'industry_npl_ratio', sql: INDUSTRY_NPL_RATIO_SQL },
      { key: 'book_npl_ratio', sql: BOOK_NPL_RATIO_SQL },
    ],
  }),
  rule({
    id: 'new_officer',
    problem: 'P1',
    cause: 'C4',
    reason: 'An officer new to the job cannot apply rules nobody trained them in.',
    needs: ['officer_tenure_months'],
    thresholds: { months: 12 },
    condition: (t) => sql(`officer_tenure_months < ${num(t, 'months')}`),
    evidence: [
      { key: 'officer_id', sql: 'officer_id' },
      { key: 'officer_tenure_months', sql: 'officer_tenure_months' },
    ],
  }),
  rule({
    id: 'untrained_officer',
    problem: 'P1',
    cause: 'C4',
    reason: 'Too few training hours in the year before origination: the credit rules are not known, so not applied.',
    needs: ['officer_training_hours'],
    thresholds: { hours: 1 },
    condition: (t) => sql(`officer_training_hours < ${num(t, 'hours')}`),
    evidence: [
      { key: 'officer_id', sql: 'officer_id' },
      { key: 'officer_training_hours', sql: 'officer_training_hours' },
    ],
  }),
  rule({
    id: 'early_default',
    problem: 'P3',
    cause: 'C1',
    reason: 'Default soon after origination means underwriting did not see what the borrower knew: a screening failure.',
    needs: ['default_date', 'origination_date'],
    thresholds: { months: 12 },
    condition: (t) => sql(`default_on <= origination_date + INTERVAL (${whole(t, 'months')}) MONTH`),
    evidence: [
      { key: 'origination_date', sql: 'origination_date' },
      { key: 'default_date', sql: 'default_on' },
      { key: 'months_to_default', sql: 'months_to_default' },
    ],
  }),
];
