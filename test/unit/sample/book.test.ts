import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLES, sqlType } from '../../../src/lib/schema/canonical';
import { ensureSample } from '../../../scripts/sample/ensure.mjs';
import { BANK_A } from '../../../scripts/sample/paths.mjs';
import { num, one, openBook, rows, type Row } from './db';

/** DPD floor of DOMAIN.md: any overdue ≥ special mention, > 90 substandard, > 270 doubtful, > 360 loss. */
const FLOOR = (dpd: string) =>
  `CASE WHEN ${dpd} > 360 THEN 5 WHEN ${dpd} > 270 THEN 4 WHEN ${dpd} > 90 THEN 3 WHEN ${dpd} > 0 THEN 2 ELSE 1 END`;

/** MIIT 2011 size rules as tabled in DOMAIN.md, written out independently of the generator. */
const rule = (a: string, aMed: number, b: string, bMed: number, aSmall: number, bSmall: number) =>
  `CASE WHEN ${a} >= ${aMed} AND ${b} >= ${bMed} THEN 'medium' WHEN ${a} >= ${aSmall} AND ${b} >= ${bSmall} THEN 'small' ELSE 'micro' END`;
const MIIT = {
  industry: rule('staff_count', 300, 'revenue', 2000, 20, 300),
  construction: rule('revenue', 6000, 'total_assets', 5000, 300, 300),
  software: rule('staff_count', 100, 'revenue', 1000, 10, 50),
  wholesale: rule('staff_count', 20, 'revenue', 5000, 5, 1000),
  retail: rule('staff_count', 50, 'revenue', 500, 10, 100),
  other: `CASE WHEN staff_count >= 100 THEN 'medium' WHEN staff_count >= 10 THEN 'small' ELSE 'micro' END`,
};

const expected = () => JSON.parse(readFileSync(join(BANK_A, 'expected.json'), 'utf8'));

let conn: DuckDBConnection;
let close: () => void;
beforeAll(async () => {
  await ensureSample();
  ({ conn, close } = await openBook());
});
afterAll(() => close());

describe('sample book: shape', () => {
  it('has the documented row counts', async () => {
    const e = expected();
    expect(e.loans).toBe(20_000);
    expect(await num(conn, 'SELECT count(*) FROM loans')).toBe(e.loans);
    expect(await num(conn, 'SELECT count(DISTINCT loan_id) FROM loans')).toBe(e.loans);
    expect(await num(conn, 'SELECT count(*) FROM planted')).toBe(e.loans);
    expect(await num(conn, 'SELECT count(*) FROM snapshots')).toBe(e.snapshots);
    expect(await num(conn, 'SELECT count(*) FROM inspections')).toBe(e.inspections);
    expect(e.borrowers).toBeGreaterThan(10_000);
    expect(e.borrowers).toBeLessThan(15_000);
    expect(await num(conn, 'SELECT count(DISTINCT branch) FROM loans')).toBe(12);
  });

  it.each(Object.entries(TABLES))('%s has exactly the canonical columns and types', async (table, fields) => {
    const described = await rows(conn, `DESCRIBE ${table}`);
    expect(described.map((r) => [r.column_name, r.column_type])).toEqual(fields.map((f) => [f.name, sqlType(f.type)]));
  });

  it('keeps codes in their documented domains', async () => {
    const bad = await one(
      conn,
      `SELECT
        count(*) FILTER (five_class NOT BETWEEN 1 AND 5) AS class,
        count(*) FILTER (enterprise_size NOT IN ('micro', 'small', 'medium')) AS size,
        count(*) FILTER (NOT regexp_full_match(industry, '[A-T]')) AS industry,
        count(*) FILTER (interest_rate NOT BETWEEN 0.02 AND 0.12) AS rate,
        count(*) FILTER (NOT regexp_full_match(officer_id, 'O[0-9]{4}')) AS officer,
        count(*) FILTER (maturity_date <> origination_date + to_months(term_months)) AS maturity,
        count(*) FILTER (application_date > disbursement_date OR application_date > approval_date) AS order_,
        count(*) FILTER (collateral_type = 'none' AND collateral_value IS NOT NULL) AS collateral,
        count(*) FILTER (default_flag <> (default_date IS NOT NULL)) AS defaults,
        count(*) FILTER (chargeoff_date IS NOT NULL AND NOT default_flag) AS chargeoffs,
        count(*) FILTER (balance < 0 OR balance > amount) AS balance
      FROM loans`,
    );
    expect(bad).toEqual({ class: 0, size: 0, industry: 0, rate: 0, officer: 0, maturity: 0, order_: 0, collateral: 0, defaults: 0, chargeoffs: 0, balance: 0 });
  });

  it('states enterprise sizes that follow the MIIT thresholds', async () => {
    const mismatches = await num(
      conn,
      `SELECT count(*) FROM loans WHERE enterprise_size IS DISTINCT FROM CASE
        WHEN industry IN ('B', 'C', 'D') THEN ${MIIT.industry}
        WHEN industry = 'E' THEN ${MIIT.construction}
        WHEN industry = 'I' THEN ${MIIT.software}
        WHEN industry = 'F' THEN CASE WHEN ${MIIT.wholesale} = ${MIIT.retail} THEN ${MIIT.wholesale} END
        ELSE ${MIIT.other} END`,
    );
    expect(mismatches).toBe(0);
    expect(await num(conn, `SELECT count(DISTINCT enterprise_size) FROM loans`)).toBe(3);
  });
});

