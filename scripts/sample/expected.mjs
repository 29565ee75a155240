/**
 * The figures a reader (and the tests) should find in the generated book, computed from the
 * canonical tables with the observable columns only, never from the ground truth.
 */
import { isoOf } from './calendar.mjs';
import { AS_OF, CONCENTRATION_BRANCHES, CONCENTRATION_INDUSTRIES, EXCEPTION_BRANCH, PLANTED } from './reference.mjs';

/** Observable definition of each planted mechanism, as SQL over `loans`. */
const FLAG_SQL = {
  untrained_officer: 'officer_tenure_months < 12 OR officer_training_hours = 0',
  missed_inspection: 'first_inspection_date IS NULL OR first_inspection_date > disbursement_date + 90',
  process_breach: 'skipped_step IS NOT NULL OR disbursement_date < approval_date',
  approval_exception: 'approval_exception OR amount > approver_limit',
  info_asymmetry: 'origination_date - relationship_start_date < 183 OR NOT has_financial_statements',
};

/** Loans old enough for the 90-day inspection test to be decided. */
const INSPECTION_POPULATION = `disbursement_date <= DATE '${isoOf(AS_OF)}' - 90`;
const EARLY = 'default_date < origination_date + INTERVAL 12 MONTH';
const DPD_FLOOR = 'CASE WHEN dpd > 360 THEN 5 WHEN dpd > 270 THEN 4 WHEN dpd > 90 THEN 3 WHEN dpd > 0 THEN 2 ELSE 1 END';

const r4 = (/** @type {number} */ x) => Math.round(x * 1e4) / 1e4;
const r6 = (/** @type {number} */ x) => Math.round(x * 1e6) / 1e6;

/**
 * @param {import('@duckdb/node-api').DuckDBConnection} conn
 * @param {string} sql
 * @returns {Promise<Record<string, any>[]>}
 */
async function rows(conn, sql) {
  const reader = await conn.runAndReadAll(sql);
  return reader.getRowObjects().map((row) =>
    Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])),
  );
}

/** @param {import('@duckdb/node-api').DuckDBConnection} conn @param {string} sql */
const one = async (conn, sql) => (await rows(conn, sql))[0];

/**
 * @param {import('@duckdb/node-api').DuckDBConnection} conn with tables loans, snapshots, inspections
 * @param {{ seed: number, officers: number }} meta
 */
