import { tableToIPC } from 'apache-arrow';
import { stringTable } from './arrow-columns';
import type { Db } from '../db/types';
import { column } from '../db/rows';
import { ident, literal } from '../sql/quote';
import type { FileFormat } from './format';
import type { TextEncodingName } from './encoding';

/**
 * A file read into DuckDB: table `raw_<n>` with `_row` (1-based number of the data row in the
 * source, header excluded) and every source column as VARCHAR under its original, de-duplicated
 * name, so the mapping step parses every format the same way.
 *
 * Typed sources (Parquet, Arrow) keep their values typed: the data sits in `raw_<n>__typed` as the
 * file had it, and `raw_<n>` is a view over it that shows each column as text (dates as ISO text,
 * numbers their shortest exact text, booleans true/false) and, for each column that is not text,
 * the typed value under `typedColumn(name)`. Nothing is copied as text: a field whose parser is a
 * plain cast reads the typed value (schema/plain.ts), only the others parse the text.
 */
export interface RawTable {
  table: string;
  columns: string[];
  /** Header cells as they were in the file (null where there was none), aligned with `columns`. */
  originalHeaders: (string | null)[];
  rowCount: number;
  format: FileFormat;
  encoding?: TextEncodingName;
  fileName: string;
  sheet?: string;
  /** What the reader noticed and the user should know (formulas without values, hidden rows, ignored stray cells). */
  notices?: ReadNotice[];
  /** The decimal separator the file's convention suggests (',' for a ';'-delimited export), for columns whose values do not tell. */
  decimalHint?: ',' | '.';
}

/** Something a reader noticed: a key under `import.notice.` with its parameters. */
export interface ReadNotice {
  key: 'formulas_without_values' | 'hidden_rows' | 'stray_cells';
  params: Record<string, string | number>;
}

/** Where a typed source's data is kept; its raw table is a view over it. */
export const typedTableOf = (raw: string) => `${raw}__typed`;

const TYPED_COLUMN_PREFIX = '__lb_typed__';

/** The raw view's column holding a typed source column's own value. */
export const typedColumn = (source: string) => `${TYPED_COLUMN_PREFIX}${source}`;

/**
 * The typed columns of a raw table: source column → its DuckDB type (e.g. DATE, DOUBLE, BIGINT,
 * BOOLEAN). Empty for text sources (CSV, Excel, JSON), whose raw table holds text only.
 */
export async function typedColumns(db: Db, raw: string): Promise<Map<string, string>> {
  const t = await db.query(
    `SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? AND schema_name = current_schema() AND starts_with(column_name, ?) ORDER BY column_index`,
    [raw, TYPED_COLUMN_PREFIX],
  );
  const types = column(t, 'data_type').map(String);
  return new Map(column(t, 'column_name').map((n, i) => [String(n).slice(TYPED_COLUMN_PREFIX.length), types[i]]));
}

/** The next free `raw_<n>` name in the database (tables and views). */
export async function nextRawTableName(db: Db): Promise<string> {
  const t = await db.query(
    `SELECT table_name FROM duckdb_tables() WHERE table_name LIKE ${literal('raw\\_%')} ESCAPE '\\' UNION ALL SELECT view_name FROM duckdb_views() WHERE view_name LIKE ${literal('raw\\_%')} ESCAPE '\\'`,
  );
  const used = new Set(column(t, 'table_name').map(String));
  for (let n = 1; ; n++) if (!used.has(`raw_${n}`)) return `raw_${n}`;
}

/** Columns of strings (null for empty) → an Arrow IPC stream with `_row` first (default 1, 2, 3 …). */
export function stringColumnsToIpc(
  names: readonly string[],
  columns: readonly (string | null)[][],
  rowCount: number,
  rowNumbers: Int32Array = Int32Array.from({ length: rowCount }, (_, i) => i + 1),
): Uint8Array {
  return tableToIPC(stringTable('_row', rowNumbers, names, columns), 'stream');
}

/** Drops a raw table, a typed source's view and data included; one already gone is not an error. */
export async function dropRaw(db: Db, raw: string): Promise<void> {
  await db.exec(`DROP VIEW IF EXISTS ${ident(raw)}`).catch(() => {});
  await db.exec(`DROP TABLE IF EXISTS ${ident(raw)}`).catch(() => {});
  await db.exec(`DROP TABLE IF EXISTS ${ident(typedTableOf(raw))}`).catch(() => {});
}

export async function countRows(db: Db, table: string): Promise<number> {
  const t = await db.query(`SELECT count(*)::DOUBLE AS n FROM ${table}`);
  return Number(column(t, 'n')[0]);
}
