import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../../src/lib/db/node';
import type { Db } from '../../../../src/lib/db/types';
import { runMetric } from '../../../../src/lib/metrics/query';
import { booleanColumnOutcome, woeQuery, type WoeTable } from '../../../../src/lib/metrics/drivers';
import { groupsOf, mergeCategories, splitCategories } from '../../../../src/lib/metrics/models';
import { woeValueSql } from '../../../../src/lib/models/scorecard';

/**
 * Categories A, B, C, D with ten loans each and a missing bin of ten. Bads: A 1, B 2, C 5, D 2,
 * missing 1 → 11 bads, 39 goods. Merging B and C gives one bin of 20 loans with 7 bads.
 */
const BOOK = `CREATE TABLE t AS SELECT CASE range // 10 WHEN 0 THEN 'A' WHEN 1 THEN 'B' WHEN 2 THEN 'C' WHEN 3 THEN 'D' END AS x,
  range IN (0, 10, 11, 20, 21, 22, 23, 24, 30, 31, 40) AS bad FROM range(50)`;
const bad = booleanColumnOutcome('bad');

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  await db.exec(BOOK);
});
afterAll(async () => db.close());

const table = (groups?: string[][]) => runMetric(db, woeQuery({ column: 'x', binning: { kind: 'categorical', groups } }, { table: 't', outcome: bad }));
const counts = (t: WoeTable) => t.bins.map((b) => [b.key.kind === 'value' ? b.key.value : b.key.kind, b.count, b.bads]);
const woe = (goods: number, bads: number) => Math.log(goods / 39 / (bads / 11));

describe('merging categories in the bin editor, recounted in DuckDB', () => {
  it('one bin per category before any merge', async () => {
    const t = await table();
    expect(counts(t)).toEqual([['A', 10, 1], ['B', 10, 2], ['C', 10, 5], ['D', 10, 2], ['missing', 10, 1]]);
    expect(groupsOf(t.bins)).toEqual([]);
  });

  it('merges B with C: WoE and IV of the merged bins as computed by hand', async () => {
    const groups = mergeCategories((await table()).bins, 1);
    expect(groups).toEqual([['B', 'C']]);
    const t = await table(groups);
    expect(counts(t)).toEqual([['A', 10, 1], ['B + C', 20, 7], ['D', 10, 2], ['missing', 10, 1]]);
    // goods A 9, B+C 13, D 8, missing 9 of 39; bads 1, 7, 2, 1 of 11.
    const hand = [woe(9, 1), woe(13, 7), woe(8, 2), woe(9, 1)];
    t.bins.forEach((b, i) => expect(b.woe, String(i)).toBeCloseTo(hand[i], 12));
    const iv = [[9, 1], [13, 7], [8, 2], [9, 1]].reduce((s, [g, b], i) => s + (g / 39 - b / 11) * hand[i], 0);
    expect(t.iv).toBeCloseTo(iv, 12);
    expect(t.iv).toBeCloseTo(0.4593, 4);
    expect(groupsOf(t.bins)).toEqual([['B', 'C']]);
  });

  it('merges a merged bin with its neighbour, then splits it back to one bin per category', async () => {
    const bc = await table([['B', 'C']]);
    const groups = mergeCategories(bc.bins, 1);
    expect(groups).toEqual([['B', 'C', 'D']]);
    const bcd = await table(groups);
    expect(counts(bcd)).toEqual([['A', 10, 1], ['B + C + D', 30, 9], ['missing', 10, 1]]);
    expect(bcd.bins[1].woe).toBeCloseTo(woe(21, 9), 12);
    const back = splitCategories(bcd.bins, bcd.bins[1].key);
    expect(back).toEqual([]);
    expect(counts(await table(back))).toEqual(counts(await table()));
  });

  it('a scorecard gives a loan of a merged category the merged bin’s WoE', async () => {
    const t = await table([['B', 'C']]);
    const value = woeValueSql(t);
    const got = (await db.query(`SELECT x, ${value.sql} AS w FROM t GROUP BY ALL ORDER BY x`, value.params)).toArray().map((r) => r.toJSON());
    const byX = Object.fromEntries(got.map((r) => [String(r.x), Number(r.w)]));
    expect(byX.B).toBeCloseTo(woe(13, 7), 12);
    expect(byX.C).toBeCloseTo(woe(13, 7), 12);
    expect(byX.A).toBeCloseTo(woe(9, 1), 12);
  });
});
