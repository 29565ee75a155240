import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { buildBook } from '../../../scripts/sample/book.mjs';
import { createRng } from '../../../scripts/sample/prng.mjs';
import { one } from './db';

/** A fingerprint of a freshly generated book: sizes and checksums of every table. */
async function fingerprint(loans: number, seed: number) {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    await buildBook(conn, { loans, seed });
    return await one(
      conn,
      `SELECT (SELECT count(*) FROM loans) AS loans,
        (SELECT sum(hash(l)) FROM loans l)::VARCHAR AS loans_hash,
        (SELECT sum(hash(loan_id, snapshot_date, balance, dpd, five_class)) FROM snapshots)::VARCHAR AS snapshots_hash,
        (SELECT sum(hash(loan_id, inspection_date, finding)) FROM inspections)::VARCHAR AS inspections_hash`,
    );
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

describe('sample generator', () => {
  it('produces exactly the requested number of loans, identically for the same seed', async () => {
    const a = await fingerprint(1_500, 7);
    expect(a.loans).toBe(1_500);
    expect(await fingerprint(1_500, 7)).toEqual(a);
    const b = await fingerprint(1_500, 8);
    expect(b.loans_hash).not.toBe(a.loans_hash);
    expect(b.snapshots_hash).not.toBe(a.snapshots_hash);
  });

  it('draws uniform numbers from a seeded stream', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, createRng(seed).next);
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    const rng = createRng(3);
    const xs = Array.from({ length: 20_000 }, () => rng.next());
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(mean).toBeGreaterThan(0.49);
    expect(mean).toBeLessThan(0.51);
  });
});
