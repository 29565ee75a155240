import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import { readParquet } from 'parquet-wasm/node';
import { openNodeDb } from '../../../src/lib/db/node';
import { rows } from '../../../src/lib/db/rows';
import type { Db } from '../../../src/lib/db/types';
import { activateStaged } from '../../../src/lib/book/activate';
import { planPublishedLoad } from '../../../src/lib/publish/published-book';
import type { ParquetSource } from '../../../src/lib/publish/parquet-source';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => db.close());

/** A local Parquet file as a source, counting the columns each read asks for. */
function localSource(path: string, reads: (readonly string[] | 'all')[]): ParquetSource {
  const bytes = new Uint8Array(readFileSync(path));
  const columns = tableFromIPC(readParquet(bytes, { limit: 1 }).intoIPCStream()).schema.fields.map((f) => f.name);
  return {
    columns: () => columns,
    numRows: () => 0,
    async readIPC(wanted) {
      reads.push(wanted ?? 'all');
      return readParquet(bytes, wanted ? { columns: [...wanted] } : undefined).intoIPCStream();
    },
  };
}

const SAMPLE = 'data-samples/bank-a';
const published = {
  name: 'Bank A',
  tables: {
    loans: { path: `${SAMPLE}/loans.parquet`, rows: 0, bytes: 0 },
    snapshots: { path: `${SAMPLE}/snapshots.parquet`, rows: 0, bytes: 0 },
    inspections: { path: `${SAMPLE}/inspections.parquet`, rows: 0, bytes: 0 },
  },
};

describe('loading a published book in two phases', () => {
  it('stages the Overview columns first, then completes the same book the app would load whole', async () => {
    const reads: (readonly string[] | 'all')[] = [];
    const plan = await planPublishedLoad(db, published, async (p) => localSource(p, reads), 'overview', []);
    expect(plan.rest).not.toBeNull();
    const signal = new AbortController().signal;
    await plan.first(signal);
    const first = await activateStaged(db);
    expect(first.loans).toBe(20_000);
    expect(first.snapshots).toBe(0);
    expect(first.mapped).not.toContain('industry');
    expect(reads).toEqual([plan.firstColumns]);

    await plan.rest!(signal);
    const full = await activateStaged(db);
    expect(reads.length).toBe(4);
    expect((reads[1] as string[]).some((c) => plan.firstColumns!.includes(c))).toBe(false);
    expect(full.snapshots).toBeGreaterThan(0);

    const whole = (sql: string) => db.query(sql).then((t) => rows(t));
    const [phased] = await whole(`SELECT count(*)::INTEGER AS n, sum(balance) AS bal, count(DISTINCT industry)::INTEGER AS ind, sum(hash(loan_id, borrower_id, balance, industry, origination_date)) AS h FROM loans`);
    await db.exec('DROP TABLE IF EXISTS direct');
    await db.insertArrowIPC('direct', await localSource(`${SAMPLE}/loans.parquet`, []).readIPC());
    const [reference] = await whole(`SELECT count(*)::INTEGER AS n, sum(balance) AS bal, count(DISTINCT industry)::INTEGER AS ind, sum(hash(loan_id, borrower_id, balance, industry, origination_date)) AS h FROM direct`);
    expect(phased).toEqual(reference);
  });

  it('reads everything in one phase when the first screen is not the Overview', async () => {
    const reads: (readonly string[] | 'all')[] = [];
    const plan = await planPublishedLoad(db, published, async (p) => localSource(p, reads), 'structure', []);
    expect(plan.rest).toBeNull();
    await plan.first(new AbortController().signal);
    const shape = await activateStaged(db);
    expect(shape.loans).toBe(20_000);
    expect(shape.mapped).toContain('industry');
    expect(reads).toEqual(['all', 'all', 'all']);
  });
});
