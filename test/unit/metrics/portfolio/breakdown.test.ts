import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../../src/lib/db/types';
import { breakdownQuery, heatmapQuery } from '../../../../src/lib/metrics/portfolio/breakdown';
import { loadLoans, openNodeDb, run, type FixtureRow } from './fixtures';

/*
 *        industry region balance class default  origination
 *   L1   C        N       100     1              2022-03-01
 *   L2   C        S       200     3     yes      2022-07-01
 *   L3   F        N       300     1              2023-01-01
 *   L4   F        S       400     4     yes      2023-05-01
 *   L5   F        S       500     1              2023-06-01
 *   L6   G        N       1000    1              2023-02-01
 *   L7   (none)   N       50      —     yes      2022-01-01
 * 7 loans, balance 2,550; 3 defaults → portfolio default rate 3/7; NPL 600 of 2,500 classified.
 */
const BOOK: FixtureRow[] = [
  { loan_id: 'L1', industry: 'C', region: 'N', balance: 100, five_class: 1, origination_date: '2022-03-01' },
  { loan_id: 'L2', industry: 'C', region: 'S', balance: 200, five_class: 3, default_flag: true, origination_date: '2022-07-01' },
  { loan_id: 'L3', industry: 'F', region: 'N', balance: 300, five_class: 1, origination_date: '2023-01-01' },
  { loan_id: 'L4', industry: 'F', region: 'S', balance: 400, five_class: 4, default_flag: true, origination_date: '2023-05-01' },
  { loan_id: 'L5', industry: 'F', region: 'S', balance: 500, five_class: 1, default_flag: false, origination_date: '2023-06-01' },
  { loan_id: 'L6', industry: 'G', region: 'N', balance: 1000, five_class: 1, origination_date: '2023-02-01' },
  { loan_id: 'L7', region: 'N', balance: 50, default_flag: true, origination_date: '2022-01-01' },
];

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  await loadLoans(db, BOOK);
});
afterAll(async () => db.close());

describe('breakdown', () => {
  it('gives count, balance, shares, NPL ratio, default rate and lift per segment, sorted by balance', async () => {
    const b = await run(db, breakdownQuery([], { dimension: 'industry', minCount: 2 }));
    expect(b.segments.map((s) => s.value)).toEqual(['F', 'G', 'C', null]);
    const [f, g, c, none] = b.segments;
    expect(f).toMatchObject({ loans: 3, balance: 1200, weak: false });
    expect(f.countShare).toBeCloseTo(3 / 7, 9);
    expect(f.balanceShare).toBeCloseTo(1200 / 2550, 9);
    expect(f.nplRatio).toBeCloseTo(400 / 1200, 9);
    expect(f.defaultRate).toBeCloseTo(1 / 3, 9);
    expect(f.lift).toBeCloseTo(1 / 3 / (3 / 7), 9);
    expect(g).toMatchObject({ loans: 1, balance: 1000, nplRatio: 0, defaultRate: 0, lift: 0, weak: true });
    expect(c.lift).toBeCloseTo(0.5 / (3 / 7), 9);
    expect(c.nplRatio).toBeCloseTo(200 / 300, 9);
    // No classified balance: the NPL ratio is unknown, not zero.
    expect(none.nplRatio).toBeNull();
    expect(none.lift).toBeCloseTo(7 / 3, 9);
    expect(b.totals.loans).toBe(7);
    expect(b.totals.balance).toBe(2550);
    expect(b.totals.nplRatio).toBeCloseTo(600 / 2500, 9);
    expect(b.totals.defaultRate).toBeCloseTo(3 / 7, 9);
    expect(b.missing).toEqual([]);
  });

  it('drills down by adding a filter clause: lift is relative to the filtered population', async () => {
    const b = await run(db, breakdownQuery([{ dimension: 'industry', values: ['F'] }], { dimension: 'region', minCount: 1 }));
    expect(b.segments.map((s) => [s.value, s.loans, s.balance])).toEqual([
      ['S', 2, 900],
      ['N', 1, 300],
    ]);
    expect(b.segments[0].defaultRate).toBeCloseTo(0.5, 9);
    expect(b.segments[0].lift).toBeCloseTo(0.5 / (1 / 3), 9);
    expect(b.segments[0].balanceShare).toBeCloseTo(900 / 1200, 9);
    expect(b.totals.defaultRate).toBeCloseTo(1 / 3, 9);
  });

  it('breaks down by a derived numeric dimension and by the missing value', async () => {
    const b = await run(db, breakdownQuery([{ dimension: 'industry', values: [null, 'C'] }], { dimension: 'vintage_year' }));
    expect(b.segments.map((s) => [s.value, s.loans, s.balance])).toEqual([[2022, 3, 350]]);
    expect(b.segments[0].weak).toBe(true);
  });

  it('returns no segments but totals for an empty selection, and binds hostile values', async () => {
    const b = await run(db, breakdownQuery([{ dimension: 'region', values: ["N'; DELETE FROM loans; --"] }], { dimension: 'industry' }));
    expect(b.segments).toEqual([]);
    expect(b.totals).toEqual({ loans: 0, balance: 0, exposure: 0, nplRatio: null, defaultRate: null });
    const again = await run(db, breakdownQuery([], { dimension: 'industry' }));
    expect(again.totals.loans).toBe(7);
  });
});

