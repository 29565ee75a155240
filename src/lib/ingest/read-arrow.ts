import { tableFromIPC, tableToIPC } from 'apache-arrow';
import type { Db } from '../db/types';
import { DbError } from '../db/types';
import { ident } from '../sql/quote';
import { ImportError, throwIfAborted } from './errors';
import { dedupeHeaders } from './header';
import type { ProgressReporter } from './progress';
import { countRows, type RawTable } from './raw-table';

/** Parquet bytes → Arrow IPC stream bytes. parquet-wasm needs a different entry in Node and in the browser. */
export type ParquetToIpc = (bytes: Uint8Array) => Promise<Uint8Array>;

export interface ArrowReadRequest {
  table: string;
  fileName: string;
  signal?: AbortSignal;
  progress?: ProgressReporter;
}

/** Parquet → Arrow IPC (parquet-wasm) → typed staging table → raw table with VARCHAR columns. */
export async function readParquet(db: Db, file: Blob, req: ArrowReadRequest, toIpc: ParquetToIpc): Promise<RawTable> {
  req.progress?.({ phase: 'reading', bytesRead: 0, totalBytes: file.size });
  const bytes = new Uint8Array(await file.arrayBuffer());
  throwIfAborted(req.signal);
  req.progress?.({ phase: 'parsing', bytesRead: file.size, totalBytes: file.size });
  let ipc: Uint8Array;
  try {
    ipc = await toIpc(bytes);
  } catch (e) {
    throw new ImportError('truncated_file', { format: 'Parquet' }, e instanceof Error ? e.message : String(e));
  }
  return fromIpc(db, ipc, req, 'parquet', file.size);
}

/** Arrow IPC file or stream → raw table. */
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
  return fromIpc(db, ipc, req, 'arrow', file.size);
}

async function fromIpc(db: Db, ipc: Uint8Array, req: ArrowReadRequest, format: 'parquet' | 'arrow', size: number): Promise<RawTable> {
  const staging = `${req.table}__typed`;
  req.progress?.({ phase: 'inserting', bytesRead: size, totalBytes: size });
  try {
    await db.insertArrowIPC(staging, ipc, { create: true });
    const described = await db.query(`SELECT column_name FROM (DESCRIBE ${ident(staging)})`);
    const headers = described.getChild('column_name')!.toArray().map(String) as string[];
    const columns = dedupeHeaders(headers);
    const typed = await freeRowid(db, staging, headers);
    const select = typed.map((h, i) => `CAST(${ident(h)} AS VARCHAR) AS ${ident(columns[i])}`).join(', ');
    // rowid follows insertion order, i.e. the file's row order, and a plain scan keeps that order
    // (preserve_insertion_order); sorting by rowid instead ran a 13M-row snapshot file out of memory.
    await db.exec(`CREATE TABLE ${ident(req.table)} AS SELECT CAST(rowid + 1 AS INTEGER) AS _row, ${select} FROM ${ident(staging)}`, [], {
      signal: req.signal,
    });
    const rowCount = await countRows(db, ident(req.table));
    if (rowCount === 0) {
      await db.exec(`DROP TABLE ${ident(req.table)}`);
      throw new ImportError('header_only', { columns: columns.length });
    }
    req.progress?.({ phase: 'done', bytesRead: size, totalBytes: size, rows: rowCount });
    return { table: req.table, columns, originalHeaders: headers, rowCount, format, fileName: req.fileName };
  } catch (e) {
    if (e instanceof DbError && e.kind === 'cancelled') throw new ImportError('cancelled');
    if (e instanceof DbError) throw new ImportError('read_failed', { reason: e.message }, e.detail);
    throw e;
  } finally {
    await db.exec(`DROP TABLE IF EXISTS ${ident(staging)}`);
  }
}

/**
 * A file column named rowid hides DuckDB's row-number pseudo-column (and `_row` would repeat the
 * file's values, doubling loans in the build's join): rename it in the staging table. Returns the
 * staging table's column names after the rename, aligned with `headers`.
 */
async function freeRowid(db: Db, staging: string, headers: readonly string[]): Promise<string[]> {
  const out = [...headers];
  for (let i = 0; i < headers.length; i++) {
    if (headers[i].toLowerCase() !== 'rowid') continue;
    out[i] = `__lb_source_rowid_${i}`;
    await db.exec(`ALTER TABLE ${ident(staging)} RENAME COLUMN ${ident(headers[i])} TO ${ident(out[i])}`);
  }
  return out;
}
