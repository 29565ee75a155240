import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../../src/lib/db/node';
import type { Db } from '../../../../src/lib/db/types';
import { runMetric } from '../../../../src/lib/metrics/query';
import { booleanColumnOutcome, woeQuery, type WoeTable } from '../../../../src/lib/metrics/drivers';
import { cutsOf, mergeWithNext, monotonicFrom, rangeIndex, splitAt } from '../../../../src/lib/metrics/models';

/**
 * x = 0…39, ten loans per bin of the cuts 10, 20, 30. Bads: x = 0 (bin 1: 1 of 10), 10, 11
 * (bin 2: 2 of 10), 20…24 (bin 3: 5 of 10), 30, 31 (bin 4: 2 of 10). 10 bads, 30 goods.
 */
const BOOK = `CREATE TABLE t AS SELECT range AS x, range IN (0, 10, 11, 20, 21, 22, 23, 24, 30, 31) AS bad FROM range(40)`;
const bad = booleanColumnOutcome('bad');

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  await db.exec(BOOK);
});
afterAll(async () => db.close());

const table = (cuts: number[]) => runMetric(db, woeQuery({ column: 'x', binning: { kind: 'cuts', cuts } }, { table: 't', outcome: bad }));
const counts = (t: WoeTable) => t.bins.map((b) => [b.count, b.bads]);

describe('bin editor arithmetic, recounted in DuckDB', () => {
  it('reads the cut points back from the bins shown', async () => {
    const t = await table([10, 20, 30]);
    expect(counts(t)).toEqual([[10, 1], [10, 2], [10, 5], [10, 2]]);
    expect(cutsOf(t.bins)).toEqual([10, 20, 30]);
    expect(t.bins.map((b) => rangeIndex([10, 20, 30], b.key))).toEqual([0, 1, 2, 3]);
  });

  it('merges bin 2 with bin 3: WoE and IV of the merged bins as computed by hand', async () => {
    const cuts = mergeWithNext([10, 20, 30], 1);
    expect(cuts).toEqual([10, 30]);
    const t = await table(cuts);
    expect(counts(t)).toEqual([[10, 1], [20, 7], [10, 2]]);
    // goods 9, 13, 8 of 30; bads 1, 7, 2 of 10
    const woe = [Math.log(9 / 30 / (1 / 10)), Math.log(13 / 30 / (7 / 10)), Math.log(8 / 30 / (2 / 10))];
    t.bins.forEach((b, i) => expect(b.woe).toBeCloseTo(woe[i], 12));
    const iv = (9 / 30 - 1 / 10) * woe[0] + (13 / 30 - 7 / 10) * woe[1] + (8 / 30 - 2 / 10) * woe[2];
    expect(t.iv).toBeCloseTo(iv, 12);
    expect(t.iv).toBeCloseTo(0.3668, 4);
  });

  it('splits the last bin at 35: the new zero cell takes the 0.5 addend on both counts', async () => {
    const cuts = splitAt([10, 20, 30], 3, 35)!;
    expect(cuts).toEqual([10, 20, 30, 35]);
    const t = await table(cuts);
    expect(counts(t)).toEqual([[10, 1], [10, 2], [10, 5], [5, 2], [5, 0]]);
    // Only [35, ∞) is a zero cell: goods 9, 8, 5, 3, 5.5 of 30.5; bads 1, 2, 5, 2, 0.5 of 10.5
    const g = [9, 8, 5, 3, 5.5].map((x) => x / 30.5);
    const b = [1, 2, 5, 2, 0.5].map((x) => x / 10.5);
    const woe = g.map((x, i) => Math.log(x / b[i]));
    t.bins.forEach((bin, i) => expect(bin.woe).toBeCloseTo(woe[i], 12));
    expect(t.iv).toBeCloseTo(g.reduce((s, x, i) => s + (x - b[i]) * woe[i], 0), 12);
    expect(t.bins[4].zeroCell).toBe(true);
  });

  it('refuses a split outside the bin, on a cut, or merging past the last bin', () => {
    expect(splitAt([10, 20, 30], 1, 20)).toBeNull();
    expect(splitAt([10, 20, 30], 1, 5)).toBeNull();
    expect(splitAt([10, 20, 30], 0, -1e9)).toEqual([-1e9, 10, 20, 30]);
    expect(() => mergeWithNext([10, 20, 30], 3)).toThrow();
  });

  it('makes WoE monotonic from the shown bins: the 50 % bin pools with the 20 % bin above it', async () => {
    const t = await table([10, 20, 30]);
    const cuts = monotonicFrom(t.bins);
    expect(cuts).toEqual([10, 20]);
    const m = await table(cuts);
    expect(counts(m)).toEqual([[10, 1], [10, 2], [20, 7]]);
    const rates = m.bins.map((x) => x.badRate);
    expect(rates).toEqual([0.1, 0.2, 0.35]);
    const woes = m.bins.map((x) => x.woe!);
    expect(woes[0]).toBeGreaterThan(woes[1]);
    expect(woes[1]).toBeGreaterThan(woes[2]);
  });

  it('indexes a shown bin among the bins its cuts define when an empty lowest bin is not shown', async () => {
    const t = await table([-5, 10]);
    expect(t.bins[0].key).toEqual({ kind: 'range', lo: -5, hi: 10 });
    const cuts = cutsOf(t.bins);
    expect(cuts).toEqual([-5, 10]);
    expect(rangeIndex(cuts, t.bins[0].key)).toBe(1);
    expect(mergeWithNext(cuts, rangeIndex(cuts, t.bins[0].key))).toEqual([-5]);
  });
});