/*
 * The same loans closed: every balance 0, original amounts 10, 20, 30, 40, 50, 100, 5 (total 255).
 * Shares, their order and the heatmap's order fall back to the original amount.
 */
describe('breakdown of a closed book', () => {
  let closed: Db;
  beforeAll(async () => {
    closed = await openNodeDb();
    await loadLoans(closed, BOOK.map((r) => ({ ...r, balance: 0, amount: Number(r.balance) / 10 })));
  });
  afterAll(async () => closed.close());

  it('measures shares on the original amount, sorted by it, and says nothing is outstanding', async () => {
    const b = await run(closed, breakdownQuery([], { dimension: 'industry' }));
    expect(b.segments.map((s) => [s.value, s.exposure, s.balance])).toEqual([['F', 120, 0], ['G', 100, 0], ['C', 30, 0], [null, 5, 0]]);
    expect(b.segments[0].exposureShare).toBeCloseTo(120 / 255, 9);
    expect(b.segments[0].balanceShare).toBeNull();
    expect(b.totals).toMatchObject({ balance: 0, exposure: 255 });
    const h = await run(closed, heatmapQuery([], { rows: 'industry', columns: 'region' }));
    expect(h.rowValues).toEqual(['F', 'G', 'C', null]);
    expect(h.cells.find((c) => c.row === 'F' && c.column === 'S')!.exposureShare).toBeCloseTo(90 / 255, 9);
  });

  it('a live book measures shares on the balance (exposure is the balance)', async () => {
    const b = await run(db, breakdownQuery([], { dimension: 'industry' }));
    for (const s of b.segments) expect(s.exposureShare).toBe(s.balanceShare);
  });
});

describe('heatmap', () => {
  it('crosses two dimensions with per-cell NPL ratio and lift', async () => {
    const h = await run(db, heatmapQuery([], { rows: 'industry', columns: 'region', minCount: 2 }));
    expect(h.rowValues).toEqual(['F', 'G', 'C', null]);
    expect(h.columnValues).toEqual(['N', 'S']);
    expect(h.cells).toHaveLength(6);
    const fs = h.cells.find((c) => c.row === 'F' && c.column === 'S')!;
    expect(fs).toMatchObject({ loans: 2, balance: 900, weak: false });
    expect(fs.nplRatio).toBeCloseTo(400 / 900, 9);
    expect(fs.lift).toBeCloseTo(0.5 / (3 / 7), 9);
    expect(fs.balanceShare).toBeCloseTo(900 / 2550, 9);
    const cn = h.cells.find((c) => c.row === 'C' && c.column === 'N')!;
    expect(cn).toMatchObject({ loans: 1, balance: 100, nplRatio: 0, weak: true });
  });
});
