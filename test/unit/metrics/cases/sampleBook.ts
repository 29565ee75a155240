import { readFile } from 'node:fs/promises';
import { readParquet } from 'parquet-wasm';
import { openNodeDb } from '../../../../src/lib/db/node';
import type { Db } from '../../../../src/lib/db/types';
import { activateStaged, STAGE_PREFIX, type BookShape } from '../../../../src/lib/book/activate';

async function loadParquet(db: Db, table: string, file: string, dir: string): Promise<void> {
  const ipc = readParquet(new Uint8Array(await readFile(`${dir}/${file}`))).intoIPCStream();
  await db.exec(`DROP TABLE IF EXISTS ${table}`);
  await db.insertArrowIPC(table, ipc);
}

/**
 * A sample book (Bank A unless told: `data-samples/bank-b` for Bank B) in the Node engine, activated
 * the way the app activates it (staged tables → loans / snapshots / inspections → loan_facts), plus
 * the generator's `planted` table.
 */
export async function openSampleBook(dir = 'data-samples/bank-a'): Promise<{ db: Db; shape: BookShape }> {
  const db = await openNodeDb();
  for (const t of ['loans', 'snapshots', 'inspections']) await loadParquet(db, STAGE_PREFIX + t, `${t}.parquet`, dir);
  const shape = await activateStaged(db);
  await loadParquet(db, 'planted', 'planted.parquet', dir);
  return { db, shape };
}
