import type { Db } from '../db/types';
import type { FilterSet } from '../sql/filters';
import type { Screen } from '../routes';
import { firstScreenColumns } from './columns';
import type { BookTableName, PublishedBook } from './dashboard-config.mjs';
import type { OpenParquet, ParquetSource } from './parquet-source';
import { stageColumns, stageRemainingLoans } from './stage-published';
import { settingsTableSql, SETTINGS_TABLE } from '../schema/settings-table';
import { STAGE_PREFIX } from '../book/activate';

export type Stage = (signal: AbortSignal) => Promise<void>;

/**
 * The two loads of a published book: `first` stages what the first screen needs (for the
 * Overview only its columns of the loans table), `rest` (null when `first` took everything)
 * completes the book. Both are stage functions for `book.load`.
 */
export async function planPublishedLoad(
  db: Db,
  published: PublishedBook,
  open: OpenParquet,
  firstScreen: Screen,
  filters: FilterSet,
): Promise<{ first: Stage; rest: Stage | null; firstColumns: readonly string[] | null }> {
  if (!published.tables.loans) throw new Error('This dashboard publishes no loan rows (an aggregate dashboard).');
  const loans = await open(published.tables.loans.path);
  const settings = async () => {
    const s = settingsTableSql(STAGE_PREFIX + SETTINGS_TABLE, { outcomeRule: published.settings?.outcomeRule ?? null, currency: published.settings?.currency ?? null });
    await db.exec(s.sql, s.params);
  };
  const firstColumns = firstScreenColumns(firstScreen, filters, loans.columns());
  const others = async (signal: AbortSignal) => {
    for (const table of ['snapshots', 'inspections'] as const satisfies readonly BookTableName[]) {
      const entry = published.tables[table];
      if (!entry || signal.aborted) continue;
      const source: ParquetSource = await open(entry.path);
      await stageColumns(db, table, source, undefined, signal);
    }
  };
  if (!firstColumns) {
    return {
      firstColumns,
      rest: null,
      first: async (signal) => {
        await stageColumns(db, 'loans', loans, undefined, signal);
        await others(signal);
        await settings();
      },
    };
  }
  return {
    firstColumns,
    first: async (signal) => {
      await stageColumns(db, 'loans', loans, firstColumns, signal);
      await settings();
    },
    rest: async (signal) => {
      await stageRemainingLoans(db, loans, firstColumns, signal);
      await others(signal);
      await settings();
    },
  };
}
