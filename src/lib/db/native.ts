import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, normalize, isAbsolute } from 'node:path';
import { DuckDBInstance, DuckDBTypeId, type DuckDBConnection, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import {
  Bool,
  DateDay,
  Field,
  Float32,
  Float64,
  Int16,
  Int32,
  Int64,
  Int8,
  RecordBatch,
  Schema,
  Struct,
  Table,
  TimestampMillisecond,
  Uint16,
  Uint32,
  Uint8,
  Utf8,
  makeBuilder,
  makeData,
  type DataType,
} from 'apache-arrow';
import type { Db, QueryOptions, SqlParam } from './types';
import { DbError, abortError, classifyDbError } from './types';
import { SESSION_SETTINGS } from './settings';

export interface NativeDbOptions {
  /** Database file; tables live there, so a book larger than memory stays on disk. */
  path: string;
  /** Where spilled intermediates and registered buffers go. */
  tempDirectory: string;
  /** DuckDB's `threads` (default: every core). */
  threads?: number;
  /** DuckDB's `memory_limit`, e.g. '16GB' (default: DuckDB's, 80 % of RAM). */
  memoryLimit?: string;
}

/**
 * Native DuckDB (@duckdb/node-api) behind the same `Db` interface as the browser's engine, for the
 * command line: all threads, tables in a database file, spilling to a temp directory. Results come
 * back as Arrow tables typed as DuckDB-WASM types them (BIGINT as Int64, DECIMAL as Float64,
 * DATE as days, TIMESTAMP as milliseconds), so every metric's `shape` reads them unchanged.
 * Like the browser's, each call runs on a connection of its own.
 */
export async function openNativeDb(options: NativeDbOptions): Promise<NativeDb> {
  const files = join(options.tempDirectory, 'files');
  await mkdir(files, { recursive: true });
  const config: Record<string, string> = { temp_directory: options.tempDirectory, file_search_path: files };
  if (options.threads) config.threads = String(options.threads);
  if (options.memoryLimit) config.memory_limit = options.memoryLimit;
  const instance = await DuckDBInstance.create(options.path, config);
  return new NativeDb(instance, files);
}

export class NativeDb implements Db {
  constructor(
    private readonly instance: DuckDBInstance,
    private readonly files: string,
  ) {}

  private async connect(): Promise<DuckDBConnection> {
    const conn = await this.instance.connect();
    for (const s of SESSION_SETTINGS) await conn.run(s);
    return conn;
  }

  async query(sql: string, params: readonly SqlParam[] = [], options: QueryOptions = {}): Promise<Table> {
    const { signal } = options;
    if (signal?.aborted) throw abortError();
    const conn = await this.connect();
    const onAbort = () => conn.interrupt();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const result = params.length ? await conn.run(sql, params.map(toDuckDB)) : await conn.run(sql);
      if (signal?.aborted) throw abortError();
      return toArrow(result.columnNames(), result.columnTypes(), await result.getColumns());
    } catch (e) {
      if (signal?.aborted) throw abortError();
      throw classifyDbError(e, sql);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      conn.closeSync();
    }
  }

  async exec(sql: string, params: readonly SqlParam[] = [], options: QueryOptions = {}): Promise<void> {
    if (params.length) return void (await this.query(sql, params, options));
    if (options.signal?.aborted) throw abortError();
    const conn = await this.connect();
    try {
      await conn.run(sql);
    } catch (e) {
      // A failed multi-statement script may leave its transaction open; close it (no-op otherwise).
      await conn.run('ROLLBACK').catch(() => {});
      throw classifyDbError(e, sql);
    } finally {
      conn.closeSync();
    }
  }

  /** Writes the bytes under the engine's file search path, so `read_csv('name')` finds them. */
  async registerBuffer(name: string, bytes: Uint8Array): Promise<void> {
    const path = this.fileFor(name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, bytes);
  }

  async registerFile(name: string, file: Blob): Promise<void> {
    await this.registerBuffer(name, new Uint8Array(await file.arrayBuffer()));
  }

  async dropFile(name: string): Promise<void> {
    await rm(this.fileFor(name), { force: true });
  }

  async insertArrowIPC(): Promise<void> {
    // Native DuckDB reads Arrow IPC only through its arrow extension, which is never downloaded.
    throw new DbError('engine', 'The native engine reads books from Parquet or CSV files, not Arrow IPC streams');
  }

  async close(): Promise<void> {
    this.instance.closeSync();
  }

  private fileFor(name: string): string {
    const rel = normalize(name);
    if (isAbsolute(rel) || rel.startsWith('..')) throw new DbError('io', `Not a plain file name: ${name}`);
    return join(this.files, rel);
  }
}

