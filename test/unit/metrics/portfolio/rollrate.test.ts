import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../../src/lib/db/types';
import { rollRateQuery } from '../../../../src/lib/metrics/portfolio/rollrate';
import { loadLoans, loadSnapshots, openNodeDb, run, type FixtureRow } from './fixtures';

/*
 * Month-end snapshots (dpd / balance):
 *        Jan        Feb        Mar
 *   P    0 / 100    10 / 100   40 / 95
 *   Q    0 / 300    0 / 290    0 / 280
 *   R    20 / 200   45 / 190   0 / 180     (cures in March)
 *   S    0 / 100    —                      (leaves the book)
 *   T    70 / 50    100 / 50   130 / 50
 * Feb: current→1–30 = 100 / (100+300+100) = 0.2; 1–30→31–60 = 190 / 200; 31–60→61–90 none; 61–90→90+ = 50 / 50.
 * Mar: current→1–30 = 0 / 290; 1–30→31–60 = 95 / 100; 31–60→61–90 = 0 / 190; 61–90→90+ none.
 */
const DATES = ['2024-01-31', '2024-02-29', '2024-03-31'];
const PATHS: Record<string, ([number, number] | null)[]> = {
  P: [[0, 100], [10, 100], [40, 95]],
  Q: [[0, 300], [0, 290], [0, 280]],
  R: [[20, 200], [45, 190], [0, 180]],
  S: [[0, 100], null, null],
  T: [[70, 50], [100, 50], [130, 50]],
};
const SNAPSHOTS: FixtureRow[] = Object.entries(PATHS).flatMap(([loan_id, path]) =>
  path.flatMap((p, i) => (p ? [{ loan_id, snapshot_date: DATES[i], dpd: p[0], balance: p[1] }] : [])),
);
const LOANS: FixtureRow[] = Object.keys(PATHS).map((id) => ({ loan_id: id, industry: 'PQS'.includes(id) ? 'X' : 'Y' }));

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  await loadLoans(db, LOANS);
  await loadSnapshots(db, SNAPSHOTS);
});
afterAll(async () => db.close());

describe('roll rates', () => {
  it('computes balance-weighted roll rates per month', async () => {
    const r = await run(db, rollRateQuery([]));
    expect(r.steps.map((s) => `${s.from}→${s.to}`)).toEqual(['current→1–30', '1–30→31–60', '31–60→61–90', '61–90→90+']);
    expect(r.months.map((m) => m.month)).toEqual(['2024-02-01', '2024-03-01']);
    const [feb, mar] = r.months;
    expect(feb.rates).toEqual([0.2, 0.95, null, 1]);
    expect(feb.openingBalances).toEqual([500, 200, 0, 50, 0]);
    expect(mar.rates).toEqual([0, 0.95, 0, null]);
  });

  it('averages the months (mean of rates) and pools them (Σ num ÷ Σ den)', async () => {
    const r = await run(db, rollRateQuery([]));
    expect(r.meanRates).toEqual([0.1, 0.95, 0, 1]);
    expect(r.pooledRates[0]).toBeCloseTo(100 / 790, 12);
    expect(r.pooledRates[1]).toBeCloseTo(285 / 300, 12);
    expect(r.pooledRates.slice(2)).toEqual([0, 1]);
  });

  it('gives the full bucket-to-bucket transition table with exits', async () => {
    const { transitions: t } = await run(db, rollRateQuery([]));
    expect(t[0]).toMatchObject({ from: 'current', loans: 4, openingBalance: 790, counts: [2, 1, 0, 0, 0], exitedCount: 1, exitedBalance: 100 });
    expect(t[0].rates[0]).toBeCloseTo(590 / 790, 12);
    expect(t[0].exitedRate).toBeCloseTo(100 / 790, 12);
    expect(t[1]).toMatchObject({ counts: [0, 0, 2, 0, 0], rates: [0, 0, 1, 0, 0] });
    expect(t[2]).toMatchObject({ counts: [1, 0, 0, 0, 0] });
    expect(t[3]).toMatchObject({ counts: [0, 0, 0, 0, 1] });
    expect(t[4]).toMatchObject({ counts: [0, 0, 0, 0, 1], openingBalance: 50 });
  });

  it('follows the filter set', async () => {
    const r = await run(db, rollRateQuery([{ dimension: 'industry', values: ['Y'] }]));
    expect(r.months[0].rates).toEqual([null, 0.95, null, 1]);
    expect(r.months[1].rates).toEqual([null, null, 0, null]);
  });
});
