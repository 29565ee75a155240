import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../../src/lib/db/types';
import { overviewAsOfQuery, snapshotDatesQuery, trendQuery } from '../../../../src/lib/metrics/portfolio/trend';
import { breakdownQuery } from '../../../../src/lib/metrics/portfolio/breakdown';
import { loadLoans, loadSnapshots, openNodeDb, run, type FixtureRow } from './fixtures';

/*
 * Loans: A (industry X, small, defaults 2024-02-15), B (X, medium), C (Y, micro).
 * Snapshots (balance / dpd / class):
 *          Jan 31          Feb 29          Mar 31
 *   A      100 / 0 / 1     90 / 100 / 3    —
 *   B      200 / 40 / 2    190 / 0 / 1     180 / 0 / 1
 *   C      300 / 0 / 1     280 / 0 / 1     260 / 95 / 3
 */
const LOANS: FixtureRow[] = [
  { loan_id: 'A', industry: 'X', enterprise_size: 'small', amount: 100, default_date: '2024-02-15', balance: 0, five_class: 5, dpd: 0 },
  { loan_id: 'B', industry: 'X', enterprise_size: 'medium', amount: 200, balance: 170, five_class: 1, dpd: 0 },
  { loan_id: 'C', industry: 'Y', enterprise_size: 'micro', amount: 300, balance: 250, five_class: 3, dpd: 120 },
];
const s = (loan_id: string, snapshot_date: string, balance: number, dpd: number, five_class: number): FixtureRow => ({ loan_id, snapshot_date, balance, dpd, five_class });
const SNAPSHOTS: FixtureRow[] = [
  s('A', '2024-01-31', 100, 0, 1), s('B', '2024-01-31', 200, 40, 2), s('C', '2024-01-31', 300, 0, 1),
  s('A', '2024-02-29', 90, 100, 3), s('B', '2024-02-29', 190, 0, 1), s('C', '2024-02-29', 280, 0, 1),
  s('B', '2024-03-31', 180, 0, 1), s('C', '2024-03-31', 260, 95, 3),
];

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  await loadLoans(db, LOANS);
  await loadSnapshots(db, SNAPSHOTS);
});
afterAll(async () => db.close());

describe('trend', () => {
  it('lists the snapshot dates', async () => {
    expect(await run(db, snapshotDatesQuery())).toEqual([
      { date: '2024-01-31', loans: 3 },
      { date: '2024-02-29', loans: 3 },
      { date: '2024-03-31', loans: 2 },
    ]);
  });

  it('computes the headline ratios per snapshot date', async () => {
    const [jan, feb, mar] = await run(db, trendQuery([]));
    expect(jan).toMatchObject({ date: '2024-01-31', loans: 3, balance: 600, nplRatioBalance: 0, nplRatioCount: 0, dpd90Ratio: 0, defaultRate: 0 });
    expect(jan.overdueRatio).toBeCloseTo(200 / 600, 12);
    expect(feb.nplRatioBalance).toBeCloseTo(90 / 560, 12);
    expect(feb.nplRatioCount).toBeCloseTo(1 / 3, 12);
    expect(feb.dpd90Ratio).toBeCloseTo(90 / 560, 12);
    expect(feb.defaultRate).toBeCloseTo(1 / 3, 12);
    expect(feb.inclusiveTolerance.inclusiveNplRatio).toBeCloseTo(90 / 370, 12);
    expect(feb.inclusiveTolerance.gapPoints).toBeCloseTo((90 / 370 - 90 / 560) * 100, 9);
    expect(feb.inclusiveTolerance.breach).toBe(true);
    // A has left the book by March.
    expect(mar).toMatchObject({ loans: 2, balance: 440, defaultRate: 0 });
    expect(mar.nplRatioBalance).toBeCloseTo(260 / 440, 12);
  });

  it('filters by loan dimensions', async () => {
    const [, feb] = await run(db, trendQuery([{ dimension: 'industry', values: ['X'] }]));
    expect(feb).toMatchObject({ loans: 2, balance: 280 });
    expect(feb.nplRatioBalance).toBeCloseTo(90 / 280, 12);
  });
});

describe('overview as of a snapshot date', () => {
  it('takes balance, DPD and class from the snapshot at that date', async () => {
    const feb = (await run(db, overviewAsOfQuery([], '2024-02-29'))).figures;
    expect(feb.loans.value).toBe(3);
    expect(feb.outstandingBalance.value).toBe(560);
    expect(feb.nplRatioBalance.value).toBeCloseTo(90 / 560, 12);
    expect(feb.defaultRate.value).toBeCloseTo(1 / 3, 12);
    const jan = (await run(db, overviewAsOfQuery([], '2024-01-31'))).figures;
    // A's default (2024-02-15) has not happened yet on 31 January.
    expect(jan.defaultRate.value).toBe(0);
    expect(jan.nplRatioBalance.value).toBe(0);
    // March: A has left the book (no snapshot); B 180 + C 260, not the loans table's current 0 + 170 + 250.
    const mar = (await run(db, overviewAsOfQuery([], '2024-03-31'))).figures;
    expect(mar.loans.value).toBe(2);
    expect(mar.outstandingBalance.value).toBe(440);
  });

  it('applies filters to the values at that date (a derived DPD bucket included)', async () => {
    const f = (await run(db, overviewAsOfQuery([{ dimension: 'dpd_bucket', values: ['90+'] }], '2024-02-29'))).figures;
    expect(f.loans.value).toBe(1);
    expect(f.outstandingBalance.value).toBe(90);
    const b = await run(db, breakdownQuery([], { dimension: 'dpd_bucket', asOf: '2024-03-31', minCount: 1 }));
    expect(b.segments.map((x) => [x.value, x.balance])).toEqual([
      ['90+', 260],
      ['current', 180],
    ]);
  });
});
