import { settingsTableSql, SETTINGS_TABLE } from '../schema/settings-table';
import type { Db } from '../db/types';
import bankALoans from '../../../data-samples/bank-a/loans.parquet?url';
import bankASnapshots from '../../../data-samples/bank-a/snapshots.parquet?url';
import bankAInspections from '../../../data-samples/bank-a/inspections.parquet?url';
import bankBLoans from '../../../data-samples/bank-b/loans.parquet?url';
import bankBSnapshots from '../../../data-samples/bank-b/snapshots.parquet?url';
import bankBInspections from '../../../data-samples/bank-b/inspections.parquet?url';
import { parquetToIpcInWorker } from '../workers/parquet';
import { STAGE_PREFIX, type BookTable } from './activate';
import { SAMPLE_NAMES, type SampleId } from './sample-ids';

export { SAMPLE_IDS, isSampleId, sampleFromParam, openSampleId, type SampleId } from './sample-ids';

interface SampleBook {
  name: string;
  files: Record<BookTable, string>;
}

export const SAMPLES: Record<SampleId, SampleBook> = {
  'bank-a': { name: SAMPLE_NAMES['bank-a'], files: { loans: bankALoans, snapshots: bankASnapshots, inspections: bankAInspections } },
  'bank-b': { name: SAMPLE_NAMES['bank-b'], files: { loans: bankBLoans, snapshots: bankBSnapshots, inspections: bankBInspections } },
};

/** The name of the first sample book, Bank A. */
export const SAMPLE_NAME = SAMPLE_NAMES['bank-a'];

/** Stages a sample book, fetched from the app's own origin. */
export async function stageSample(db: Db, signal?: AbortSignal, id: SampleId = 'bank-a'): Promise<void> {
  await Promise.all(
    Object.entries(SAMPLES[id].files).map(async ([table, url]) => {
      const response = await fetch(url, { signal });
      if (!response.ok) throw new Error(`Could not read the sample file ${url}: HTTP ${response.status}`);
      const ipc = await parquetToIpcInWorker(new Uint8Array(await response.arrayBuffer()));
      await db.exec(`DROP TABLE IF EXISTS ${STAGE_PREFIX}${table}`);
      await db.insertArrowIPC(STAGE_PREFIX + table, ipc);
    }),
  );
  // Both sample banks lend in yuan, whatever the reader's language.
  const settings = settingsTableSql(STAGE_PREFIX + SETTINGS_TABLE, { outcomeRule: null, currency: SAMPLE_CURRENCY });
  await db.exec(settings.sql, settings.params);
}

/** The sample books' currency. */
export const SAMPLE_CURRENCY = 'CNY';
