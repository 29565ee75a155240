/**
 * The figures a reader (and the tests) should find in Bank B, computed from the canonical tables
 * with the observable columns only, never from the ground truth.
 */
import { isoOf } from '../calendar.mjs';
import { AS_OF, FRAUD, SEASONAL, SHOCK } from './reference.mjs';

const r4 = (/** @type {number} */ x) => Math.round(x * 1e4) / 1e4;
const r6 = (/** @type {number} */ x) => Math.round(x * 1e6) / 1e6;

/** @param {import('@duckdb/node-api').DuckDBConnection} conn @param {string} sql @returns {Promise<Record<string, any>[]>} */
async function rows(conn, sql) {
  const reader = await conn.runAndReadAll(sql);
  return reader.getRowObjects().map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
}
/** @param {import('@duckdb/node-api').DuckDBConnection} conn @param {string} sql */
const one = async (conn, sql) => (await rows(conn, sql))[0];

const SHOCK_ISO = isoOf(SHOCK.date);
/** Observable definitions, as SQL over `loans`. */
export const SQL = {
  shock_segment: `region = '${SHOCK.county}' AND industry = '${SHOCK.industry}'`,
  /** on the book at the shock date, or originated in the year after it */
  shock_exposed: `origination_date <= DATE '${isoOf(SHOCK.until)}' AND maturity_date > DATE '${SHOCK_ISO}'`,
  /** the first instalment was never paid: default within four reporting months of origination */
  first_payment_default: `default_flag AND date_diff('month', origination_date, default_date) <= 4`,
  /** a seasonal farm loan: interest monthly, the principal at harvest */
  seasonal: `repayment_method = 'interest_only' AND month(maturity_date) IN (${SEASONAL.harvestMonths.join(', ')})`,
};

/**
 * @param {import('@duckdb/node-api').DuckDBConnection} conn with tables loans, snapshots, inspections
 * @param {{ seed: number, officers: number, fraudOfficer: string }} meta
 */
