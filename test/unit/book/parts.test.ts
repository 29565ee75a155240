import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../src/lib/db/node';
import type { Db } from '../../../src/lib/db/types';
import { rows } from '../../../src/lib/db/rows';
import { partName, rowidRanges } from '../../../src/lib/book/parts';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => db.close());

/** The ids read part by part, as saveActiveBook reads them. */
async function idsByPart(table: string, partRows: number): Promise<number[][]> {
  const out: number[][] = [];
  for (const [from, to] of await rowidRanges(db, table, partRows)) {
    out.push(rows(await db.query(`SELECT id FROM ${table} WHERE rowid >= ${from} AND rowid < ${to} ORDER BY rowid`)).map((r) => Number(r.id)));
  }
  return out;
}

describe('kept books in parts (book/parts.ts)', () => {
  it('splits 125 rows into parts of at most 50, in order, every row once', async () => {
    await db.exec('CREATE TABLE t125 AS SELECT range::INTEGER AS id FROM range(125)');
    const parts = await idsByPart('t125', 50);
    expect(parts.map((p) => p.length)).toEqual([50, 50, 25]);
    expect(parts.flat()).toEqual(Array.from({ length: 125 }, (_, i) => i));
  });

  it('covers a table with deleted rows (rowid gaps) without losing or repeating one', async () => {
    await db.exec('CREATE TABLE gaps AS SELECT range::INTEGER AS id FROM range(300)');
    await db.exec('DELETE FROM gaps WHERE id % 3 = 0 OR id < 40');
    const kept = rows(await db.query('SELECT id FROM gaps ORDER BY rowid')).map((r) => Number(r.id));
    const parts = await idsByPart('gaps', 64);
    expect(parts.every((p) => p.length <= 64)).toBe(true);
    expect(parts.flat()).toEqual(kept);
  });

  it('an empty table has no part; the first part keeps the single-file name', async () => {
    await db.exec('CREATE TABLE empty_t (id INTEGER)');
    expect(await rowidRanges(db, 'empty_t')).toEqual([]);
    expect([0, 1, 12].map((n) => partName('snapshots', n))).toEqual(['snapshots.arrow', 'snapshots.1.arrow', 'snapshots.12.arrow']);
  });
});
