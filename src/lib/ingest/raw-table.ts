import { tableToIPC } from 'apache-arrow';
import { stringTable } from './arrow-columns';
import type { Db } from '../db/types';
import { column } from '../db/rows';
import { literal } from '../sql/quote';
import type { FileFormat } from './format';
import type { TextEncodingName } from './encoding';

/**
 * A file read into DuckDB: table `raw_<n>` with `_row` (1-based number of the data row in the
 * source, header excluded) and every source column as VARCHAR under its original, de-duplicated
 * name. Typed sources (Parquet, Arrow) are cast to VARCHAR too, so the mapping step parses every
 * format the same way: dates become ISO text, numbers their shortest exact text, booleans true/false.
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

/** The next free `raw_<n>` name in the database. */
export async function nextRawTableName(db: Db): Promise<string> {
  const t = await db.query(`SELECT table_name FROM duckdb_tables() WHERE table_name LIKE ${literal('raw\\_%')} ESCAPE '\\'`);
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

export async function countRows(db: Db, table: string): Promise<number> {
  const t = await db.query(`SELECT count(*)::DOUBLE AS n FROM ${table}`);
  return Number(column(t, 'n')[0]);
}
