import { existsSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { BOOK_TABLE_NAMES, DATA_DIR, HEADLINE_LOAN_COLUMNS } from '../../src/lib/publish/dashboard-config.mjs';

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

const sqlString = (s) => `'${String(s).replaceAll("'", "''")}'`;
const ident = (s) => `"${String(s).replaceAll('"', '""')}"`;

function reader(path) {
  return extname(path).toLowerCase() === '.csv' ? `read_csv_auto(${sqlString(path)})` : `read_parquet(${sqlString(path)})`;
}

/**
 * Writes each table as Parquet under `out/data/`, laid out for range reads: zstd, bounded row
 * groups, and for loans the Overview's columns first so they are adjacent in every row group.
 */
export async function writeBookFiles(conn, book, out) {
  const tables = {};
  for (const [table, path] of Object.entries(book.tables)) {
    const columns = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${reader(path)}`)).getRowObjects().map((r) => String(r.column_name));
    const order = table === 'loans' ? [...HEADLINE_LOAN_COLUMNS.filter((c) => columns.includes(c)), ...columns.filter((c) => !HEADLINE_LOAN_COLUMNS.includes(c))] : columns;
    const rel = `${DATA_DIR}/${table}.parquet`;
    const target = join(out, rel);
    await conn.run(`COPY (SELECT ${order.map(ident).join(', ')} FROM ${reader(path)}) TO ${sqlString(target)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${ROW_GROUP_SIZE})`);
    const rows = Number((await conn.runAndReadAll(`SELECT count(*) AS n FROM read_parquet(${sqlString(target)})`)).getRowObjects()[0].n);
    tables[table] = { path: rel, rows, bytes: (await stat(target)).size };
  }
  return tables;
}
