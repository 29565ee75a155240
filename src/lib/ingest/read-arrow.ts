import { tableFromIPC, tableToIPC } from 'apache-arrow';
import type { Db } from '../db/types';
import { DbError } from '../db/types';
import { ident } from '../sql/quote';
import { ImportError, throwIfAborted } from './errors';
import { dedupeHeaders } from './header';
import type { ProgressReporter } from './progress';
import { countRows, dropRaw, typedColumn, typedTableOf, type RawTable } from './raw-table';

/** Parquet bytes → Arrow IPC stream bytes. parquet-wasm needs a different entry in Node and in the browser. */
export type ParquetToIpc = (bytes: Uint8Array) => Promise<Uint8Array>;

/** One batch of a Parquet file's rows as an Arrow IPC stream, with the file's row count. */
export interface ParquetBatch {
  ipc: Uint8Array;
  rows: number;
  totalRows: number;
}

/**
 * A Parquet file → its rows in file order, one Arrow IPC stream per batch (parquet-wasm reads the
 * file by slices, so neither the file nor its decoded table is ever whole in memory): the Node
 * entry is parquetBatchesNode, the app's parquetBatchesInWorker (workers/parquet.ts).
 */
export type ParquetBatches = (file: Blob, signal?: AbortSignal) => AsyncIterable<ParquetBatch>;

/** Rows per batch: about 10 MB of Arrow for a snapshot table, small against the engine's memory. */
export const PARQUET_BATCH_ROWS = 131_072;

export interface ArrowReadRequest {
  table: string;
  fileName: string;
  signal?: AbortSignal;
  progress?: ProgressReporter;
}

/** Parquet → Arrow batches (parquet-wasm), streamed into the typed table → raw view (see RawTable). */
export async function readParquet(db: Db, file: Blob, req: ArrowReadRequest, batches: ParquetBatches): Promise<RawTable> {
  const typed = typedTableOf(req.table);
  req.progress?.({ phase: 'reading', bytesRead: 0, totalBytes: file.size });
  let done = 0;
  try {
    for await (const batch of batches(file, req.signal)) {
      throwIfAborted(req.signal);
      await db.insertArrowIPC(typed, batch.ipc, { create: done === 0 });
      done += batch.rows;
      req.progress?.({ phase: 'inserting', bytesRead: Math.round((file.size * done) / Math.max(1, batch.totalRows)), totalBytes: file.size, rows: done });
    }
  } catch (e) {
    await dropRaw(db, req.table);
    if (e instanceof ImportError || e instanceof DbError) throw e;
    throw new ImportError('truncated_file', { format: 'Parquet' }, e instanceof Error ? e.message : String(e));
  }
  if (done === 0) {
    // A file with no rows yields no batch: nothing was created, and there is nothing to import.
    await dropRaw(db, req.table);
    throw new ImportError('header_only', { columns: 0 });
  }
  return typedView(db, req, 'parquet', file.size);
}

/** Arrow IPC file or stream → typed table → raw view. */
export async function readArrow(db: Db, file: Blob, req: ArrowReadRequest): Promise<RawTable> {
  req.progress?.({ phase: 'reading', bytesRead: 0, totalBytes: file.size });
  const bytes = new Uint8Array(await file.arrayBuffer());
  throwIfAborted(req.signal);
  let ipc: Uint8Array;
  try {
    ipc = tableToIPC(tableFromIPC(bytes), 'stream');
  } catch (e) {
    throw new ImportError('truncated_file', { format: 'Arrow' }, e instanceof Error ? e.message : String(e));
  }
  req.progress?.({ phase: 'inserting', bytesRead: file.size, totalBytes: file.size });
  await db.insertArrowIPC(typedTableOf(req.table), ipc, { create: true });
  return typedView(db, req, 'arrow', file.size);
}

/**
 * The raw view over a typed table: `_row` from the row id (insertion order, i.e. the file's row
 * order), each column as text under its de-duplicated name, and each column that is not text also
 * as itself under typedColumn(name). Copies nothing.
 */
async function typedView(db: Db, req: ArrowReadRequest, format: 'parquet' | 'arrow', size: number): Promise<RawTable> {
  const typed = typedTableOf(req.table);
  try {
    const described = await db.query(`SELECT column_name, column_type FROM (DESCRIBE ${ident(typed)})`);
    const headers = described.getChild('column_name')!.toArray().map(String) as string[];
    const types = described.getChild('column_type')!.toArray().map(String) as string[];
    const columns = dedupeHeaders(headers);
    const names = await freeRowid(db, typed, headers);
    const text = names.map((h, i) => (types[i] === 'VARCHAR' ? `${ident(h)} AS ${ident(columns[i])}` : `CAST(${ident(h)} AS VARCHAR) AS ${ident(columns[i])}`));
    const own = names.flatMap((h, i) => (types[i] === 'VARCHAR' ? [] : [`${ident(h)} AS ${ident(typedColumn(columns[i]))}`]));
    // rowid follows insertion order, i.e. the file's row order (batches are inserted in order).
    await db.exec(`CREATE VIEW ${ident(req.table)} AS SELECT CAST(rowid + 1 AS INTEGER) AS _row, ${[...text, ...own].join(', ')} FROM ${ident(typed)}`);
    const rowCount = await countRows(db, ident(typed));
    if (rowCount === 0) throw new ImportError('header_only', { columns: columns.length });
    req.progress?.({ phase: 'done', bytesRead: size, totalBytes: size, rows: rowCount });
    return { table: req.table, columns, originalHeaders: headers, rowCount, format, fileName: req.fileName };
  } catch (e) {
    await dropRaw(db, req.table);
    if (e instanceof DbError && e.kind === 'cancelled') throw new ImportError('cancelled');
    if (e instanceof DbError && e.kind === 'memory') throw e;
    if (e instanceof DbError) throw new ImportError('read_failed', { reason: e.message }, e.detail);
    throw e;
  }
}

/**
 * A file column named rowid hides DuckDB's row-number pseudo-column (and `_row` would repeat the
 * file's values, doubling loans in the build's join): rename it in the typed table. Returns the
 * typed table's column names after the rename, aligned with `headers`.
 */
async function freeRowid(db: Db, typed: string, headers: readonly string[]): Promise<string[]> {
  const out = [...headers];
  for (let i = 0; i < headers.length; i++) {
    if (headers[i].toLowerCase() !== 'rowid') continue;
    out[i] = `__lb_source_rowid_${i}`;
    await db.exec(`ALTER TABLE ${ident(typed)} RENAME COLUMN ${ident(headers[i])} TO ${ident(out[i])}`);
  }
  return out;
}
