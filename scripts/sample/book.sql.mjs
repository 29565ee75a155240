/**
 * SQL that turns the staging tables into the canonical `loans`, `snapshots`, `inspections` and the
 * ground-truth `planted` table. Monthly snapshots are expanded here, inside DuckDB, because a
 * million-loan book has tens of millions of them.
 */
import { isoOf } from './calendar.mjs';
import { CLASS_MODE } from './loans.mjs';
import { AS_OF, RESERVE_RATES } from './reference.mjs';

const day = (/** @type {string} */ col) => `(DATE '1970-01-01' + ${col})`;
const reserveRate = `CASE five_class ${Object.entries(RESERVE_RATES).map(([c, r]) => `WHEN ${c} THEN ${r}`).join(' ')} END`;

const MACROS = `
CREATE OR REPLACE MACRO month_index(d) AS year(d) * 12 + month(d);
-- balance after k monthly instalments (interest-only and bullet loans repay at maturity)
CREATE OR REPLACE MACRO scheduled_balance(method, amount, rate, n, k) AS round(CASE method
  WHEN 'equal_principal' THEN amount * (1 - k / n)
  WHEN 'equal_installment' THEN amount * (pow(1 + rate / 12, n) - pow(1 + rate / 12, k)) / (pow(1 + rate / 12, n) - 1)
  ELSE amount END, 2);
`;

/** Each staging loan with the day it leaves the book (or the as-of day) and its frozen exposure. */
const LIFE = `
CREATE TEMP TABLE life AS
SELECT loan_id, origination, d0, cure, watch_from, class_mode, is_restructured, repayment_method, amount, interest_rate, term_months,
  CASE WHEN d0 IS NOT NULL AND cure IS NULL THEN least(${AS_OF}, coalesce(chargeoff_day - 1, ${AS_OF}))
       ELSE least(${AS_OF}, maturity - 1) END AS last_live,
  CASE WHEN d0 IS NOT NULL THEN greatest(month_index(${day('d0')}) - month_index(${day('origination')}) - 1, 0) END AS k_at_d0
FROM stage`;

const SNAPSHOTS = `
CREATE TABLE snapshots AS
WITH months AS (
  SELECT life.*, last_day(unnest(generate_series(date_trunc('month', ${day('origination + 1')}), date_trunc('month', ${day('last_live')}), INTERVAL 1 MONTH)))::DATE AS t
  FROM life WHERE last_live > origination
), observed AS (
  SELECT *, (t - DATE '1970-01-01')::INTEGER AS td FROM months
), paths AS (
  SELECT *,
    CASE WHEN d0 IS NOT NULL AND td >= d0 AND (cure IS NULL OR td < cure) THEN td - d0 + 1 ELSE 0 END AS dpd_t,
    greatest(month_index(t) - month_index(${day('origination')}) - 1, 0) AS k
  FROM observed WHERE td > origination AND td <= last_live
), classed AS (
  SELECT *,
    greatest(
      CASE WHEN dpd_t > 360 THEN 5 WHEN dpd_t > 270 THEN 4 WHEN dpd_t > 90 THEN 3 WHEN dpd_t > 0 THEN 2 ELSE 1 END,
      CASE WHEN watch_from <= td THEN 2 ELSE 1 END,
      CASE WHEN is_restructured AND td >= cure THEN 2 ELSE 1 END) AS judged,
    CASE WHEN dpd_t > 300 THEN 5 WHEN dpd_t > 180 THEN 4 WHEN dpd_t > 60 THEN 3 WHEN dpd_t > 0 THEN 2 ELSE 1 END AS prudent
  FROM paths
)
SELECT loan_id,
  t AS snapshot_date,
  scheduled_balance(repayment_method, amount, interest_rate, term_months, CASE WHEN dpd_t > 0 THEN least(k, k_at_d0) ELSE k END)::DOUBLE AS balance,
  dpd_t::INTEGER AS dpd,
  (CASE class_mode WHEN ${CLASS_MODE.floor} THEN judged WHEN ${CLASS_MODE.prudent} THEN greatest(judged, prudent)
    WHEN ${CLASS_MODE.capSpecialMention} THEN least(judged, 2) WHEN ${CLASS_MODE.stayNormal} THEN 1 END)::TINYINT AS five_class
FROM classed`;

