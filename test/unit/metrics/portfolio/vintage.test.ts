import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../../src/lib/db/types';
import { vintageQuery } from '../../../../src/lib/metrics/portfolio/vintage';
import { loadLoans, loadSnapshots, openNodeDb, run, type FixtureRow } from './fixtures';

/*
 * As of 2024-06-30:
 *   2023 cohort (3 loans, amount 1,000; youngest 2023-12-20 → 6 whole months observed):
 *     A 2023-01-15 amt 100 defaults 2023-04-10 → 3 months on book (reporting months, date_diff)
 *     B 2023-12-20 amt 300 defaults 2024-06-01 → 6 months on book
 *     C 2023-06-01 amt 600 no default
 *   2024 cohort (3 loans, amount 500; youngest 2024-03-31 → 3 months observed, month-end to month-end):
 *     D 2024-01-10 amt 200 defaults 2024-03-09 → 2 months on book
 *     E 2024-03-31 amt 200 defaults 2024-07-15 → after the as-of date: not counted
 *     G 2024-02-01 amt 100 default flag without a date → undated
 *   F 2024-08-01 originated after the as-of date: not in any cohort.
 */
const BOOK: FixtureRow[] = [
  { loan_id: 'A', origination_date: '2023-01-15', amount: 100, default_date: '2023-04-10', industry: 'X' },
  { loan_id: 'B', origination_date: '2023-12-20', amount: 300, default_date: '2024-06-01', industry: 'Y' },
  { loan_id: 'C', origination_date: '2023-06-01', amount: 600, industry: 'X' },
  { loan_id: 'D', origination_date: '2024-01-10', amount: 200, default_date: '2024-03-09', industry: 'X' },
  { loan_id: 'E', origination_date: '2024-03-31', amount: 200, default_date: '2024-07-15', industry: 'X' },
  { loan_id: 'G', origination_date: '2024-02-01', amount: 100, default_flag: true, industry: 'X' },
  { loan_id: 'F', origination_date: '2024-08-01', amount: 100, industry: 'X' },
];

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  await loadLoans(db, BOOK);
});
afterAll(async () => db.close());

describe('vintage curves', () => {
  it('gives cumulative default rates by months on book, count- and amount-weighted', async () => {
    const v = await run(db, vintageQuery([], { asOf: '2024-06-30' }));
    expect(v.asOf).toBe('2024-06-30');
    expect(v.asOfSource).toBe('option');
    expect(v.cohorts.map((c) => [c.cohort, c.loans, c.amount, c.monthsObserved])).toEqual([
      ['2023', 3, 1000, 6],
      ['2024', 3, 500, 3],
    ]);
    const [c23, c24] = v.cohorts;
    expect(c23.points.map((p) => p.cumulativeDefaults)).toEqual([0, 0, 0, 1, 1, 1, 2]);
    expect(c23.points[3].cumulativeRateByCount).toBeCloseTo(1 / 3, 12);
    expect(c23.points[6].cumulativeRateByCount).toBeCloseTo(2 / 3, 12);
    expect(c23.points[3].cumulativeRateByAmount).toBeCloseTo(0.1, 12);
    expect(c23.points[6].cumulativeRateByAmount).toBeCloseTo(0.4, 12);
    expect(c23.points[6].defaults).toBe(1);
  });

  it('stops each cohort at the months it has lived through (right-censoring)', async () => {
    const v = await run(db, vintageQuery([], { asOf: '2024-06-30' }));
    const c24 = v.cohorts[1];
    expect(c24.points.map((p) => p.monthsOnBook)).toEqual([0, 1, 2, 3]);
    // E's default (2024-07-15) lies after the as-of date; G has no date.
    expect(c24.points.map((p) => p.cumulativeDefaults)).toEqual([0, 0, 1, 1]);
    expect(c24.points[2].cumulativeRateByAmount).toBeCloseTo(200 / 500, 12);
    expect(c24.undatedDefaults).toBe(1);
    // As of 2024-04-30: 2023 has lived 4 reporting months (B Dec → Apr) and B's default is still ahead;
    // 2024 has lived 1 (E Mar → Apr), so D's default at month 2 is not yet shown.
    const early = await run(db, vintageQuery([], { asOf: '2024-04-30' }));
    expect(early.cohorts.map((c) => [c.cohort, c.monthsObserved, c.points.at(-1)!.cumulativeDefaults])).toEqual([
      ['2023', 4, 1],
      ['2024', 1, 0],
    ]);
  });

  it('takes the as-of date from the data when none is given: snapshots, then as_of_date, then latest date seen', async () => {
    const seen = await run(db, vintageQuery([]));
    expect([seen.asOf, seen.asOfSource]).toEqual(['2024-08-01', 'data']);
    await loadLoans(db, BOOK.map((l) => ({ ...l, as_of_date: '2024-06-30' })));
    const stated = await run(db, vintageQuery([]));
    expect([stated.asOf, stated.asOfSource]).toEqual(['2024-06-30', 'as_of_date']);
    await loadSnapshots(db, [{ loan_id: 'A', snapshot_date: '2024-05-31', balance: 1, dpd: 0, five_class: 1 }]);
    const snap = await run(db, vintageQuery([], { hasSnapshots: true }));
    expect([snap.asOf, snap.asOfSource]).toEqual(['2024-05-31', 'snapshots']);
    await loadLoans(db, BOOK);
  });

  it('groups by quarter and follows filters', async () => {
    const q = await run(db, vintageQuery([{ dimension: 'industry', values: ['X'] }], { period: 'quarter', asOf: '2024-06-30' }));
    expect(q.cohorts.map((c) => [c.cohort, c.start, c.loans])).toEqual([
      ['2023-Q1', '2023-01-01', 1],
      ['2023-Q2', '2023-04-01', 1],
      ['2024-Q1', '2024-01-01', 3],
    ]);
    expect(q.cohorts[0].points.at(-1)!.cumulativeRateByCount).toBe(1);
  });
});
