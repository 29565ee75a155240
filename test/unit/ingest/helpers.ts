import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../../src/lib/db/types';
import { sniffFile } from '../../../src/lib/ingest/sniff';
import { readFile, type ReadOptions } from '../../../src/lib/ingest/read';
import { parquetBatchesNode } from '../../../src/lib/ingest/parquet-node';
import type { RawTable } from '../../../src/lib/ingest/raw-table';

export const FIXTURES = join(__dirname, '../../fixtures/import');

export function fixture(name: string, dir = FIXTURES): Blob {
  return new Blob([readFileSync(join(dir, name))]);
}

/** sniff → read, as the Data screen does. */
export async function importFixture(db: Db, name: string, options: ReadOptions = {}, dir = FIXTURES): Promise<RawTable> {
  const file = fixture(name, dir);
  const sniff = await sniffFile(file, name);
  return readFile(db, file, sniff, { parquetBatches: parquetBatchesNode, ...options });
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function failure(p: Promise<unknown>): Promise<{ key?: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { key?: string; message: string };
  }
  throw new Error('expected a failure');
}
