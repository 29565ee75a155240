import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/db/types';
import { rows, type Row } from '../../../src/lib/db/rows';
import { availableAttributes, segmentSearchQuery, unavailableAttributes } from '../../../src/lib/metrics/segments';
import { runMetric } from '../../../src/lib/metrics/query';
import { describeBook, availableFields } from '../../../src/lib/book/activate';
import { BAND_COLUMNS, BAND_VALUES } from '../../../src/lib/metrics/facts-bands';
import { openSampleBook } from './cases/sampleBook';
import { loadLoans, loadSnapshots, openNodeDb } from './portfolio/fixtures';

/*
 * The root-cause bands of loan_facts (metrics/facts-bands.ts) against the same definitions written
 * here in JavaScript over the raw loan rows (dates as day numbers, months by calendar), against the
 * generator's ground truth (planted.parquet: README "Every flag except planted_missed_inspection …
 * equals its observable definition"), and on books that lack the fields: no value, never an error.
 */

const DAY = 86_400_000;
const day = (d: unknown) => (d === null || d === undefined ? null : Math.floor(new Date(String(d)).getTime() / DAY));
/** The date `months` calendar months before `d` (day clamped to the month's end, as DuckDB's INTERVAL does). */
function monthsBefore(d: string, months: number): number {
  const [y, m, dd] = d.slice(0, 10).split('-').map(Number);
  const total = y * 12 + (m - 1) - months;
  const last = new Date(Date.UTC(Math.floor(total / 12), (total % 12) + 1, 0)).getUTCDate();
  return Math.floor(Date.UTC(Math.floor(total / 12), total % 12, Math.min(dd, last)) / DAY);
}
const iso = (d: unknown) => (d === null || d === undefined ? null : new Date(String(d)).toISOString().slice(0, 10));

function expected(r: Row, recordsInspections: boolean) {
  const tenure = r.officer_tenure_months as number | null;
  const hours = r.officer_training_hours as number | null;
  const orig = iso(r.origination_date);
  const rel = day(r.relationship_start_date);
  const start = day(r.disbursement_date) ?? day(r.origination_date);
  const first = day(r.first_inspection_date);
  const asOf = day(r.as_of_date);
  let inspection: string | null;
  if (!recordsInspections || start === null) inspection = null;
  else if (first !== null && first - start <= 90) inspection = 'within_90d';
  else if (asOf === null) inspection = null;
  else if (asOf - start <= 90) inspection = 'not_due';
  else inspection = first !== null ? 'after_90d' : 'never';
  const approval = day(r.approval_date);
  return {
    officer_tenure_band: tenure === null ? null : tenure < 12 ? 'under_1y' : tenure < 36 ? '1_3y' : '3y_plus',
    officer_trained: hours === null ? null : hours > 0,
    relationship_band: rel === null || orig === null ? null : rel > monthsBefore(orig, 6) ? 'under_6m' : rel > monthsBefore(orig, 24) ? '6m_2y' : '2y_plus',
    first_inspection_band: inspection,
    above_authority: r.amount === null || r.approver_limit === null ? null : (r.amount as number) > (r.approver_limit as number),
    disbursed_before_approval: start === null || approval === null ? null : start < approval,
  };
}
const BANDS = BAND_COLUMNS;

