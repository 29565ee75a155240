import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Table } from 'apache-arrow';
import type { Db, QueryOptions, SqlParam } from './types';
import { abortError, classifyDbError } from './types';
import { SESSION_SETTINGS } from './settings';

// The package exports this build without types; its declarations sit beside it.
type Blocking = typeof import('../../../node_modules/@duckdb/duckdb-wasm/dist/types/src/targets/duckdb-node-blocking');
type Bindings = Awaited<ReturnType<Blocking['createDuckDB']>>;
type Connection = ReturnType<Bindings['connect']>;

const require = createRequire(import.meta.url);

/**
 * The same DuckDB-WASM engine the browser runs, in Node, for tests and scripts: a test sees
 * what a user sees. Calls are synchronous underneath; they are wrapped in the async interface.
 */
export async function openNodeDb(): Promise<Db> {
  const duckdb: Blocking = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs');
  const dist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));
  const bindings = await duckdb.createDuckDB(
    {
      mvp: { mainModule: join(dist, 'duckdb-mvp.wasm'), mainWorker: join(dist, 'duckdb-node-mvp.worker.cjs') },
      eh: { mainModule: join(dist, 'duckdb-eh.wasm'), mainWorker: join(dist, 'duckdb-node-eh.worker.cjs') },
    },
    new duckdb.VoidLogger(),
    duckdb.NODE_RUNTIME,
  );
  await bindings.instantiate(() => {});
  bindings.open({ path: ':memory:', query: { castBigIntToDouble: false, castDecimalToDouble: true } });
  const conn = bindings.connect();
  for (const s of SESSION_SETTINGS) conn.query(s);
  return new NodeDb(bindings, conn);
}

class NodeDb implements Db {
  constructor(
    private readonly bindings: Bindings,
    private readonly conn: Connection,
  ) {}

  async query(sql: string, params: readonly SqlParam[] = [], options: QueryOptions = {}): Promise<Table> {
    if (options.signal?.aborted) throw abortError();
    try {
      if (params.length === 0) return this.conn.query(sql);
      const stmt = this.conn.prepare(sql);
      try {
        return stmt.query(...params);
      } finally {
        stmt.close();
      }
    } catch (e) {
      throw classifyDbError(e, sql);
    }
  }

  async exec(sql: string, params: readonly SqlParam[] = [], options: QueryOptions = {}): Promise<void> {
    try {
      await this.query(sql, params, options);
    } catch (e) {
      // A failed multi-statement script may leave its transaction open; close it (no-op otherwise).
      try {
        this.conn.query('ROLLBACK');
      } catch {}
      throw e;
    }
  }

  async registerBuffer(name: string, bytes: Uint8Array): Promise<void> {
    this.bindings.registerFileBuffer(name, bytes);
  }

  async registerFile(name: string, file: Blob): Promise<void> {
    this.bindings.registerFileBuffer(name, new Uint8Array(await file.arrayBuffer()));
  }

  /** Node only: registers a file on disk under `name`. */
  async registerPath(name: string, path: string): Promise<void> {
    const { readFile } = await import('node:fs/promises');
    this.bindings.registerFileBuffer(name, new Uint8Array(await readFile(path)));
  }

  async dropFile(name: string): Promise<void> {
    this.bindings.dropFile(name);
  }

  async insertArrowIPC(table: string, ipc: Uint8Array, options: { create?: boolean } = {}): Promise<void> {
    try {
      this.conn.insertArrowFromIPCStream(ipc, { name: table, create: options.create ?? true });
    } catch (e) {
      throw classifyDbError(e);
    }
  }

  async close(): Promise<void> {
    this.conn.close();
    this.bindings.reset();
  }
}