/** A bound parameter as DuckDB-WASM binds it: a Date travels as its ISO text. */
function toDuckDB(p: SqlParam): DuckDBValue {
  return p instanceof Date ? p.toISOString() : p;
}

/** The Arrow type DuckDB-WASM gives a column of this DuckDB type (castDecimalToDouble on). */
function arrowType(t: DuckDBType): DataType {
  switch (t.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return new Bool();
    case DuckDBTypeId.TINYINT:
      return new Int8();
    case DuckDBTypeId.SMALLINT:
      return new Int16();
    case DuckDBTypeId.INTEGER:
      return new Int32();
    case DuckDBTypeId.BIGINT:
      return new Int64();
    case DuckDBTypeId.UTINYINT:
      return new Uint8();
    case DuckDBTypeId.USMALLINT:
      return new Uint16();
    case DuckDBTypeId.UINTEGER:
      return new Uint32();
    case DuckDBTypeId.FLOAT:
      return new Float32();
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.DECIMAL:
    case DuckDBTypeId.DOUBLE:
      return new Float64();
    case DuckDBTypeId.DATE:
      return new DateDay();
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return new TimestampMillisecond();
    default:
      // VARCHAR, and anything nested or exotic as its text (no metric returns those).
      return new Utf8();
  }
}

/** One value in the JS form Arrow's builder for `type` takes. */
function arrowValue(v: DuckDBValue, type: DataType): unknown {
  if (v === null || v === undefined) return null;
  if (type instanceof Int64) return typeof v === 'bigint' ? v : BigInt(v as number);
  if (type instanceof Float64 || type instanceof Float32) {
    if (typeof v === 'object' && 'toDouble' in v) return (v as { toDouble(): number }).toDouble();
    return Number(v);
  }
  if (type instanceof DateDay) return (v as { days: number }).days * 86_400_000;
  if (type instanceof TimestampMillisecond) {
    const o = v as { micros?: bigint; millis?: bigint; seconds?: bigint; nanos?: bigint };
    if (o.micros !== undefined) return Number(o.micros / 1000n);
    if (o.millis !== undefined) return Number(o.millis);
    if (o.seconds !== undefined) return Number(o.seconds) * 1000;
    if (o.nanos !== undefined) return Number(o.nanos / 1_000_000n);
  }
  if (type instanceof Utf8) return typeof v === 'string' ? v : String(v);
  return v;
}

function toArrow(names: readonly string[], types: readonly DuckDBType[], columns: readonly (readonly DuckDBValue[])[]): Table {
  const arrowTypes = types.map(arrowType);
  const fields = names.map((n, i) => new Field(n, arrowTypes[i], true));
  const length = columns[0]?.length ?? 0;
  const children = columns.map((values, i) => {
    const builder = makeBuilder({ type: arrowTypes[i], nullValues: [null, undefined] });
    for (const v of values) builder.append(arrowValue(v, arrowTypes[i]));
    return builder.finish().flush();
  });
  const data = makeData({ type: new Struct(fields), length, nullCount: 0, children });
  return new Table([new RecordBatch(new Schema(fields), data)]);
}