describe('root-cause bands on the sample book', () => {
  let db: Db;
  let facts: Row[];
  beforeAll(async () => {
    db = (await openSampleBook()).db;
    facts = rows(await db.query(`SELECT l.*, ${BANDS.map((b) => `f.${b} AS f_${b}`).join(', ')},
        p.planted_untrained_officer, p.planted_missed_inspection, p.planted_process_breach, p.planted_approval_exception, p.planted_info_asymmetry
      FROM loans l JOIN loan_facts f USING (loan_id) JOIN planted p USING (loan_id) ORDER BY loan_id`));
  }, 120_000);
  afterAll(async () => db.close());

  it('equal the definitions computed here from the raw loan fields, loan by loan', () => {
    expect(facts).toHaveLength(20_000);
    const mismatches = facts.filter((r) => {
      const e = expected(r, true);
      return BANDS.some((b) => e[b] !== r[`f_${b}`]);
    });
    expect(mismatches.map((r) => r.loan_id).slice(0, 5)).toEqual([]);
    // Every band takes each of its values somewhere in the sample, and no other.
    for (const [band, values] of Object.entries(BAND_VALUES)) {
      expect([...new Set(facts.map((r) => r[`f_${band}`]))].sort(), band).toEqual([...values].sort());
    }
  });

  it('carry the planted mechanisms: C4, C2 and P3 exactly; C3 on every late or never-inspected loan', () => {
    const yes = (v: unknown) => v === true || v === 1;
    for (const r of facts) {
      expect(r.f_officer_tenure_band === 'under_1y' || r.f_officer_trained === false, String(r.loan_id)).toBe(yes(r.planted_untrained_officer));
      expect(r.f_above_authority === true || r.approval_exception === true, String(r.loan_id)).toBe(yes(r.planted_approval_exception));
      expect(r.f_disbursed_before_approval === true || (r.skipped_step !== null && r.skipped_step !== ''), String(r.loan_id)).toBe(yes(r.planted_process_breach));
      if (r.f_first_inspection_band === 'after_90d' || r.f_first_inspection_band === 'never') expect(yes(r.planted_missed_inspection), String(r.loan_id)).toBe(true);
      if (r.f_first_inspection_band === 'within_90d') expect(yes(r.planted_missed_inspection), String(r.loan_id)).toBe(false);
    }
    // New to the bank (< 6 months) is C1's 183-day rule to within the few loans whose gap is 181–184 days.
    const newToBank = facts.filter((r) => r.f_relationship_band === 'under_6m');
    const c1 = newToBank.filter((r) => yes(r.planted_info_asymmetry)).length;
    expect(c1 / newToBank.length).toBeGreaterThan(0.999);
  });
});

describe('a book without the root-cause fields', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openNodeDb();
    // Amounts, dates and an outcome only: no officer, relationship, approval trail or inspections.
    await loadLoans(db, [
      { loan_id: 'A', amount: 100, origination_date: '2024-01-10', as_of_date: '2025-12-31', default_flag: false, balance: 50 },
      { loan_id: 'B', amount: 200, origination_date: '2025-11-20', as_of_date: '2025-12-31', default_flag: true, balance: 200 },
    ]);
    await loadSnapshots(db, []);
  });
  afterAll(async () => db.close());

  it('has the band columns, each without a value (not "never inspected"), and the finder searches without them and says so', async () => {
    const t = rows(await db.query(`SELECT ${BANDS.join(', ')} FROM loan_facts ORDER BY loan_id`));
    expect(t).toEqual([Object.fromEntries(BANDS.map((b) => [b, null])), Object.fromEntries(BANDS.map((b) => [b, null]))]);
    const mapped = availableFields(await describeBook(db));
    for (const b of BANDS) {
      expect(availableAttributes(mapped)).not.toContain(b);
      expect(unavailableAttributes(mapped)).toContain(b);
    }
    const found = await runMetric(db, segmentSearchQuery([], { attributes: availableAttributes(mapped), minLoans: 1 }));
    expect(found.loans).toBe(2);
  });

  it('a book with inspection dates but a loan never visited says "never"; one too recent to judge says "not due"', async () => {
    await loadLoans(db, [
      { loan_id: 'A', amount: 100, origination_date: '2024-01-10', as_of_date: '2025-12-31', first_inspection_date: '2024-03-01', default_flag: false },
      { loan_id: 'B', amount: 100, origination_date: '2024-01-10', as_of_date: '2025-12-31', default_flag: false },
      { loan_id: 'C', amount: 100, origination_date: '2025-11-20', as_of_date: '2025-12-31', default_flag: false },
      { loan_id: 'D', amount: 100, origination_date: '2024-01-10', as_of_date: '2025-12-31', first_inspection_date: '2024-04-10', default_flag: true },
    ]);
    const t = rows(await db.query('SELECT loan_id, first_inspection_band FROM loan_facts ORDER BY loan_id'));
    expect(t.map((r) => r.first_inspection_band)).toEqual(['within_90d', 'never', 'not_due', 'after_90d']);
  });
});