export async function expectedFigures(conn, meta) {
  const book = await one(
    conn,
    `SELECT count(*) AS loans, count(DISTINCT borrower_id) AS borrowers, count(*) FILTER (balance > 0) AS live_loans,
      sum(amount) AS total_amount, sum(balance) AS total_balance,
      sum(balance) FILTER (five_class >= 3) / sum(balance) AS npl_ratio_balance,
      count(*) FILTER (five_class >= 3 AND balance > 0) / count(*) FILTER (balance > 0) AS npl_ratio_count,
      avg(default_flag::INTEGER) AS cumulative_default_rate,
      count(*) FILTER (default_flag) AS defaults,
      count(DISTINCT region) AS counties, count(DISTINCT branch) AS branches,
      (SELECT count(*) FROM snapshots) AS snapshots, (SELECT count(*) FROM inspections) AS inspections
    FROM loans`,
  );

  // (1) price shock
  const seg = SQL.shock_segment, exposed = SQL.shock_exposed;
  const shock = await one(
    conn,
    `SELECT count(*) FILTER (${seg}) AS segment_loans,
      count(*) FILTER (${seg} AND ${exposed}) AS exposed_loans,
      avg(default_flag::INTEGER) FILTER (${seg} AND ${exposed}) AS default_rate_exposed,
      avg(default_flag::INTEGER) FILTER (industry = '${SHOCK.industry}' AND region <> '${SHOCK.county}' AND ${exposed}) AS default_rate_livestock_elsewhere,
      avg(default_flag::INTEGER) FILTER (NOT (${seg})) AS default_rate_rest_of_book,
      count(*) FILTER (${seg} AND default_flag AND default_date < DATE '${SHOCK_ISO}') AS defaults_before_shock,
      count(*) FILTER (${seg} AND default_flag AND default_date >= DATE '${SHOCK_ISO}') AS defaults_after_shock,
      count(*) FILTER (${seg} AND default_flag AND default_date >= DATE '${SHOCK_ISO}' - INTERVAL 12 MONTH AND default_date < DATE '${SHOCK_ISO}') AS defaults_12m_before,
      count(*) FILTER (${seg} AND default_flag AND default_date >= DATE '${SHOCK_ISO}' AND default_date < DATE '${SHOCK_ISO}' + INTERVAL 12 MONTH) AS defaults_12m_after,
      count(*) FILTER (${seg} AND default_flag AND default_date >= DATE '${SHOCK_ISO}' + INTERVAL 6 MONTH AND default_date < DATE '${SHOCK_ISO}' + INTERVAL 18 MONTH) AS defaults_6_to_18m_after
    FROM loans`,
  );
  const byRegion = await rows(
    conn,
    `SELECT region, industry, count(*) AS loans, avg(default_flag::INTEGER) AS default_rate
     FROM loans GROUP BY ALL HAVING count(*) >= 30 ORDER BY default_rate DESC, region, industry`,
  );
  const quarterly = await rows(
    conn,
    `SELECT strftime(default_date, '%Y') || '-Q' || quarter(default_date) AS quarter, count(*) AS defaults
     FROM loans WHERE ${seg} AND default_flag GROUP BY ALL ORDER BY quarter`,
  );
  // vintage by origination year, 12 reporting months on book (as the vintage view counts them)
  const vintage = await rows(
    conn,
    `SELECT year(origination_date) AS cohort, (${seg}) AS in_segment, count(*) AS loans,
      count(*) FILTER (default_flag AND date_diff('month', origination_date, default_date) <= 12) / count(*) AS cum_default_12m
     FROM loans WHERE year(origination_date) IN (2022, 2023) GROUP BY ALL ORDER BY cohort, in_segment`,
  );
  const vin = (/** @type {number} */ y, /** @type {boolean} */ s) => r4(vintage.find((v) => v.cohort === y && v.in_segment === s)?.cum_default_12m ?? NaN);

  // (2) broker fraud: the officer's loans in the window
  const officerSql = `officer_id = '${meta.fraudOfficer}'`;
  const windowSql = `origination_date BETWEEN DATE '${isoOf(FRAUD.from)}' AND DATE '${isoOf(FRAUD.to)}'`;
  const introducedSql = `${officerSql} AND ${windowSql} AND origination_date - relationship_start_date <= 30 AND NOT has_financial_statements AND product = 'inclusive_credit'`;
  const fraud = await one(
    conn,
    `SELECT count(*) FILTER (${officerSql}) AS officer_loans,
      avg(default_flag::INTEGER) FILTER (${officerSql}) AS officer_default_rate,
      avg(default_flag::INTEGER) FILTER (branch = '${FRAUD.branch}' AND NOT (${officerSql})) AS branch_others_default_rate,
      count(*) FILTER (${introducedSql}) AS introduced_loans,
      avg(default_flag::INTEGER) FILTER (${introducedSql}) AS introduced_default_rate,
      count(*) FILTER (${introducedSql} AND ${SQL.first_payment_default}) AS introduced_first_payment_defaults,
      max(amount) FILTER (${introducedSql}) AS introduced_max_amount,
      min(amount) FILTER (${introducedSql}) AS introduced_min_amount,
      count(*) FILTER (${introducedSql} AND guarantee_type = 'joint') AS introduced_joint_guarantee,
      count(*) FILTER (${introducedSql} AND first_inspection_date IS NULL) AS introduced_never_inspected,
      count(*) FILTER (${SQL.first_payment_default}) AS book_first_payment_defaults,
      count(*) FILTER (${SQL.first_payment_default} AND ${officerSql}) AS officer_first_payment_defaults
    FROM loans`,
  );
  const officerRank = await rows(
    conn,
    `SELECT officer_id, count(*) AS loans, avg(default_flag::INTEGER) AS default_rate,
      count(*) FILTER (${SQL.first_payment_default}) AS first_payment_defaults
     FROM loans GROUP BY ALL HAVING count(*) >= 30 ORDER BY first_payment_defaults DESC, officer_id LIMIT 3`,
  );

  // (3) seasonal repayment: delinquency and roll rates by calendar month, balloons at harvest
  const delinquency = await rows(
    conn,
    `SELECT month(snapshot_date) AS month, count(*) AS rows,
      count(*) FILTER (dpd BETWEEN 1 AND 90) / count(*) AS share_1_90_count,
      sum(balance) FILTER (dpd BETWEEN 1 AND 90) / sum(balance) AS share_1_90_balance
     FROM snapshots GROUP BY ALL ORDER BY month`,
  );
  const roll = await rows(
    conn,
    `WITH s AS (SELECT loan_id, date_trunc('month', snapshot_date)::DATE AS m, balance, dpd FROM snapshots),
     months AS (SELECT DISTINCT m FROM s)
     SELECT month(p.m + INTERVAL 1 MONTH) AS month,
       sum(c.balance) FILTER (c.dpd BETWEEN 1 AND 30) / sum(p.balance) AS roll_current_to_1_30
     FROM s p JOIN months nm ON nm.m = (p.m + INTERVAL 1 MONTH)::DATE
     LEFT JOIN s c ON c.loan_id = p.loan_id AND c.m = nm.m
     WHERE p.dpd = 0 GROUP BY ALL ORDER BY month`,
  );
  const balloons = await rows(
    conn,
    `SELECT month(maturity_date) AS month, sum(amount) AS repaid
     FROM loans WHERE ${SQL.seasonal} AND NOT default_flag AND maturity_date <= DATE '${isoOf(AS_OF)}' GROUP BY ALL ORDER BY month`,
  );
  const seasonalShare = await one(conn, `SELECT avg((${SQL.seasonal})::INTEGER) AS share FROM loans`);
  const argmax = (/** @type {Record<string, any>[]} */ rs, /** @type {string} */ k) => rs.reduce((a, b) => (b[k] > a[k] ? b : a)).month;
  const argmin = (/** @type {Record<string, any>[]} */ rs, /** @type {string} */ k) => rs.reduce((a, b) => (b[k] < a[k] ? b : a)).month;
  const totalBalloons = balloons.reduce((s, b) => s + b.repaid, 0);
  const harvestBalloons = balloons.filter((b) => SEASONAL.harvestMonths.includes(b.month)).reduce((s, b) => s + b.repaid, 0);

  return {
    seed: meta.seed,
    as_of_date: isoOf(AS_OF),
    loans: book.loans,
    borrowers: book.borrowers,
    officers: meta.officers,
    snapshots: book.snapshots,
    inspections: book.inspections,
    book: {
      counties: book.counties,
      branches: book.branches,
      live_loans: book.live_loans,
      total_amount: r4(book.total_amount),
      total_balance: r4(book.total_balance),
      npl_ratio_balance: r6(book.npl_ratio_balance),
      npl_ratio_count: r6(book.npl_ratio_count),
      cumulative_default_rate: r6(book.cumulative_default_rate),
      defaults: book.defaults,
    },
    price_shock: {
      county: SHOCK.county,
      industry: SHOCK.industry,
      shock_date: SHOCK_ISO,
      segment_sql: seg,
      exposed_sql: exposed,
      planted_multiplier: SHOCK.multiplier,
      segment_loans: shock.segment_loans,
      exposed_loans: shock.exposed_loans,
      default_rate_exposed: r4(shock.default_rate_exposed),
      default_rate_livestock_elsewhere: r4(shock.default_rate_livestock_elsewhere),
      default_rate_rest_of_book: r4(shock.default_rate_rest_of_book),
      defaults_before_shock: shock.defaults_before_shock,
      defaults_after_shock: shock.defaults_after_shock,
      defaults_12m_before: shock.defaults_12m_before,
      defaults_12m_after: shock.defaults_12m_after,
      defaults_6_to_18m_after: shock.defaults_6_to_18m_after,
      top_region_industry: { region: byRegion[0].region, industry: byRegion[0].industry, default_rate: r4(byRegion[0].default_rate), loans: byRegion[0].loans },
      defaults_by_quarter: Object.fromEntries(quarterly.map((q) => [q.quarter, q.defaults])),
      vintage_12m: {
        segment_2022: vin(2022, true),
        rest_2022: vin(2022, false),
        segment_2023: vin(2023, true),
        rest_2023: vin(2023, false),
      },
    },
    broker_fraud: {
      branch: FRAUD.branch,
      officer: meta.fraudOfficer,
      window: [isoOf(FRAUD.from), isoOf(FRAUD.to)],
      introduced_sql: introducedSql,
      first_payment_default_sql: SQL.first_payment_default,
      sub_branch_authority: 300_000,
      officer_loans: fraud.officer_loans,
      officer_default_rate: r4(fraud.officer_default_rate),
      branch_others_default_rate: r4(fraud.branch_others_default_rate),
      introduced_loans: fraud.introduced_loans,
      introduced_default_rate: r4(fraud.introduced_default_rate),
      introduced_first_payment_defaults: fraud.introduced_first_payment_defaults,
      introduced_min_amount: fraud.introduced_min_amount,
      introduced_max_amount: fraud.introduced_max_amount,
      introduced_joint_guarantee: fraud.introduced_joint_guarantee,
      introduced_never_inspected: fraud.introduced_never_inspected,
      book_first_payment_defaults: fraud.book_first_payment_defaults,
      officer_first_payment_defaults: fraud.officer_first_payment_defaults,
      officer_share_of_first_payment_defaults: r4(fraud.officer_first_payment_defaults / fraud.book_first_payment_defaults),
      top_officers_by_first_payment_defaults: officerRank.map((o) => ({ officer: o.officer_id, loans: o.loans, first_payment_defaults: o.first_payment_defaults, default_rate: r4(o.default_rate) })),
    },
    seasonal: {
      seasonal_sql: SQL.seasonal,
      seasonal_share_of_loans: r4(seasonalShare.share),
      harvest_months: SEASONAL.harvestMonths,
      delinquency_by_month: delinquency.map((d) => ({ month: d.month, rows: d.rows, share_1_90_count: r4(d.share_1_90_count), share_1_90_balance: r4(d.share_1_90_balance) })),
      delinquency_peak_month: argmax(delinquency, 'share_1_90_balance'),
      delinquency_trough_month: argmin(delinquency, 'share_1_90_balance'),
      roll_current_to_1_30_by_month: roll.map((r) => ({ month: r.month, rate: r6(r.roll_current_to_1_30 ?? 0) })),
      roll_peak_month: argmax(roll, 'roll_current_to_1_30'),
      roll_trough_month: argmin(roll, 'roll_current_to_1_30'),
      balloon_share_in_harvest_months: r4(harvestBalloons / totalBalloons),
    },
  };
}
