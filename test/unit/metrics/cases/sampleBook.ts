import { readFile } from 'node:fs/promises';
import { readParquet } from 'parquet-wasm';
import { openNodeDb } from '../../../../src/lib/db/node';
import type { Db } from '../../../../src/lib/db/types';
import { activateStaged, STAGE_PREFIX, type BookShape } from '../../../../src/lib/book/activate';

const DIR = 'data-samples/bank-a';

async function loadParquet(db: Db, table: string, file: string): Promise<void> {
  const ipc = readParquet(new Uint8Array(await readFile(`${DIR}/${file}`))).intoIPCStream();
  await db.exec(`DROP TABLE IF EXISTS ${table}`);
  await db.insertArrowIPC(table, ipc);
}

/**
 * The sample Bank A book in the Node engine, activated the way the app activates it (staged
 * tables → loans / snapshots / inspections → loan_facts), plus the generator's `planted` table.
 */
export async function openSampleBook(): Promise<{ db: Db; shape: BookShape }> {
  const db = await openNodeDb();
  for (const t of ['loans', 'snapshots', 'inspections']) await loadParquet(db, STAGE_PREFIX + t, `${t}.parquet`);
  const shape = await activateStaged(db);
  await loadParquet(db, 'planted', 'planted.parquet');
  return { db, shape };
}