export async function expectedFigures(conn, meta) {
  const book = await one(
    conn,
    `SELECT count(*) AS loans, count(DISTINCT borrower_id) AS borrowers, count(*) FILTER (balance > 0) AS live_loans,
      sum(amount) AS total_amount, sum(balance) AS total_balance,
      sum(balance) FILTER (five_class >= 3) / sum(balance) AS npl_ratio_balance,
      count(*) FILTER (five_class >= 3 AND balance > 0) / count(*) FILTER (balance > 0) AS npl_ratio_count,
      sum(balance) FILTER (${DPD_FLOOR} >= 3) / sum(balance) AS npl_ratio_balance_by_dpd,
      avg(default_flag::INTEGER) AS cumulative_default_rate,
      count(*) FILTER (${EARLY}) / count(*) FILTER (default_flag) AS early_default_share,
      sum(reserve) AS reserves,
      sum(reserve) / sum(balance) FILTER (five_class >= 3) AS provision_coverage,
      sum(reserve) / sum(balance) AS loan_provision_ratio,
      1 - sum(recovery_amount) / sum(chargeoff_amount) AS realised_lgd
    FROM loans`,
  );
  const counts = await one(conn, `SELECT (SELECT count(*) FROM snapshots) AS snapshots, (SELECT count(*) FROM inspections) AS inspections`);

  const industries = await rows(
    conn,
    `SELECT industry, sum(balance) / (SELECT sum(balance) FROM loans) AS share FROM loans GROUP BY industry ORDER BY share DESC`,
  );
  const inList = (/** @type {string[]} */ xs) => xs.map((x) => `'${x}'`).join(', ');
  const concentration = await one(
    conn,
    `SELECT sum(balance) FILTER (industry IN (${inList(CONCENTRATION_INDUSTRIES)})) / sum(balance) AS industries_share,
      sum(balance) FILTER (industry IN (${inList(CONCENTRATION_INDUSTRIES)}) AND branch IN (${inList(CONCENTRATION_BRANCHES)}))
        / sum(balance) FILTER (industry IN (${inList(CONCENTRATION_INDUSTRIES)})) AS share_of_industries_in_branches,
      sum(balance) FILTER (industry IN (${inList(CONCENTRATION_INDUSTRIES)}) AND branch IN (${inList(CONCENTRATION_BRANCHES)}))
        / sum(balance) FILTER (branch IN (${inList(CONCENTRATION_BRANCHES)})) AS industries_share_within_branches,
      (SELECT sum(s * s) FROM (SELECT sum(balance) / (SELECT sum(balance) FROM loans) AS s FROM loans GROUP BY industry)) AS hhi_industry,
      (SELECT sum(b) FROM (SELECT sum(balance) AS b FROM loans GROUP BY borrower_id ORDER BY b DESC LIMIT 10)) / sum(balance) AS cr10_borrowers,
      (SELECT max(b) FROM (SELECT sum(balance) AS b FROM loans GROUP BY borrower_id)) / sum(balance) AS largest_borrower_share
    FROM loans`,
  );

  const exceptions = await rows(
    conn,
    `SELECT branch = '${EXCEPTION_BRANCH}' AS in_branch,
      count(*) FILTER (dpd > 90 AND balance > 0) AS loans_over_90,
      count(*) FILTER (dpd > 90 AND balance > 0 AND five_class <= 2) AS reported_performing,
      sum(balance) FILTER (dpd > 90 AND five_class <= 2) AS hidden_balance
    FROM loans GROUP BY ALL`,
  );
  const snapExceptions = await rows(
    conn,
    `SELECT l.branch = '${EXCEPTION_BRANCH}' AS in_branch,
      count(*) FILTER (s.dpd > 90) AS rows_over_90,
      count(*) FILTER (s.dpd > 90 AND s.five_class <= 2) AS rows_reported_performing,
      count(*) FILTER (s.five_class < CASE WHEN s.dpd > 360 THEN 5 WHEN s.dpd > 270 THEN 4 WHEN s.dpd > 90 THEN 3 WHEN s.dpd > 0 THEN 2 ELSE 1 END) AS rows_below_floor
    FROM snapshots s JOIN loans l USING (loan_id) GROUP BY ALL`,
  );
  const side = (/** @type {Record<string, any>[]} */ rs, /** @type {boolean} */ inBranch) => rs.find((r) => r.in_branch === inBranch) ?? {};
  const exIn = side(exceptions, true), exOut = side(exceptions, false);
  const snIn = side(snapExceptions, true), snOut = side(snapExceptions, false);

  /** @type {Record<string, any>} */
  const mechanisms = {};
  for (const [name, flag] of Object.entries(FLAG_SQL)) {
    const population = name === 'missed_inspection' ? INSPECTION_POPULATION : 'true';
    const m = await one(
      conn,
      `SELECT avg((${flag})::INTEGER) AS prevalence,
        avg(default_flag::INTEGER) FILTER (${flag}) AS default_rate_flagged,
        avg(default_flag::INTEGER) FILTER (NOT (${flag})) AS default_rate_other,
        avg(default_flag::INTEGER) AS default_rate_all,
        avg((${flag})::INTEGER) FILTER (default_flag) AS share_among_defaulted,
        avg((${flag})::INTEGER) FILTER (NOT default_flag) AS share_among_performing,
        count(*) FILTER (${EARLY}) / count(*) FILTER (default_flag) AS early_default_share_all,
        count(*) FILTER ((${flag}) AND ${EARLY}) / count(*) FILTER (default_flag AND ${EARLY}) AS share_of_early_defaults
      FROM loans WHERE ${population}`,
    );
    mechanisms[name] = {
      sql: flag,
      population: name === 'missed_inspection' ? INSPECTION_POPULATION : 'all loans',
      planted_multiplier: PLANTED[/** @type {keyof typeof PLANTED} */ (name)].multiplier,
      prevalence: r4(m.prevalence),
      default_rate_flagged: r4(m.default_rate_flagged),
      default_rate_other: r4(m.default_rate_other),
      rate_ratio: r4(m.default_rate_flagged / m.default_rate_other),
      lift: r4(m.default_rate_flagged / m.default_rate_all),
      share_among_defaulted: r4(m.share_among_defaulted),
      share_among_performing: r4(m.share_among_performing),
      share_of_early_defaults: r4(m.share_of_early_defaults),
    };
  }
  const noVisit = await one(
    conn,
    `SELECT avg(default_flag::INTEGER) FILTER (last_inspection_date IS NULL) / avg(default_flag::INTEGER) FILTER (last_inspection_date IS NOT NULL) AS ratio
     FROM loans WHERE ${INSPECTION_POPULATION}`,
  );
  mechanisms.missed_inspection.rate_ratio_never_inspected = r4(noVisit.ratio);

  return {
    seed: meta.seed,
    as_of_date: isoOf(AS_OF),
    loans: book.loans,
    borrowers: book.borrowers,
    officers: meta.officers,
    snapshots: counts.snapshots,
    inspections: counts.inspections,
    book: {
      live_loans: book.live_loans,
      total_amount: r4(book.total_amount),
      total_balance: r4(book.total_balance),
      npl_ratio_balance: r6(book.npl_ratio_balance),
      npl_ratio_count: r6(book.npl_ratio_count),
      npl_ratio_balance_by_dpd: r6(book.npl_ratio_balance_by_dpd),
      cumulative_default_rate: r6(book.cumulative_default_rate),
      early_default_share: r4(book.early_default_share),
      reserves: r4(book.reserves),
      provision_coverage: r4(book.provision_coverage),
      loan_provision_ratio: r6(book.loan_provision_ratio),
      realised_lgd: r4(book.realised_lgd),
    },
    concentration: {
      industries: CONCENTRATION_INDUSTRIES,
      branches: CONCENTRATION_BRANCHES,
      industry_shares: Object.fromEntries(industries.map((r) => [r.industry, r4(r.share)])),
      top_industry: industries[0].industry,
      top_industry_share: r4(industries[0].share),
      industries_share: r4(concentration.industries_share),
      share_of_industries_in_branches: r4(concentration.share_of_industries_in_branches),
      industries_share_within_branches: r4(concentration.industries_share_within_branches),
      hhi_industry: r4(concentration.hhi_industry),
      cr10_borrowers: r4(concentration.cr10_borrowers),
      largest_borrower_share: r4(concentration.largest_borrower_share),
    },
    class_exception: {
      branch: EXCEPTION_BRANCH,
      loans_over_90_dpd: exIn.loans_over_90,
      reported_normal_or_special_mention: exIn.reported_performing,
      share_reported_better: r4(exIn.reported_performing / exIn.loans_over_90),
      hidden_npl_balance: r4(exIn.hidden_balance ?? 0),
      other_branches_loans_over_90_dpd: exOut.loans_over_90,
      other_branches_reported_better: exOut.reported_performing,
      snapshot_rows_over_90_dpd: snIn.rows_over_90,
      snapshot_rows_reported_better: snIn.rows_reported_performing,
      snapshot_rows_below_floor: snIn.rows_below_floor,
      other_branches_snapshot_rows_below_floor: snOut.rows_below_floor,
    },
    mechanisms,
  };
}