describe('sample book: status and snapshots', () => {
  it('has an NPL ratio by balance of 2–4 % and a cumulative default rate of 4–8 %', async () => {
    const e = expected();
    const npl = await num(conn, 'SELECT sum(balance) FILTER (five_class >= 3) / sum(balance) FROM loans');
    const dr = await num(conn, 'SELECT avg(default_flag::INTEGER) FROM loans');
    expect(npl).toBeCloseTo(e.book.npl_ratio_balance, 5);
    expect(dr).toBeCloseTo(e.book.cumulative_default_rate, 5);
    expect(npl).toBeGreaterThan(0.02);
    expect(npl).toBeLessThan(0.04);
    expect(dr).toBeGreaterThan(0.04);
    expect(dr).toBeLessThan(0.08);
  });

  it('takes balance, DPD and class of a live loan from its snapshot at the as-of date', async () => {
    const r = await one(
      conn,
      `SELECT count(*) FILTER (l.balance > 0) AS live,
        count(*) FILTER (l.balance > 0 AND s.loan_id IS NULL) AS live_without_snapshot,
        count(*) FILTER (l.balance = 0 AND s.loan_id IS NOT NULL) AS closed_with_snapshot,
        count(*) FILTER (s.loan_id IS NOT NULL AND (s.balance <> l.balance OR s.dpd <> l.dpd OR s.five_class <> l.five_class)) AS differing
      FROM loans l LEFT JOIN snapshots s ON s.loan_id = l.loan_id AND s.snapshot_date = l.as_of_date`,
    );
    expect(r.live).toBeGreaterThan(5_000);
    expect(r).toMatchObject({ live_without_snapshot: 0, closed_with_snapshot: 0, differing: 0 });
  });

  it('has one snapshot per month end, without gaps, from the first month end after disbursement', async () => {
    const r = await one(
      conn,
      `WITH per AS (
        SELECT loan_id, min(snapshot_date) AS first, max(snapshot_date) AS last, count(*) AS n,
          count(*) FILTER (snapshot_date <> last_day(snapshot_date)) AS not_month_end
        FROM snapshots GROUP BY loan_id)
      SELECT sum(not_month_end) AS not_month_end,
        count(*) FILTER (n <> datediff('month', first, last) + 1) AS gaps,
        count(*) FILTER (first <> last_day(l.disbursement_date + 1)) AS late_start,
        count(*) FILTER (last > l.as_of_date) AS beyond_as_of
      FROM per JOIN loans l USING (loan_id)`,
    );
    expect(r).toEqual({ not_month_end: 0, gaps: 0, late_start: 0, beyond_as_of: 0 });
  });

  it('walks defaulting loans through every DPD bucket, and cures some delinquencies', async () => {
    const buckets = await rows(
      conn,
      `SELECT CASE WHEN dpd = 0 THEN 0 WHEN dpd <= 30 THEN 1 WHEN dpd <= 60 THEN 2 WHEN dpd <= 90 THEN 3 ELSE 4 END AS bucket, count(*) AS n
       FROM snapshots WHERE loan_id IN (SELECT loan_id FROM loans WHERE default_flag) GROUP BY ALL ORDER BY bucket`,
    );
    expect(buckets.map((b) => b.bucket)).toEqual([0, 1, 2, 3, 4]);
    const cured = await num(
      conn,
      `SELECT count(DISTINCT s.loan_id) FROM snapshots s JOIN loans l USING (loan_id)
       WHERE s.dpd > 0 AND NOT l.default_flag AND l.balance > 0 AND l.dpd = 0`,
    );
    expect(cured).toBeGreaterThan(50);
  });

  it('keeps classes at or above the DPD floor except for the planted classification exceptions', async () => {
    const e = expected();
    const r = await one(
      conn,
      `SELECT count(*) FILTER (s.five_class < ${FLOOR('s.dpd')}) AS below,
        count(*) FILTER (s.five_class < ${FLOOR('s.dpd')} AND NOT p.planted_class_exception) AS unplanted,
        count(*) FILTER (s.five_class < ${FLOOR('s.dpd')} AND l.branch <> '${e.class_exception.branch}') AS elsewhere
      FROM snapshots s JOIN planted p USING (loan_id) JOIN loans l USING (loan_id)`,
    );
    expect(r.below).toBeGreaterThan(100);
    expect(r).toMatchObject({ unplanted: 0, elsewhere: 0 });
    expect(await num(conn, `SELECT count(*) FROM loans l JOIN planted p USING (loan_id) WHERE five_class < ${FLOOR('dpd')} AND NOT planted_class_exception`)).toBe(0);
  });

  it('records inspections consistent with the first and last inspection dates', async () => {
    const r = await one(
      conn,
      `WITH v AS (SELECT loan_id, min(inspection_date) AS first, max(inspection_date) AS last FROM inspections GROUP BY loan_id)
      SELECT count(*) FILTER (v.first IS DISTINCT FROM l.first_inspection_date OR v.last IS DISTINCT FROM l.last_inspection_date) AS differing,
        count(*) FILTER (v.first <= l.disbursement_date OR v.last > l.as_of_date) AS outside
      FROM loans l LEFT JOIN v USING (loan_id)`,
    );
    expect(r).toEqual({ differing: 0, outside: 0 });
  });
});

