/**
 * A clean book: every red-flag attribute present at realistic rates, but defaults drawn
 * independently of all of them, industries and branches evenly spread, classes at their DPD floor.
 * `h(k)` is a uniform number in [0, 1) from the seed, the loan and a salt.
 */
export function cleanBookSql(seed: number, loans: number): string {
  const h = (salt: number) => `(hash(${seed}, i, ${salt}) % 1000003) / 1000003.0`;
  return `
WITH base AS (SELECT range AS i FROM range(${loans})),
draw AS (
  SELECT i,
    ${h(1)} AS u_default, ${h(2)} AS u_industry, ${h(3)} AS u_branch, ${h(4)} AS u_orig, ${h(5)} AS u_amount,
    ${h(6)} AS u_live, ${h(7)} AS u_skip, ${h(8)} AS u_exc, ${h(9)} AS u_limit, ${h(10)} AS u_insp,
    ${h(11)} AS u_tenure, ${h(12)} AS u_train, ${h(13)} AS u_rel, ${h(14)} AS u_fin, ${h(15)} AS u_coll,
    ${h(16)} AS u_guar, ${h(17)} AS u_renew, ${h(18)} AS u_early, ${h(19)} AS u_dpd, ${h(20)} AS u_restr
  FROM base),
loan AS (
  SELECT *, u_default < 0.06 AS defaulted,
    DATE '2021-01-01' + CAST(floor(u_orig * 1700) AS INTEGER) AS orig,
    round(200000 + u_amount * 2800000, -3) AS amt
  FROM draw)
SELECT
  'C' || lpad(CAST(i AS VARCHAR), 6, '0') AS loan_id,
  'B' || lpad(CAST(i AS VARCHAR), 6, '0') AS borrower_id,
  ['A','C','E','F','G','I','K','L'][1 + CAST(floor(u_industry * 8) AS INTEGER)] AS industry,
  ['北支行','南支行','东支行','西支行','中支行','新支行'][1 + CAST(floor(u_branch * 6) AS INTEGER)] AS branch,
  'R' || CAST(floor(u_branch * 3) AS INTEGER) AS region,
  CASE WHEN u_amount < 0.5 THEN 'micro' WHEN u_amount < 0.9 THEN 'small' ELSE 'medium' END AS enterprise_size,
  'O' || CAST(floor(u_tenure * 40) AS INTEGER) AS officer_id,
  orig AS origination_date, orig AS disbursement_date,
  orig - CAST(5 + floor(u_exc * 10) AS INTEGER) - 3 AS application_date,
  CASE WHEN u_skip > 0.97 THEN orig + 2 ELSE orig - 2 END AS approval_date,
  amt AS amount,
  CASE WHEN defaulted THEN 0 WHEN u_live < 0.45 THEN round(amt * (0.3 + u_live), 2) ELSE 0 END AS balance,
  CASE WHEN defaulted THEN 400 WHEN u_live < 0.45 AND u_dpd < 0.03 THEN 20 ELSE 0 END AS dpd,
  CASE WHEN defaulted THEN 5 WHEN u_live < 0.45 AND u_dpd < 0.03 THEN 2 ELSE 1 END AS five_class,
  defaulted AS default_flag,
  CASE WHEN defaulted THEN orig + CAST(60 + floor(u_early * 700) AS INTEGER) END AS default_date,
  CASE WHEN u_skip < 0.05 THEN 'site_visit' END AS skipped_step,
  u_exc < 0.06 AS approval_exception,
  CASE WHEN u_limit < 0.04 THEN amt - 1000 ELSE amt * 2 END AS approver_limit,
  CASE WHEN u_insp < 0.2 THEN NULL ELSE orig + CAST(20 + floor(u_insp * 60) AS INTEGER) END AS first_inspection_date,
  CASE WHEN u_insp < 0.2 THEN NULL ELSE DATE '2025-12-31' - CAST(floor(u_insp * 60) AS INTEGER) END AS last_inspection_date,
  CAST(floor(u_tenure * 120) AS INTEGER) AS officer_tenure_months,
  CAST(floor(u_train * 60) AS INTEGER) AS officer_training_hours,
  CASE WHEN u_rel < 0.3 THEN orig - 30 ELSE orig - 900 END AS relationship_start_date,
  u_fin > 0.25 AS has_financial_statements,
  CASE WHEN u_coll < 0.4 THEN 'none' ELSE 'real_estate' END AS collateral_type,
  CASE WHEN u_coll < 0.4 THEN NULL ELSE amt * (1 + u_coll) END AS collateral_value,
  CASE WHEN u_guar < 0.5 THEN 'none' ELSE 'third_party' END AS guarantee_type,
  u_renew < 0.1 AS is_renewal,
  u_restr < 0.02 AS is_restructured,
  DATE '2025-12-31' AS as_of_date
FROM loan`;
}

/** Only what the brief calls a sparse book: an amount and a default flag per loan. */
export function sparseBookSql(loans: number): string {
  return `SELECT round(100000 + (hash(i, 1) % 1000) * 1000, 0) AS amount, (hash(i, 2) % 100) < 5 AS default_flag
FROM (SELECT range AS i FROM range(${loans}))`;
}
