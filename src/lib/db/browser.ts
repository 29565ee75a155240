import * as duckdb from '@duckdb/duckdb-wasm';
import { Table } from 'apache-arrow';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import type { Db, QueryOptions, SqlParam } from './types';
import { abortError, classifyDbError } from './types';
import { SESSION_SETTINGS } from './settings';
import { traceEnd, traceStart } from './trace';

/** Bundles served from the app's own origin; never a CDN. */
const BUNDLES: duckdb.DuckDBBundles = {
  mvp: { mainModule: mvpWasm, mainWorker: mvpWorker },
  eh: { mainModule: ehWasm, mainWorker: ehWorker },
};

/** DuckDB-WASM in a Web Worker, started on first use. */
export class BrowserDb implements Db {
  private engine?: Promise<duckdb.AsyncDuckDB>;

  /** The engine, started lazily once; a failed start can be retried. */
  private start(): Promise<duckdb.AsyncDuckDB> {
    if (!this.engine) {
      const trace = traceStart('start', '', []);
      this.engine = startEngine().then(
        (db) => (traceEnd(trace, {}), db),
        (e) => {
          traceEnd(trace, { error: e });
          this.engine = undefined;
          throw classifyDbError(e);
        },
      );
    }
    return this.engine;
  }

  async query(sql: string, params: readonly SqlParam[] = [], options: QueryOptions = {}): Promise<Table> {
    const { signal } = options;
    if (signal?.aborted) throw abortError();
    const db = await this.start();
    const trace = traceStart('query', sql, params);
    const conn = await db.connect();
    if (signal?.aborted) {
      await conn.close();
      traceEnd(trace, { error: 'cancelled' });
      throw abortError();
    }
    const onAbort = () => void conn.cancelSent();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const reader =
        params.length === 0
          ? await conn.send(sql, true)
          : await (await conn.prepare(sql)).send(...params);
      const batches = [];
      for await (const batch of reader) {
        if (signal?.aborted) throw abortError();
        batches.push(batch);
      }
      if (signal?.aborted) throw abortError();
      const table = batches.length ? new Table(batches) : new Table(reader.schema);
      traceEnd(trace, { rows: table.numRows });
      return table;
    } catch (e) {
      traceEnd(trace, { error: e });
      // A cancelled statement stays the connection's active query, its transaction open (closing
      // the connection does not end it): a later CREATE of the same table then fails with a
      // write-write conflict. The next statement on this connection cleans it up; ROLLBACK ends it.
      await conn.query('ROLLBACK').catch(() => {});
      if (signal?.aborted) throw abortError();
      throw classifyDbError(e, sql);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      await conn.close();
    }
  }

  /** Statements for their effect; without parameters several may be sent at once, in one transaction scope. */
  async exec(sql: string, params: readonly SqlParam[] = [], options: QueryOptions = {}): Promise<void> {
    if (params.length) return void (await this.query(sql, params, options));
    if (options.signal?.aborted) throw abortError();
    const db = await this.start();
    const trace = traceStart('exec', sql, []);
    const conn = await db.connect();
    try {
      await conn.query(sql);
      traceEnd(trace, {});
    } catch (e) {
      traceEnd(trace, { error: e });
      // A failed multi-statement script may leave its transaction open; close it (no-op otherwise).
      await conn.query('ROLLBACK').catch(() => {});
      throw classifyDbError(e, sql);
    } finally {
      await conn.close();
    }
  }

  async registerBuffer(name: string, bytes: Uint8Array): Promise<void> {
    const db = await this.start();
    await db.registerFileBuffer(name, bytes);
  }

  async registerFile(name: string, file: Blob): Promise<void> {
    const db = await this.start();
    await db.registerFileHandle(name, file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
  }

  async dropFile(name: string): Promise<void> {
    const db = await this.start();
    await db.dropFile(name);
  }

  async insertArrowIPC(table: string, ipc: Uint8Array, options: { create?: boolean } = {}): Promise<void> {
    const db = await this.start();
    const trace = traceStart('insert', table, []);
    const conn = await db.connect();
    try {
      await conn.insertArrowFromIPCStream(ipc, { name: table, create: options.create ?? true });
      traceEnd(trace, {});
    } catch (e) {
      traceEnd(trace, { error: e });
      throw classifyDbError(e);
    } finally {
      await conn.close();
    }
  }

  async close(): Promise<void> {
    const engine = this.engine;
    this.engine = undefined;
    if (engine) await (await engine).terminate();
  }
}

async function startEngine(): Promise<duckdb.AsyncDuckDB> {
  const bundle = await duckdb.selectBundle(BUNDLES);
  const worker = new Worker(bundle.mainWorker!);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
  await db.open({ query: { castBigIntToDouble: false, castDecimalToDouble: true } });
  const conn = await db.connect();
  for (const s of SESSION_SETTINGS) await conn.query(s);
  await conn.close();
  return db;
}
