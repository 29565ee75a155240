import type { Table } from 'apache-arrow';

/** A value bound to a `?` placeholder. */
export type SqlParam = string | number | boolean | null | bigint | Date;

export interface QueryOptions {
  /** Aborting cancels the query: queued ones never start, a running one is interrupted. */
  signal?: AbortSignal;
  /**
   * An app-written read with a small result, e.g. over a pre-aggregate: the browser engine runs it
   * on a reused connection and prepared statement in one worker trip, and cannot interrupt it once
   * sent (a cancelled caller only drops the result). Never for user SQL or statements with effects.
   */
  quick?: boolean;
}

export interface CsvReadOptions {
  header?: boolean;
  delimiter?: string;
  quote?: string;
  /** Read every column as text so that the mapping step owns all value parsing. */
  allText?: boolean;
  skip?: number;
}

/**
 * The one interface the app uses to talk to DuckDB. Everything above `db/` takes it as an
 * argument, so the same SQL runs in the browser (WASM in a worker) and in Node tests.
 */
export interface Db {
  /** Runs a query and returns its result as an Arrow table. */
  query(sql: string, params?: readonly SqlParam[], options?: QueryOptions): Promise<Table>;
  /** Runs a statement (or several separated by `;`) for its effect. */
  exec(sql: string, params?: readonly SqlParam[], options?: QueryOptions): Promise<void>;
  /** Makes bytes readable by SQL under `name` (e.g. `read_csv('name')`). */
  registerBuffer(name: string, bytes: Uint8Array): Promise<void>;
  /** Makes a browser `File` readable under `name` without copying it into wasm memory. */
  registerFile(name: string, file: Blob): Promise<void>;
  /** Forgets a registered buffer or file. */
  dropFile(name: string): Promise<void>;
  /** Creates (or appends to) `table` from an Arrow IPC stream. */
  insertArrowIPC(table: string, ipc: Uint8Array, options?: { create?: boolean }): Promise<void>;
  /** Releases the engine. */
  close(): Promise<void>;
}

/** A DuckDB error in words a user can read, with the engine's text kept for the details fold. */
export class DbError extends Error {
  readonly detail: string;
  readonly kind: DbErrorKind;
  readonly sql?: string;

  constructor(kind: DbErrorKind, detail: string, sql?: string) {
    super(summarise(kind, detail));
    this.name = 'DbError';
    this.kind = kind;
    this.detail = detail;
    this.sql = sql;
  }
}

/** `lost`: the engine itself is gone (its worker crashed or stopped answering); see lifeline.ts. */
export type DbErrorKind = 'cancelled' | 'syntax' | 'binder' | 'catalog' | 'conversion' | 'memory' | 'io' | 'engine' | 'lost';

export function classifyDbError(raw: unknown, sql?: string): DbError {
  if (raw instanceof DbError) return raw;
  const detail = unwrapJson(raw instanceof Error ? raw.message : String(raw));
  return new DbError(kindOf(detail), detail, sql);
}

/**
 * DuckDB-WASM reports some errors as JSON (`{"exception_type":"Parser","exception_message":…}`);
 * turn them into DuckDB's usual "Parser Error: …" text.
 */
function unwrapJson(detail: string): string {
  if (!detail.trimStart().startsWith('{')) return detail;
  try {
    const e = JSON.parse(detail) as { exception_type?: string; exception_message?: string };
    return e.exception_message ? `${e.exception_type ?? 'Engine'} Error: ${e.exception_message}` : detail;
  } catch {
    return detail;
  }
}

function kindOf(detail: string): DbErrorKind {
  if (/interrupt|cancel/i.test(detail)) return 'cancelled';
  if (/^Parser Error/i.test(detail)) return 'syntax';
  if (/^Catalog Error/i.test(detail)) return 'catalog';
  if (/^Binder Error/i.test(detail)) return 'binder';
  if (/^(Conversion|Invalid Input) Error/i.test(detail)) return 'conversion';
  // DuckDB's buffer manager says "could not allocate block of size … (3.1 GiB/3.1 GiB used)" when the engine's memory is full.
  if (/out of memory|Out of Memory|memory limit|could not allocate block/i.test(detail)) return 'memory';
  if (/^IO Error|No files found|Cannot open file/i.test(detail)) return 'io';
  return 'engine';
}

function summarise(kind: DbErrorKind, detail: string): string {
  const firstLine = detail.split('\n')[0].replace(/^[A-Za-z ]+ Error: /, '');
  return kind === 'cancelled' ? 'Query cancelled' : firstLine;
}

export function abortError(): DbError {
  return new DbError('cancelled', 'Query cancelled');
}
