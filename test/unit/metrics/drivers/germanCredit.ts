import { readFile } from 'node:fs/promises';
import type { Db } from '../../../../src/lib/db/types';
import { goldenFile } from '../../../golden';

export const GERMAN_CREDIT_CSV = goldenFile('germancredit.csv');

/** Loads the golden German Credit file into `table` (columns as in the CSV, `creditability` good/bad). */
export async function loadGermanCredit(db: Db, table = 'german'): Promise<void> {
  await db.registerBuffer('germancredit.csv', new Uint8Array(await readFile(GERMAN_CREDIT_CSV)));
  await db.exec(`CREATE OR REPLACE TABLE ${table} AS SELECT * FROM read_csv('germancredit.csv', header = true)`);
}
