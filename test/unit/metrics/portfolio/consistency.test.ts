import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../../src/lib/db/types';
import { classificationExceptionsQuery, dpdClassTableQuery, minimumClassForDpd } from '../../../../src/lib/metrics/portfolio/consistency';
import { loadLoans, openNodeDb, run, type FixtureRow } from './fixtures';

/*
 *        branch dpd  class balance  floor  exception?
 *   a    N1     0    1     100      1
 *   b    N1     15   1     200      2      yes
 *   c    N1     95   2     300      3      yes
 *   d    N1     95   3     50       3
 *   e    N2     300  3     400      4      yes
 *   f    N2     400  5     500      5
 *   g    N2     361  4     60       5      yes
 *   h    N2     360  4     70       4      (360 is not > 360)
 *   i    N2     90   2     80       2      (90 is not > 90)
 *   j    N3     —    1     10       —      not assessed
 *   k    N3     10   —     20       2      not assessed (no class)
 */
const BOOK: FixtureRow[] = [
  ['a', 'N1', 0, 1, 100], ['b', 'N1', 15, 1, 200], ['c', 'N1', 95, 2, 300], ['d', 'N1', 95, 3, 50],
  ['e', 'N2', 300, 3, 400], ['f', 'N2', 400, 5, 500], ['g', 'N2', 361, 4, 60], ['h', 'N2', 360, 4, 70], ['i', 'N2', 90, 2, 80],
  ['j', 'N3', null, 1, 10], ['k', 'N3', 10, null, 20],
].map(([loan_id, branch, dpd, five_class, balance]) => ({ loan_id, branch, dpd, five_class, balance }));

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  await loadLoans(db, BOOK);
});
afterAll(async () => db.close());

describe('DPD floor', () => {
  it('sets the minimum class at the DOMAIN.md cutoffs', () => {
    const cases: [number | null, number | null][] = [[null, null], [-3, 1], [0, 1], [1, 2], [90, 2], [91, 3], [270, 3], [271, 4], [360, 4], [361, 5]];
    for (const [dpd, cls] of cases) expect(minimumClassForDpd(dpd), String(dpd)).toBe(cls);
  });
});

describe('DPD versus class', () => {
  it('tabulates loans by DPD band and reported class and counts the exceptions', async () => {
    const t = await run(db, dpdClassTableQuery([]));
    expect(t.rows.map((r) => [r.band, r.minClass, r.counts, r.exceptions, r.exceptionBalance])).toEqual([
      ['current', 1, [1, 0, 0, 0, 0], 0, 0],
      ['1–90', 2, [1, 1, 0, 0, 0], 1, 200],
      ['91–270', 3, [0, 1, 1, 0, 0], 1, 300],
      ['271–360', 4, [0, 0, 1, 1, 0], 1, 400],
      ['>360', 5, [0, 0, 0, 1, 1], 1, 60],
    ]);
    expect(t.rows[1].unclassified).toBe(1);
    expect(t.rows[3].balances).toEqual([0, 0, 400, 70, 0]);
    expect(t).toMatchObject({ assessed: 9, exceptions: 4, exceptionBalance: 960 });
  });
});

describe('classification exceptions by branch', () => {
  it('counts exceptions and their balance per branch, most first', async () => {
    const e = await run(db, classificationExceptionsQuery([]));
    expect(e.groups.map((g) => [g.value, g.loans, g.assessed, g.exceptions, g.exceptionBalance])).toEqual([
      ['N1', 4, 4, 2, 500],
      ['N2', 5, 5, 2, 460],
      ['N3', 2, 0, 0, 0],
    ]);
    expect(e.groups[0].exceptionRate).toBe(0.5);
    expect(e.groups[0].exceptionBalanceShare).toBeCloseTo(500 / 650, 12);
    expect(e.groups[1].exceptionBalanceShare).toBeCloseTo(460 / 1110, 12);
    expect(e.groups[2].exceptionRate).toBeNull();
    expect(e.total).toMatchObject({ loans: 11, assessed: 9, exceptions: 4, exceptionBalance: 960 });
    expect(e.total.exceptionRate).toBeCloseTo(4 / 9, 12);
  });

  it('follows filters and other grouping dimensions', async () => {
    const e = await run(db, classificationExceptionsQuery([{ dimension: 'branch', values: ['N2'] }], { by: 'five_class' }));
    expect(e.groups.map((g) => [g.value, g.exceptions])).toEqual([
      [3, 1],
      [4, 1],
      [2, 0],
      [5, 0],
    ]);
  });
});