describe('sample book: planted problems', () => {
  it('P2: concentrates construction and real estate in two branches, with a visible CR-10', async () => {
    const c = expected().concentration;
    const shares = await rows(conn, `SELECT industry, sum(balance) / (SELECT sum(balance) FROM loans) AS share FROM loans GROUP BY ALL ORDER BY share DESC`);
    expect(shares[0]).toMatchObject({ industry: 'E' });
    expect(shares[0].share as number).toBeGreaterThan(0.25);
    expect(c.industries_share).toBeGreaterThan(0.4);
    expect(c.share_of_industries_in_branches).toBeGreaterThan(0.6);
    const cr10 = await num(conn, `SELECT sum(b) / (SELECT sum(balance) FROM loans) FROM (SELECT sum(balance) AS b FROM loans GROUP BY borrower_id ORDER BY b DESC LIMIT 10)`);
    expect(cr10).toBeCloseTo(c.cr10_borrowers, 4);
    expect(cr10).toBeGreaterThan(0.05);
  });

  it('P1: one branch reports most loans over 90 DPD as normal or special mention, no other branch does', async () => {
    const x = expected().class_exception;
    const byBranch = await rows(
      conn,
      `SELECT branch, count(*) FILTER (dpd > 90 AND five_class <= 2) / count(*) AS share
       FROM loans WHERE dpd > 90 AND balance > 0 GROUP BY branch HAVING share > 0`,
    );
    expect(byBranch.map((b) => b.branch)).toEqual([x.branch]);
    expect(byBranch[0].share as number).toBeGreaterThan(0.5);
    expect(x.snapshot_rows_reported_better).toBeGreaterThan(100);
  });

  const ratio = async (flag: string) => {
    const r = await one(
      conn,
      `SELECT avg(default_flag::INTEGER) FILTER (${flag}) / avg(default_flag::INTEGER) FILTER (NOT (${flag})) AS ratio FROM loans`,
    );
    return r.ratio as number;
  };

  /**
   * Default rate of the loans the generator planted a mechanism on ÷ that of the rest, counted in
   * JS from the ground truth (planted.parquet), not with the flag SQL that expected.json used.
   */
  let truth: Row[];
  const plantedRatio = async (mechanism: string, inPopulation: (r: Row) => boolean = () => true) => {
    truth ??= await rows(
      conn,
      `SELECT l.default_flag, strftime(l.disbursement_date, '%Y-%m-%d') AS disbursed, p.*
       FROM loans l JOIN planted p USING (loan_id)`,
    );
    const tally = { flagged: [0, 0], other: [0, 0] };
    for (const r of truth.filter(inPopulation)) {
      const side = r[`planted_${mechanism}`] ? tally.flagged : tally.other;
      side[0] += r.default_flag ? 1 : 0;
      side[1] += 1;
    }
    expect(tally.flagged[1]).toBeGreaterThan(100);
    return tally.flagged[0] / tally.flagged[1] / (tally.other[0] / tally.other[1]);
  };

  it('C4: loans of officers with < 12 months tenure or no training default about twice as often', async () => {
    const m = expected().mechanisms.untrained_officer;
    const r = await plantedRatio('untrained_officer');
    expect(r).toBeCloseTo(m.rate_ratio, 3);
    expect(r).toBeGreaterThan(1.6);
    expect(r).toBeLessThan(2.6);
  });

  it('C3: defaulted loans lack an inspection within 90 days far more often', async () => {
    const e = expected();
    const m = e.mechanisms.missed_inspection;
    // Loans disbursed at least 90 days before the as-of date (the others cannot have missed it yet).
    const cutoff = new Date(Date.parse(`${e.as_of_date}T00:00:00Z`) - 90 * 86_400_000).toISOString().slice(0, 10);
    expect(m.population).toBe(`disbursement_date <= DATE '${e.as_of_date}' - 90`);
    const r = await plantedRatio('missed_inspection', (row) => String(row.disbursed) <= cutoff);
    expect(r).toBeCloseTo(m.rate_ratio, 3);
    expect(r).toBeGreaterThan(1.6);
    expect(m.share_among_defaulted).toBeGreaterThan(1.5 * m.share_among_performing);
    expect(m.rate_ratio_never_inspected).toBeGreaterThan(1.2);
  });

  it('P3: skipped steps and disbursement before approval default more', async () => {
    const m = expected().mechanisms.process_breach;
    expect(await num(conn, 'SELECT count(*) FROM loans WHERE skipped_step IS NOT NULL')).toBeGreaterThan(500);
    expect(await num(conn, 'SELECT count(*) FROM loans WHERE disbursement_date < approval_date')).toBeGreaterThan(300);
    const r = await plantedRatio('process_breach');
    expect(r).toBeCloseTo(m.rate_ratio, 3);
    expect(r).toBeGreaterThan(1.5);
  });

  it('C2: approval exceptions and approvals above authority default more', async () => {
    const m = expected().mechanisms.approval_exception;
    expect(await num(conn, 'SELECT count(*) FROM loans WHERE amount > approver_limit')).toBeGreaterThan(300);
    const r = await plantedRatio('approval_exception');
    expect(r).toBeCloseTo(m.rate_ratio, 3);
    expect(r).toBeGreaterThan(1.3);
  });

  it('C1: new relationships and missing statements default more, and early defaults concentrate there', async () => {
    const m = expected().mechanisms.info_asymmetry;
    const r = await plantedRatio('info_asymmetry');
    expect(r).toBeCloseTo(m.rate_ratio, 3);
    expect(r).toBeGreaterThan(1.6);
    expect(await ratio('origination_date - relationship_start_date < 183')).toBeGreaterThan(1.3);
    expect(await ratio('NOT has_financial_statements')).toBeGreaterThan(1.3);
    expect(m.share_of_early_defaults).toBeGreaterThan(1.5 * m.prevalence);
  });

  it('marks in the ground truth exactly the loans that carry each observable flag', async () => {
    const m = expected().mechanisms;
    const r = await one(
      conn,
      `SELECT
        count(*) FILTER (planted_untrained_officer <> (${m.untrained_officer.sql})) AS untrained,
        count(*) FILTER (planted_process_breach <> (${m.process_breach.sql})) AS process,
        count(*) FILTER (planted_approval_exception <> (${m.approval_exception.sql})) AS approval,
        count(*) FILTER (planted_info_asymmetry <> (${m.info_asymmetry.sql})) AS info,
        count(*) FILTER (planted_missed_inspection <> (${m.missed_inspection.sql}) AND ${m.missed_inspection.population}) AS inspection,
        count(*) FILTER (planted_pd_multiplier < 1) AS multiplier
      FROM loans JOIN planted USING (loan_id)`,
    );
    expect(r).toEqual({ untrained: 0, process: 0, approval: 0, info: 0, inspection: 0, multiplier: 0 });
  });
});
