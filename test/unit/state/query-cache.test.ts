import { describe, expect, it } from 'vitest';
import { tableFromArrays, type Table } from 'apache-arrow';
import { QueryCache } from '../../../src/lib/coordinator/query-cache';
import type { Db, QueryOptions, SqlParam } from '../../../src/lib/db/types';
import { abortError } from '../../../src/lib/db/types';

/** An engine whose runs finish when the test says so; it counts runs and cancellations. */
function controllableDb() {
  const runs: { sql: string; finish: () => void; cancelled: boolean }[] = [];
  const db = {
    query(sql: string, _p: readonly SqlParam[] = [], o: QueryOptions = {}): Promise<Table> {
      return new Promise((resolve, reject) => {
        const run = { sql, cancelled: false, finish: () => resolve(tableFromArrays({ x: [runs.length] })) };
        o.signal?.addEventListener('abort', () => {
          run.cancelled = true;
          reject(abortError());
        });
        runs.push(run);
      });
    },
  } as unknown as Db;
  return { db, runs };
}

describe('query cache', () => {
  it('runs a query once for every caller with the same inputs, and serves repeats from memory', async () => {
    const { db, runs } = controllableDb();
    const cache = new QueryCache(db);
    const a = cache.query(1, 'SELECT 1', []);
    const b = cache.query(1, 'SELECT 1', [], { signal: new AbortController().signal });
    expect(runs).toHaveLength(1);
    runs[0].finish();
    expect(await a).toBe(await b);
    await cache.query(1, 'SELECT 1', []);
    expect(runs).toHaveLength(1);
    await Promise.race([cache.query(2, 'SELECT 1', []), Promise.resolve()]);
    expect(runs).toHaveLength(2);
  });

  it('keeps a shared run going while one caller still waits, and cancels it when the last gives up', async () => {
    const { db, runs } = controllableDb();
    const cache = new QueryCache(db);
    const first = new AbortController();
    const second = new AbortController();
    const p1 = cache.query(1, 'SELECT 2', [], { signal: first.signal });
    const p2 = cache.query(1, 'SELECT 2', [], { signal: second.signal });
    first.abort();
    await expect(p1).rejects.toMatchObject({ kind: 'cancelled' });
    expect(runs[0].cancelled).toBe(false);
    second.abort();
    await expect(p2).rejects.toMatchObject({ kind: 'cancelled' });
    expect(runs[0].cancelled).toBe(true);
    // A cancelled run is not cached: the next caller runs the query again.
    void cache.query(1, 'SELECT 2', []);
    expect(runs).toHaveLength(2);
  });
});
