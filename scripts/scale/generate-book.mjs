#!/usr/bin/env node
/**
 * Generates a large synthetic loan book directly in native DuckDB SQL (far faster than the JS
 * sample generator): loans.parquet, snapshots.parquet (month ends of the last `--months` months,
 * for every loan on the book that month) and inspections.parquet in the canonical schema.
 *
 *   node scripts/scale/generate-book.mjs --loans 20000000 --months 12 --out DIR [--memory-limit 8GB]
 *
 * Every value is a hash of the loan number and a salt, so a size always gives the same book. The
 * default risk has known drivers (new or untrained officers, missing financial statements, loans
 * above the approver's authority, construction and real estate) so that the report finds something;
 * it is not the sample's planted ground truth and no test relies on its figures.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';

const { values } = parseArgs({
  options: {
    loans: { type: 'string', default: '100000' },
    months: { type: 'string', default: '12' },
    out: { type: 'string' },
    'as-of': { type: 'string', default: '2025-12-31' },
    'memory-limit': { type: 'string' },
  },
});
if (!values.out) {
  console.error('Usage: node scripts/scale/generate-book.mjs --loans N --months M --out DIR [--as-of YYYY-MM-DD] [--memory-limit 8GB]');
  process.exit(2);
}
const N = Number(values.loans);
const MONTHS = Number(values.months);
const AS_OF = values['as-of'];
if (!Number.isInteger(N) || N <= 0 || !Number.isInteger(MONTHS) || MONTHS < 0 || !/^\d{4}-\d{2}-\d{2}$/.test(AS_OF)) {
  console.error('--loans and --months must be whole numbers, --as-of a date');
  process.exit(2);
}
const out = resolve(values.out);
await mkdir(out, { recursive: true });
const q = (s) => `'${s.replaceAll("'", "''")}'`;

const config = { preserve_insertion_order: 'false' };
if (values['memory-limit']) config.memory_limit = values['memory-limit'];
const instance = await DuckDBInstance.create(':memory:', config);
const conn = await instance.connect();

// u(i, salt) in the SQL below: a uniform number in [0, 1) from the loan number and a salt (each
// salt becomes a 16-bit slice of a per-loan hash); pick(list, u) an element of a list.
await conn.run(`CREATE MACRO pick(list, x) AS list[1 + least(floor(x * len(list))::INTEGER, len(list) - 1)]`);
await conn.run(`CREATE MACRO class_of(d) AS CAST(CASE WHEN d > 360 THEN 5 WHEN d > 180 THEN 4 WHEN d > 90 THEN 3 WHEN d > 0 THEN 2 ELSE 1 END AS TINYINT)`);

const LOANS_TEMPLATE = `
WITH seeds AS (SELECT i, SEED_COLUMNS FROM range(${N}) t(i)),
base AS (
  SELECT seeds.*,
    -- originations over the six years before the as-of date, growing year on year
    CAST(DATE ${q(AS_OF)} - INTERVAL 6 YEAR AS DATE) + CAST(floor(sqrt(u(i, 'orig')) * 6 * 365) AS INTEGER) AS origination_date,
    pick([12, 24, 36, 60], u(i, 'term')) AS term_months,
    round(50000 * pow(200, pow(u(i, 'amount'), 1.6)), -3) AS amount,
    CASE WHEN u(i, 'size') < 0.45 THEN 'micro' WHEN u(i, 'size') < 0.8 THEN 'small' WHEN u(i, 'size') < 0.95 THEN 'medium' ELSE 'large' END AS enterprise_size,
    pick(['C', 'E', 'F', 'K', 'G', 'H', 'I', 'L', 'M', 'A', 'O', 'Q'], pow(u(i, 'industry'), 1.3)) AS industry,
    floor(u(i, 'tenure') * 120)::INTEGER AS officer_tenure_months,
    round(u(i, 'training') * 40, 1) AS officer_training_hours,
    u(i, 'fs') > 0.18 AS has_financial_statements,
    u(i, 'authority') < 0.05 AS above_authority
  FROM seeds
),
risk AS (
  SELECT *,
    least(0.9, 0.025
      * CASE WHEN officer_tenure_months < 12 THEN 2.2 ELSE 1 END
      * CASE WHEN officer_training_hours < 1 THEN 1.8 ELSE 1 END
      * CASE WHEN has_financial_statements THEN 1 ELSE 2.0 END
      * CASE WHEN above_authority THEN 2.5 ELSE 1 END
      * CASE WHEN industry IN ('E', 'K') THEN 1.7 ELSE 1 END
      * CASE WHEN enterprise_size = 'micro' THEN 1.3 ELSE 1 END) AS true_pd,
    CAST(origination_date + to_months(term_months) AS DATE) AS maturity_date
  FROM base
),
status AS (
  SELECT *,
    u(i, 'default') < true_pd AS default_flag,
    CASE WHEN u(i, 'default') < true_pd
      THEN CAST(origination_date + CAST(floor(u(i, 'ddate') * term_months * 30 * 0.8) + 30 AS INTEGER) AS DATE) END AS dd
  FROM risk
),
book AS (
  SELECT *,
    CASE WHEN dd > DATE ${q(AS_OF)} THEN FALSE ELSE default_flag END AS defaulted,
    CASE WHEN dd > DATE ${q(AS_OF)} THEN NULL ELSE dd END AS default_date,
    greatest(0, date_diff('month', origination_date, DATE ${q(AS_OF)})) AS age_months
  FROM status
),
final AS (
  SELECT *,
    CASE
      WHEN defaulted THEN greatest(90, date_diff('day', default_date, DATE ${q(AS_OF)}) + 90)
      WHEN maturity_date <= DATE ${q(AS_OF)} THEN 0
      WHEN u(i, 'late') < 0.04 THEN 1 + floor(u(i, 'lateby') * 85)::INTEGER
      ELSE 0 END AS dpd_now,
    CASE
      WHEN defaulted THEN round(amount * greatest(0.1, 1 - least(age_months, term_months) / term_months) * (1 - 0.5 * u(i, 'co')), 2)
      WHEN maturity_date <= DATE ${q(AS_OF)} THEN 0
      ELSE round(amount * greatest(0.02, 1 - age_months / term_months), 2) END AS bal
  FROM book
)
SELECT
  'L' || lpad(CAST(i AS VARCHAR), 9, '0') AS loan_id,
  'B' || lpad(CAST(hash(i, 'borrower') % greatest(1, ${Math.round(N * 0.65)}) AS VARCHAR), 9, '0') AS borrower_id,
  CAST(NULL AS VARCHAR) AS borrower_name,
  CASE WHEN u(i, 'group') < 0.1 THEN 'G' || CAST(hash(i, 'gid') % greatest(1, ${Math.round(N / 200)}) AS VARCHAR) END AS group_id,
  enterprise_size,
  CAST(CASE enterprise_size WHEN 'micro' THEN 2 + floor(u(i, 'staff') * 8) WHEN 'small' THEN 10 + floor(u(i, 'staff') * 90) WHEN 'medium' THEN 100 + floor(u(i, 'staff') * 200) ELSE 300 + floor(u(i, 'staff') * 1000) END AS INTEGER) AS staff_count,
  round(amount / 10000 * (2 + 8 * u(i, 'revenue')), 1) AS revenue,
  round(amount / 10000 * (3 + 12 * u(i, 'assets')), 1) AS total_assets,
  industry,
  pick(['杭州', '宁波', '温州', '嘉兴', '湖州', '绍兴', '金华', '衢州', '舟山', '台州', '丽水'], u(i, 'region')) AS region,
  CAST(origination_date - CAST(floor(u(i, 'rel') * 3000) AS INTEGER) AS DATE) AS relationship_start_date,
  has_financial_statements,
  round(amount * (1 + u(i, 'line')), -3) AS credit_line,
  'BR' || lpad(CAST(floor(pow(u(i, 'branch'), 1.2) * 240) AS VARCHAR), 3, '0') AS branch,
  'O' || lpad(CAST(hash(i, 'officer') % 6000 AS VARCHAR), 5, '0') AS officer_id,
  officer_tenure_months,
  officer_training_hours,
  pick(['working_capital', 'term_loan', 'trade_finance', 'micro_credit'], u(i, 'product')) AS product,
  origination_date,
  maturity_date,
  amount,
  round(0.03 + 0.05 * u(i, 'rate'), 4) AS interest_rate,
  term_months,
  pick(['equal_installment', 'interest_only', 'bullet'], u(i, 'repay')) AS repayment_method,
  pick(['none', 'none', 'property', 'equipment', 'receivables'], u(i, 'coll')) AS collateral_type,
  round(amount * (0.8 + u(i, 'cval')), -3) AS collateral_value,
  pick(['none', 'personal', 'company', 'guarantor_firm'], u(i, 'guar')) AS guarantee_type,
  u(i, 'renewal') < 0.08 AS is_renewal,
  u(i, 'restructured') < 0.03 AS is_restructured,
  DATE ${q(AS_OF)} AS as_of_date,
  bal AS balance,
  dpd_now AS dpd,
  CASE WHEN u(i, 'misclass') < 0.01 THEN 1 ELSE class_of(dpd_now) END AS five_class,
  CASE WHEN dpd_now > 90 THEN 3 WHEN dpd_now > 30 THEN 2 ELSE 1 END AS ifrs9_stage,
  pick(['AAA', 'AA', 'A', 'BBB', 'BB', 'B'], least(0.999, true_pd * 8 * (0.5 + u(i, 'rating')))) AS rating,
  round(least(0.95, true_pd * (0.6 + 0.8 * u(i, 'pd'))), 4) AS pd,
  CAST(NULL AS DOUBLE) AS lgd,
  round(bal * least(1, true_pd * 0.45 * CASE WHEN dpd_now > 90 THEN 12 ELSE 1 END), 2) AS reserve,
  CAST(origination_date - 25 AS DATE) AS application_date,
  CAST(origination_date - 8 AS DATE) AS approval_date,
  CAST(origination_date - CASE WHEN u(i, 'early') < 0.02 THEN 12 ELSE 0 END AS DATE) AS disbursement_date,
  pick(['sub_branch', 'branch', 'head_office'], u(i, 'level')) AS approval_level,
  CASE WHEN above_authority THEN round(amount * 0.7, -3) ELSE round(amount * 2, -3) END AS approver_limit,
  u(i, 'exception') < 0.04 AS approval_exception,
  CASE WHEN u(i, 'skip') < 0.02 THEN 'site_visit' END AS skipped_step,
  CASE WHEN u(i, 'insp') < 0.75 THEN CAST(origination_date + 30 + CAST(floor(u(i, 'insp2') * 300) AS INTEGER) AS DATE) END AS last_inspection_date,
  CASE WHEN u(i, 'insp') < 0.75 THEN CAST(origination_date + 30 + CAST(floor(u(i, 'insp1') * 100) AS INTEGER) AS DATE) END AS first_inspection_date,
  defaulted AS default_flag,
  default_date,
  CASE WHEN defaulted AND u(i, 'co') < 0.6 THEN round(amount * 0.5 * (0.3 + u(i, 'coamt')), 2) END AS chargeoff_amount,
  CASE WHEN defaulted AND u(i, 'co') < 0.6 THEN CAST(default_date + 180 AS DATE) END AS chargeoff_date,
  CASE WHEN defaulted AND u(i, 'co') < 0.6 THEN round(amount * 0.5 * (0.3 + u(i, 'coamt')) * 0.45 * u(i, 'rec'), 2) END AS recovery_amount
FROM final`;

// Four 16-bit uniforms from each 64-bit hash: a quarter of the hashing of one hash per draw.
const salts = [...new Set([...LOANS_TEMPLATE.matchAll(/u\(i, '(\w+)'\)/g)].map((m) => m[1]))];
const seeds = Array.from({ length: Math.ceil(salts.length / 4) }, (_, j) => `hash(i, 'seed${j}') AS h${j}`);
const LOANS = LOANS_TEMPLATE.replace('SEED_COLUMNS', seeds.join(', ')).replace(/u\(i, '(\w+)'\)/g, (_, salt) => {
  const n = salts.indexOf(salt);
  return `(((h${Math.floor(n / 4)} >> ${16 * (n % 4)}) & 65535) / 65536.0)`;
});

const parquet = (file) => `${q(join(out, file))} (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 122880)`;
const time = async (label, sql) => {
  const t = performance.now();
  await conn.run(sql);
  console.log(`${label}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
};

await time(`loans (${N})`, `COPY (${LOANS}) TO ${parquet('loans.parquet')}`);

// A snapshot per live loan per month end: balance amortising, DPD from the default date on.
const SNAPSHOTS = `
WITH months AS (
  SELECT CAST(last_day(DATE ${q(AS_OF)} - to_months(m)) AS DATE) AS snapshot_date FROM range(${MONTHS}) t(m)
),
l AS (SELECT loan_id, origination_date, maturity_date, term_months, amount, default_date FROM read_parquet(${q(join(out, 'loans.parquet'))}))
SELECT l.loan_id, m.snapshot_date,
  round(CASE WHEN l.default_date IS NOT NULL AND l.default_date <= m.snapshot_date
    THEN l.amount * greatest(0.1, 1 - date_diff('month', l.origination_date, l.default_date) / l.term_months)
    ELSE l.amount * greatest(0.02, 1 - date_diff('month', l.origination_date, m.snapshot_date) / l.term_months) END, 2) AS balance,
  CASE WHEN l.default_date IS NOT NULL AND l.default_date - 90 <= m.snapshot_date
    THEN greatest(1, date_diff('day', l.default_date, m.snapshot_date) + 90) ELSE 0 END AS dpd,
  class_of(CASE WHEN l.default_date IS NOT NULL AND l.default_date - 90 <= m.snapshot_date
    THEN greatest(1, date_diff('day', l.default_date, m.snapshot_date) + 90) ELSE 0 END) AS five_class
FROM l JOIN months m ON l.origination_date <= m.snapshot_date
  AND (l.maturity_date > m.snapshot_date OR (l.default_date IS NOT NULL AND l.default_date <= m.snapshot_date))`;
if (MONTHS > 0) await time('snapshots', `COPY (${SNAPSHOTS}) TO ${parquet('snapshots.parquet')}`);

const INSPECTIONS = `
SELECT loan_id, first_inspection_date AS inspection_date, 'visit' AS finding FROM read_parquet(${q(join(out, 'loans.parquet'))}) WHERE first_inspection_date IS NOT NULL
UNION ALL
SELECT loan_id, last_inspection_date, CASE WHEN default_flag THEN 'deterioration' ELSE 'no_issue' END FROM read_parquet(${q(join(out, 'loans.parquet'))}) WHERE last_inspection_date IS NOT NULL AND last_inspection_date <> first_inspection_date`;
await time('inspections', `COPY (${INSPECTIONS}) TO ${parquet('inspections.parquet')}`);

for (const t of ['loans', 'snapshots', 'inspections']) {
  if (t === 'snapshots' && MONTHS === 0) continue;
  const r = await conn.runAndReadAll(`SELECT count(*) AS n FROM read_parquet(${q(join(out, `${t}.parquet`))})`);
  console.log(`${t}.parquet: ${r.getRowObjects()[0].n} rows`);
}
conn.closeSync();
instance.closeSync();
