import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Coordinator } from '../../../src/lib/coordinator/coordinator';
import type { Db } from '../../../src/lib/db/types';
import { classMixQuery } from '../../../src/lib/metrics/portfolio/mix';
import { overviewQuery } from '../../../src/lib/metrics/portfolio/overview';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openNativeDb } from '../../../src/lib/db/native';
import { loadLoans, openNodeDb, type FixtureRow } from '../metrics/portfolio/fixtures';

/*
 *        class  industry  balance  borrower
 *   A    1      C         100      x
 *   B    3      C         200      x
 *   C    3      F         300      y
 *   D    —      F         400      z
 * Class 3: 2 loans, balance 500, 2 borrowers (x, y).
 */
const BOOK: FixtureRow[] = [
  { loan_id: 'A', five_class: 1, industry: 'C', balance: 100, borrower_id: 'x' },
  { loan_id: 'B', five_class: 3, industry: 'C', balance: 200, borrower_id: 'x' },
  { loan_id: 'C', five_class: 3, industry: 'F', balance: 300, borrower_id: 'y' },
  { loan_id: 'D', industry: 'F', balance: 400, borrower_id: 'z' },
];
const CLASS_3 = [{ dimension: 'five_class', values: ['3'] }];

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  await loadLoans(db, BOOK);
}, 180_000);
afterAll(async () => db.close());

async function overviewOf(c: Coordinator) {
  const q = overviewQuery(CLASS_3);
  return q.shape(await c.query(1, q)).figures;
}

describe('the coordinator', () => {
  it('answers a click from the cube, distinct borrowers from their own pre-aggregate, with the right figures', async () => {
    const c = new Coordinator(db, { preaggregate: () => true, prefetch: () => false });
    c.prepare(['five_class']);
    await c.query(1, overviewQuery([]));
    await c.idle();
    // The cube (3 classes incl. none) and the borrowers' profiles over the class: {1,3} (x), {3} (y), {none} (z).
    expect(c.describe()).toEqual([expect.objectContaining({ status: 'ready', rows: 3 }), expect.objectContaining({ status: 'ready', rows: 3 })]);
    const f = await overviewOf(c);
    expect(c.answered).toEqual({ plain: 1, preaggregate: 1 });
    expect(c.distinctAnswered).toBe(1);
    expect(f.loans.value).toBe(2);
    expect(f.outstandingBalance.value).toBe(500);
    expect(f.borrowers.value).toBe(2);
    expect(f.nplRatioBalance.value).toBe(1);
    // x has loans in classes 1 and 3: one borrower, counted once.
    const both = overviewQuery([{ dimension: 'five_class', values: ['1', '3'] }]);
    expect(both.shape(await c.query(1, both)).figures.borrowers.value).toBe(2);
    const missing = overviewQuery([{ dimension: 'five_class', values: [null] }]);
    expect(missing.shape(await c.query(1, missing)).figures.borrowers.value).toBe(1);
    expect(c.distinctAnswered).toBe(3);
  });

  it('counts distinct borrowers over two filtered dimensions from the loans first, then from a pre-aggregate', async () => {
    const c = new Coordinator(db, { preaggregate: () => true, prefetch: () => false });
    c.prepare(['five_class']);
    await c.query(1, overviewQuery([]));
    await c.idle();
    // Class 3 in industry C: loan B of x only.
    const q = overviewQuery([...CLASS_3, { dimension: 'industry', values: ['C'] }]);
    expect(q.shape(await c.query(1, q)).figures.borrowers.value).toBe(1);
    expect(c.distinctAnswered).toBe(0);
    await c.idle();
    c.cache.clear();
    expect(q.shape(await c.query(1, q)).figures.borrowers.value).toBe(1);
    expect(c.distinctAnswered).toBe(1);
  });

  it('builds a cube only for dimensions a view declared or a filter uses, and drops it with its view', async () => {
    const c = new Coordinator(db, { preaggregate: () => true, prefetch: () => false });
    await c.query(1, classMixQuery([]));
    await c.idle();
    expect(c.describe()).toEqual([]);
    const release = c.prepare(['industry']);
    await c.idle();
    expect(c.describe()).toEqual([expect.objectContaining({ status: 'ready' })]);
    release();
    const q = classMixQuery([{ dimension: 'industry', values: ['F'] }]);
    expect(q.shape(await c.query(1, q)).classes[2].loans).toBe(1);
    expect(c.answered.preaggregate).toBe(1);
  });

  it('answers from pre-aggregates on an engine that runs each call on its own connection, as the browser does', async () => {
    // Native DuckDB here opens a connection per call like the browser's worker: a TEMP table would
    // be gone for the next call, and every click would quietly take the plain query.
    const dir = await mkdtemp(join(tmpdir(), 'lbl-coordinator-'));
    const native = await openNativeDb({ path: join(dir, 'db.duckdb'), tempDirectory: join(dir, 'tmp'), threads: 1 });
    try {
      await loadLoans(native, BOOK);
      const c = new Coordinator(native, { preaggregate: () => true, prefetch: () => false });
      c.prepare(['five_class']);
      await c.query(1, overviewQuery([]));
      await c.idle();
      expect(c.describe().map((d) => d.status)).toEqual(['ready', 'ready']);
      const f = await overviewOf(c);
      expect(c.answered).toEqual({ plain: 1, preaggregate: 1 });
      expect(c.distinctAnswered).toBe(1);
      expect([f.loans.value, f.outstandingBalance.value, f.borrowers.value]).toEqual([2, 500, 2]);
      expect(c.describe().map((d) => d.status)).toEqual(['ready', 'ready']);
    } finally {
      await native.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps to plain queries when switched off', async () => {
    const c = new Coordinator(db, { preaggregate: () => false });
    c.prepare(['five_class']);
    await c.query(1, overviewQuery([]));
    await c.idle();
    expect((await overviewOf(c)).loans.value).toBe(2);
    expect(c.describe()).toEqual([]);
    expect(c.answered).toEqual({ plain: 2, preaggregate: 0 });
  });

  it('falls back to plain queries when a cube is too large or cannot be built (memory)', async () => {
    const small = new Coordinator(db, { preaggregate: () => true, maxCubeRows: 2 });
    small.prepare(['five_class']);
    await small.query(1, overviewQuery([]));
    await small.idle();
    expect(small.describe()).toEqual([
      expect.objectContaining({ status: 'failed', reason: 'too many rows (3)' }),
      expect.objectContaining({ status: 'failed', reason: 'too many rows (3)' }),
    ]);
    expect((await overviewOf(small)).loans.value).toBe(2);
    expect((await overviewOf(small)).borrowers.value).toBe(2);

    const starved: Db = {
      ...db,
      query: (sql, params, options) => db.query(sql, params, options),
      exec: async (sql, params, options) => {
        if (/CREATE OR REPLACE TABLE "lbl_preagg_/.test(sql)) throw new Error('Out of Memory Error: failed to allocate data of size 64.0 MiB');
        return db.exec(sql, params, options);
      },
    };
    const oom = new Coordinator(starved, { preaggregate: () => true });
    oom.prepare(['five_class']);
    await oom.query(1, overviewQuery([]));
    await oom.idle();
    expect(oom.describe()).toEqual([
      expect.objectContaining({ status: 'failed', reason: expect.stringMatching(/memory/i) }),
      expect.objectContaining({ status: 'failed', reason: expect.stringMatching(/memory/i) }),
    ]);
    expect((await overviewOf(oom)).borrowers.value).toBe(2);
    expect(oom.answered.preaggregate).toBe(0);
  });
});
