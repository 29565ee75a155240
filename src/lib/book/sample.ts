import { settingsTableSql, SETTINGS_TABLE } from '../schema/settings-table';
import type { Db } from '../db/types';
import loansUrl from '../../../data-samples/bank-a/loans.parquet?url';
import snapshotsUrl from '../../../data-samples/bank-a/snapshots.parquet?url';
import inspectionsUrl from '../../../data-samples/bank-a/inspections.parquet?url';
import { parquetToIPC } from '../ingest/parquet-wasm';
import { STAGE_PREFIX, type BookTable } from './activate';

const SAMPLE_FILES: Record<BookTable, string> = { loans: loansUrl, snapshots: snapshotsUrl, inspections: inspectionsUrl };

export const SAMPLE_NAME = 'Bank A (sample)';

/** Stages the sample Bank A book, fetched from the app's own origin. */
export async function stageSample(db: Db, signal?: AbortSignal): Promise<void> {
  await Promise.all(
    Object.entries(SAMPLE_FILES).map(async ([table, url]) => {
      const response = await fetch(url, { signal });
      if (!response.ok) throw new Error(`Could not read the sample file ${url}: HTTP ${response.status}`);
      const ipc = await parquetToIPC(new Uint8Array(await response.arrayBuffer()));
      await db.exec(`DROP TABLE IF EXISTS ${STAGE_PREFIX}${table}`);
      await db.insertArrowIPC(STAGE_PREFIX + table, ipc);
    }),
  );
  // Bank A lends in yuan, whatever the reader's language.
  const settings = settingsTableSql(STAGE_PREFIX + SETTINGS_TABLE, { outcomeRule: null, currency: SAMPLE_CURRENCY });
  await db.exec(settings.sql, settings.params);
}

/** The sample book's currency. */
export const SAMPLE_CURRENCY = 'CNY';
