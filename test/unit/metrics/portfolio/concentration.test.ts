import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../../src/lib/db/types';
import { FACTS_SQL } from '../../../../src/lib/metrics/facts';
import { borrowerConcentrationQuery, borrowerGroupHhiQuery, concentrationRatioQuery, hhiQuery, normalisedHhi } from '../../../../src/lib/metrics/portfolio/concentration';
import { lorenzQuery } from '../../../../src/lib/metrics/portfolio/lorenz';
import { checkLimits, limitQuery } from '../../../../src/lib/metrics/portfolio/limits';
import { loadLoans, openNodeDb, run, type FixtureRow } from './fixtures';

/*
 * Segments A 50, B 40, C 20 (total 110); borrowers b1 40, b2 20, b3 20, b4 20, and a loan with no borrower (10).
 * Inclusive SME: l1 (small, NPL 30) and l3 (micro, 10) → inclusive NPL 30 / 40; bank 30 / 110.
 */
const BOOK: FixtureRow[] = [
  { loan_id: 'l1', industry: 'A', borrower_id: 'b1', balance: 30, amount: 30, enterprise_size: 'small', five_class: 3 },
  { loan_id: 'l2', industry: 'A', borrower_id: 'b2', balance: 20, amount: 20, enterprise_size: 'medium', five_class: 1 },
  { loan_id: 'l3', industry: 'B', borrower_id: 'b1', balance: 10, amount: 10, enterprise_size: 'micro', five_class: 1 },
  { loan_id: 'l4', industry: 'B', borrower_id: 'b3', balance: 20, amount: 20, enterprise_size: 'medium', five_class: 1 },
  { loan_id: 'l5', industry: 'C', borrower_id: 'b4', balance: 20, amount: 20, enterprise_size: 'medium', five_class: 1 },
  { loan_id: 'l6', industry: 'B', balance: 10, amount: 10, enterprise_size: 'medium', five_class: 1 },
];

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => db.close());

describe('HHI', () => {
  it('reproduces the golden example: shares 50/30/20 → 0.38, normalised 0.07', async () => {
    await loadLoans(db, [
      { loan_id: '1', industry: 'X', balance: 30 },
      { loan_id: '2', industry: 'X', balance: 20 },
      { loan_id: '3', industry: 'Y', balance: 30 },
      { loan_id: '4', industry: 'Z', balance: 20 },
    ]);
    const h = await run(db, hhiQuery([], { dimension: 'industry' }));
    expect(h.segments).toBe(3);
    expect(Math.abs(h.raw! - 0.38)).toBeLessThan(1e-6);
    expect(Math.abs(h.normalised! - 0.07)).toBeLessThan(1e-6);
    expect(h.raw10000).toBeCloseTo(3800, 6);
  });

  it('reproduces the golden Shannon entropy and Theil index of shares 0.5, 0.3, 0.2, and by borrower group', async () => {
    await loadLoans(db, [
      { loan_id: '1', industry: 'X', group_id: 'G1', balance: 30 },
      { loan_id: '2', industry: 'X', group_id: 'G1', balance: 20 },
      { loan_id: '3', industry: 'Y', group_id: 'G2', balance: 30 },
      { loan_id: '4', industry: 'Z', group_id: 'G3', balance: 20 },
    ]);
    for (const dimension of ['industry', 'group_id']) {
      const h = await run(db, hhiQuery([], { dimension }));
      expect(Math.abs(h.entropy! - 1.029653), dimension).toBeLessThan(1e-6);
      expect(Math.abs(h.theil! - 0.0689593), dimension).toBeLessThan(1e-6);
      expect(Math.abs(h.raw! - 0.38), dimension).toBeLessThan(1e-6);
    }
    const one = await run(db, hhiQuery([{ dimension: 'industry', values: ['X'] }], { dimension: 'industry' }));
    expect(one.entropy).toBe(0);
    expect(one.theil).toBe(0);
    expect(hhiQuery([], { dimension: 'group_id' }).needs).toEqual(['group_id']);
  });

  it('over borrower groups, counts a borrower outside any group as a group of its own (golden shares 0.5, 0.3, 0.2 again)', async () => {
    // Group G1 (30 + 20 over two borrowers), borrower B7 outside any group (10 + 20), a loan with neither (20).
    await loadLoans(db, [
      { loan_id: '1', group_id: 'G1', borrower_id: 'B1', balance: 30 },
      { loan_id: '2', group_id: 'G1', borrower_id: 'B2', balance: 20 },
      { loan_id: '3', borrower_id: 'B7', balance: 10 },
      { loan_id: '4', borrower_id: 'B7', balance: 20 },
      { loan_id: '5', balance: 20 },
    ]);
    const h = await run(db, borrowerGroupHhiQuery([]));
    expect(h.segments).toBe(3);
    expect(Math.abs(h.raw! - 0.38)).toBeLessThan(1e-6);
    expect(Math.abs(h.entropy! - 1.029653)).toBeLessThan(1e-6);
    expect(Math.abs(h.theil! - 0.0689593)).toBeLessThan(1e-6);
    expect(h.largest).toBeCloseTo(0.5, 12);
    // Over the raw group_id the ungrouped loans would be one segment of 50 %: not the same figure.
    const raw = await run(db, hhiQuery([], { dimension: 'group_id' }));
    expect(raw.segments).toBe(2);
    expect(borrowerGroupHhiQuery([]).needs).toEqual(['group_id']);
  });

  it('has no normalised value for a single segment', () => {
    expect(normalisedHhi(1, 1)).toBeNull();
    expect(normalisedHhi(0.5, 2)).toBe(0);
  });
});

