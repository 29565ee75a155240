import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../lib/db/types';
import { buildAggregateBook } from '../lib/publish/aggregate-book';
import type { DashboardConfig } from '../lib/publish/dashboard-config.mjs';
import { literal } from '../lib/sql/quote';
import { ROW_GROUP_SIZE } from '../../scripts/publish/book-files.mjs';
import { openBookDir } from './book';

/**
 * An aggregate dashboard's data from a book folder on native DuckDB (any size: the book is read in
 * place, the cubes are one scan per plan): the same files the in-browser publisher writes.
 */
export async function publishAggregateBook(db: Db, bookPath: string, out: string, config: DashboardConfig, minCell: number) {
  await openBookDir(db, bookPath);
  return buildAggregateBook(
    db,
    config,
    minCell,
    async (path, sql) => {
      await db.exec(`COPY (${sql}) TO ${literal(join(out, path))} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${ROW_GROUP_SIZE})`);
      return (await stat(join(out, path))).size;
    },
    (path, text) => writeFile(join(out, path), text),
  );
}
