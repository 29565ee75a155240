import { existsSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { BOOK_TABLE_NAMES } from '../../src/lib/publish/dashboard-config.mjs';

/** Rows per row group: DuckDB's own vector-aligned default, a few MB per column chunk at most. */
export const ROW_GROUP_SIZE = 122_880;

/**
 * The tables of a book on disk: a folder with loans.parquet (and optionally snapshots.parquet,
 * inspections.parquet), or one loans file (.parquet or .csv) with those siblings beside it.
 */
export function locateBook(path) {
  const isDir = existsSync(path) && statSync(path).isDirectory();
  if (!isDir && !existsSync(path)) throw new Error(`No book at ${path}`);
  const folder = isDir ? path : dirname(path);
  const tables = {};
  if (isDir) {
    for (const ext of ['.parquet', '.csv']) if (!tables.loans && existsSync(join(folder, `loans${ext}`))) tables.loans = join(folder, `loans${ext}`);
    if (!tables.loans) throw new Error(`${path} holds no loans.parquet or loans.csv`);
  } else tables.loans = path;
  for (const table of BOOK_TABLE_NAMES.slice(1)) {
    const sibling = join(folder, `${table}.parquet`);
    if (existsSync(sibling)) tables[table] = sibling;
  }
  return { name: isDir ? basename(path) : basename(path, extname(path)), tables };
}