describe('CR-N', () => {
  it('sums the shares of the N largest segments and borrowers', async () => {
    await loadLoans(db, BOOK);
    const seg = await run(db, concentrationRatioQuery([], { dimension: 'industry', n: 2 }));
    expect(seg.top.map((t) => [t.key, t.balance])).toEqual([['A', 50], ['B', 40]]);
    expect(seg.crN).toBeCloseTo(90 / 110, 9);
    expect(seg.totalBalance).toBe(110);
    const bor = await run(db, borrowerConcentrationQuery([], { n: 1 }));
    expect(bor.top).toEqual([{ key: 'b1', balance: 40, share: 40 / 110 }]);
    expect(bor.crN).toBeCloseTo(40 / 110, 9);
    const bor3 = await run(db, borrowerConcentrationQuery([], { n: 3 }));
    expect(bor3.crN).toBeCloseTo(80 / 110, 9);
  });

  it('recomputes under a filter', async () => {
    await loadLoans(db, BOOK);
    const seg = await run(db, concentrationRatioQuery([{ dimension: 'industry', values: ['B', 'C'] }], { dimension: 'borrower_id', n: 1 }));
    // B and C: b1 10, b3 20, b4 20, none 10 → total 60; largest 20 (b3 before b4).
    expect(seg.top).toEqual([{ key: 'b3', balance: 20, share: 20 / 60 }]);
  });
});

describe('Lorenz and Gini', () => {
  it('gives the Lorenz points and Gini of balances 1, 2, 3, 4 (G = 20 / (2·16·2.5) = 0.25)', async () => {
    await loadLoans(db, [1, 2, 3, 4].map((b) => ({ loan_id: `x${b}`, balance: b })));
    const l = await run(db, lorenzQuery([]));
    expect(l.units).toBe(4);
    expect(l.gini).toBeCloseTo(0.25, 9);
    expect(l.points.map((p) => [p.population, p.balance])).toEqual([
      [0, 0],
      [0.25, 0.1],
      [0.5, 0.3],
      [0.75, 0.6],
      [1, 1],
    ].map(([a, b]) => [a, expect.closeTo(b, 9)]));
  });

  it('leaves paid-off loans out: balances 0, 0, 0, 5 are one live loan, with no inequality', async () => {
    await loadLoans(db, [0, 0, 0, 5].map((b, i) => ({ loan_id: `z${i}`, balance: b })));
    const l = await run(db, lorenzQuery([]));
    expect(l.units).toBe(1);
    expect(l.gini).toBeCloseTo(0, 9);
  });

  it('aggregates by borrower: 20, 20, 20, 40 → G = 120 / 800 = 0.15', async () => {
    await loadLoans(db, BOOK);
    const l = await run(db, lorenzQuery([], { unit: 'borrower' }));
    expect(l.units).toBe(4);
    expect(l.gini).toBeCloseTo(0.15, 9);
  });

  it('downsamples to at most maxPoints and keeps both ends; Gini of 1..1000 is 999 / 3000', async () => {
    await loadLoans(db, []);
    await db.exec('INSERT INTO loans (loan_id, balance) SELECT CAST(range AS VARCHAR), range + 1 FROM range(1000)');
    await db.exec(FACTS_SQL);
    const l = await run(db, lorenzQuery([]));
    expect(l.points.length).toBeLessThanOrEqual(200);
    expect(l.points.length).toBeGreaterThan(150);
    expect(l.points[0]).toEqual({ population: 0, balance: 0 });
    expect(l.points.at(-1)).toEqual({ population: 1, balance: 1 });
    expect(l.gini).toBeCloseTo(999 / 3000, 9);
    const small = await run(db, lorenzQuery([], { maxPoints: 10 }));
    expect(small.points.length).toBeLessThanOrEqual(10);
  });
});

describe('limits', () => {
  it('checks segment-share, borrower-to-capital and inclusive-tolerance limits and lists the breaches', async () => {
    await loadLoans(db, BOOK);
    const [seg, bor, atLimit, incl] = await checkLimits(db, [], [
      { kind: 'segment_share', dimension: 'industry', max: 0.4 },
      { kind: 'borrower_share_of_capital', netCapital: 300, max: 0.1 },
      { kind: 'borrower_share_of_capital', netCapital: 400, max: 0.1 },
      { kind: 'inclusive_npl_tolerance', maxPoints: 3 },
    ]);
    expect(seg.value).toBeCloseTo(50 / 110, 9);
    expect(seg.threshold).toBe(0.4);
    expect(seg.breach).toBe(true);
    expect(seg.breaching.map((b) => b.key)).toEqual(['A']);
    expect(bor.value).toBeCloseTo(40 / 300, 9);
    expect(bor.breach).toBe(true);
    expect(bor.breaching).toEqual([{ key: 'b1', value: 40 / 300 }]);
    // 40 / 400 is exactly 10 %: within the limit.
    expect(atLimit.value).toBeCloseTo(0.1, 12);
    expect(atLimit.breach).toBe(false);
    expect(atLimit.breaching).toEqual([]);
    expect(incl.value).toBeCloseTo((30 / 40 - 30 / 110) * 100, 9);
    expect(incl.breach).toBe(true);
    expect(incl.breaching.map((b) => b.key)).toEqual(['inclusive_sme']);
  });

  it('passes limit values as bound parameters', () => {
    const q = limitQuery([], { kind: 'borrower_share_of_capital', netCapital: 12345.5, max: 0.1 });
    expect(q.sql).not.toContain('12345.5');
    expect(q.params).toContain(12345.5);
  });
});