const LOANS = `
CREATE TABLE loans AS
WITH closing AS (
  SELECT s.*, l.k_at_d0, n.balance AS b_now, n.dpd AS dpd_now, n.five_class AS class_now
  FROM stage s JOIN life l USING (loan_id)
  LEFT JOIN snapshots n ON n.loan_id = s.loan_id AND n.snapshot_date = DATE '${isoOf(AS_OF)}'
), status AS (
  SELECT *,
    coalesce(b_now, 0)::DOUBLE AS balance,
    coalesce(dpd_now, CASE WHEN chargeoff_day IS NOT NULL THEN chargeoff_day - d0 + 1 ELSE 0 END)::INTEGER AS dpd,
    coalesce(class_now, CASE WHEN chargeoff_day IS NOT NULL THEN 5 ELSE 1 END)::TINYINT AS five_class,
    CASE WHEN chargeoff_day IS NOT NULL THEN scheduled_balance(repayment_method, amount, interest_rate, term_months, k_at_d0) END AS exposure
  FROM closing
)
SELECT loan_id, borrower_id, borrower_name, group_id, enterprise_size, staff_count, revenue, total_assets, industry, region,
  ${day('relationship_start')} AS relationship_start_date, has_financial_statements, credit_line,
  branch, officer_id, officer_tenure_months, officer_training_hours, product,
  ${day('origination')} AS origination_date, ${day('maturity')} AS maturity_date, amount, interest_rate, term_months,
  repayment_method, collateral_type, collateral_value, guarantee_type, is_renewal, is_restructured,
  DATE '${isoOf(AS_OF)}' AS as_of_date, balance, dpd, five_class, NULL::INTEGER AS ifrs9_stage,
  rating, NULL::VARCHAR AS origination_rating, pd, NULL::DOUBLE AS lgd, round(balance * ${reserveRate}, 2)::DOUBLE AS reserve,
  ${day('application')} AS application_date, ${day('approval')} AS approval_date, ${day('origination')} AS disbursement_date,
  approval_level, approver_limit, approval_exception, skipped_step,
  ${day('last_inspection')} AS last_inspection_date, ${day('first_inspection')} AS first_inspection_date,
  default_day IS NOT NULL AS default_flag, ${day('default_day')} AS default_date,
  exposure::DOUBLE AS chargeoff_amount, ${day('chargeoff_day')} AS chargeoff_date,
  round(exposure * recovery_rate, 2)::DOUBLE AS recovery_amount
FROM status`;

const INSPECTIONS = `
CREATE TABLE inspections AS
SELECT loan_id, ${day('day')} AS inspection_date, finding FROM stage_inspections`;

const PLANTED = `
CREATE TABLE planted AS
SELECT loan_id,
  p_concentration AS planted_concentration,
  p_class_exception AS planted_class_exception,
  p_untrained_officer AS planted_untrained_officer,
  p_missed_inspection AS planted_missed_inspection,
  p_process_breach AS planted_process_breach,
  p_approval_exception AS planted_approval_exception,
  p_info_asymmetry AS planted_info_asymmetry,
  p_multiplier AS planted_pd_multiplier,
  p_lifetime_pd AS planted_lifetime_pd
FROM stage`;

/** Statements that build the canonical tables from the staging tables (any book with the base stage columns). */
export const BUILD_CANONICAL = [MACROS, LIFE, SNAPSHOTS, LOANS, INSPECTIONS];
export const DROP_STAGE = 'DROP TABLE life; DROP TABLE stage; DROP TABLE stage_inspections';

/** Statements in order; the staging tables are dropped at the end. */
export const BUILD_BOOK = [...BUILD_CANONICAL, PLANTED, DROP_STAGE];

/** Sort order of each output table. */
export const TABLE_ORDER = {
  loans: 'loan_id',
  snapshots: 'loan_id, snapshot_date',
  inspections: 'loan_id, inspection_date',
  planted: 'loan_id',
};
