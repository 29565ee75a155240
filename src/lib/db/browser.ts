import * as duckdb from '@duckdb/duckdb-wasm';
import { Table } from 'apache-arrow';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import type { Db, QueryOptions, SqlParam } from './types';
import { abortError, classifyDbError, DbError } from './types';
import { SESSION_SETTINGS } from './settings';
import { traceEnd, tracePhase, traceStart } from './trace';
import { Lifeline } from './lifeline';
import { Listeners } from './listeners';
import { ConnectionPool } from './pool';

/** Bundles served from the app's own origin; never a CDN. */
const BUNDLES: duckdb.DuckDBBundles = {
  mvp: { mainModule: mvpWasm, mainWorker: mvpWorker },
  eh: { mainModule: ehWasm, mainWorker: ehWorker },
};

interface Engine {
  db: duckdb.AsyncDuckDB;
  worker: Worker;
  lifeline: Lifeline;
  pool: ConnectionPool;
}

/**
 * DuckDB-WASM in a Web Worker, started on first use. Every call is watched by the engine's
 * `Lifeline`: if the worker dies or stops answering, pending and later calls fail with a `lost`
 * error instead of waiting forever, until `restart()`.
 */
export class BrowserDb implements Db {
  private engine?: Promise<Engine>;
  private readonly lostListeners = new Listeners<DbError>();
  private readonly quietListeners = new Listeners<boolean>();

  /** The engine once started: calls then reach the worker in the same task, without a wait. */
  private ready?: Engine;

  /** The engine, started lazily once; a failed start can be retried. */
  private start(): Promise<Engine> {
    if (!this.engine) {
      const trace = traceStart('start', '', []);
      const starting: Promise<Engine> = startEngine((lifeline) => {
        lifeline.onLost((e) => this.lostListeners.emit(e));
        lifeline.onQuiet((q) => this.quietListeners.emit(q));
      }).then(
        (engine) => {
          traceEnd(trace, {});
          if (this.engine === starting) this.ready = engine;
          return engine;
        },
        (e) => {
          traceEnd(trace, { error: e });
          if (this.engine === starting) this.engine = undefined;
          throw classifyDbError(e);
        },
      );
      this.engine = starting;
    }
    return this.engine;
  }

  /** Runs `call` on the engine under its lifeline; synchronously up to the call once the engine is up. */
  private watched<T>(call: (db: duckdb.AsyncDuckDB, pool: ConnectionPool) => Promise<T>): Promise<T> {
    const engine = this.ready;
    if (engine) return engine.lifeline.run(() => call(engine.db, engine.pool));
    return this.start().then(({ db, lifeline, pool }) => lifeline.run(() => call(db, pool)));
  }

  /** Hears when the engine is lost (see Lifeline). */
  onLost(listener: (e: DbError) => void): () => void {
    return this.lostListeners.add(listener);
  }

  /** Hears when a busy engine has been silent for a while, and when it answers again. */
  onQuiet(listener: (quiet: boolean) => void): () => void {
    return this.quietListeners.add(listener);
  }

  /** Drops the engine (terminating its worker, whatever state it is in); the next call starts a fresh one. */
  async restart(): Promise<void> {
    const engine = this.engine;
    this.engine = undefined;
    this.ready = undefined;
    if (engine) (await engine.catch(() => undefined))?.worker.terminate();
  }

  async query(sql: string, params: readonly SqlParam[] = [], options: QueryOptions = {}): Promise<Table> {
    if (options.signal?.aborted) throw abortError();
    return this.watched((db, pool) => (options.quick ? this.runQuick(pool, sql, params, options) : this.runQuery(db, sql, params, options)));
  }

  /**
   * A quick query (QueryOptions.quick): a pooled connection and its prepared statement, the result
   * in one worker trip (not streamed: it is small). Once sent it cannot be interrupted; a cancelled
   * caller just does not get the result.
   */
  private async runQuick(pool: ConnectionPool, sql: string, params: readonly SqlParam[], options: QueryOptions): Promise<Table> {
    const { signal } = options;
    const trace = traceStart('query', sql, params);
    // With an idle connection that has the statement, the query is posted to the worker before the
    // first await: a view's query leaves in the task of the click, not after the redraw it causes.
    const c = pool.take(params.length ? sql : undefined) ?? (await pool.open());
    tracePhase(trace, 'connect');
    let healthy = true;
    try {
      if (signal?.aborted) throw abortError();
      const statement = params.length ? (pool.cached(c, sql) ?? (await pool.statement(c, sql))) : undefined;
      tracePhase(trace, 'prepare');
      const table = await (statement ? statement.query(...params) : c.conn.query(sql));
      tracePhase(trace, 'send');
      traceEnd(trace, { rows: table.numRows });
      if (signal?.aborted) throw abortError();
      return table;
    } catch (e) {
      if (trace && trace.end === undefined) traceEnd(trace, { error: e });
      if (signal?.aborted || (e instanceof DbError && e.kind === 'cancelled')) throw abortError();
      // A failed statement may leave its transaction open: end it, or give the connection up.
      healthy = await c.conn.query('ROLLBACK').then(
        () => true,
        () => false,
      );
      throw classifyDbError(e, sql);
    } finally {
      pool.release(c, healthy);
    }
  }

  private async runQuery(db: duckdb.AsyncDuckDB, sql: string, params: readonly SqlParam[], options: QueryOptions): Promise<Table> {
    const { signal } = options;
    const trace = traceStart('query', sql, params);
    const conn = await db.connect();
    tracePhase(trace, 'connect');
    if (signal?.aborted) {
      await conn.close();
      traceEnd(trace, { error: 'cancelled' });
      throw abortError();
    }
    const onAbort = () => void conn.cancelSent();
    signal?.addEventListener('abort', onAbort, { once: true });
    let prepared: duckdb.AsyncPreparedStatement | undefined;
    try {
      prepared = params.length === 0 ? undefined : await conn.prepare(sql);
      tracePhase(trace, 'prepare');
      const reader = prepared ? await prepared.send(...params) : await conn.send(sql, true);
      tracePhase(trace, 'send');
      const batches = [];
      for await (const batch of reader) {
        if (signal?.aborted) throw abortError();
        batches.push(batch);
      }
      tracePhase(trace, 'fetch');
      if (signal?.aborted) throw abortError();
      const table = batches.length ? new Table(batches) : new Table(reader.schema);
      tracePhase(trace, 'decode');
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
      // Closing the connection does not free its prepared statements in the worker.
      await prepared?.close().catch(() => {});
      await conn.close();
      // The caller has the result only now: the trace's end includes the close.
      tracePhase(trace, 'close');
      if (trace?.end !== undefined) trace.end = performance.now();
    }
  }

  /** Statements for their effect; without parameters several may be sent at once, in one transaction scope. */
  async exec(sql: string, params: readonly SqlParam[] = [], options: QueryOptions = {}): Promise<void> {
    if (params.length) return void (await this.query(sql, params, options));
    if (options.signal?.aborted) throw abortError();
    return this.watched((db) => this.runExec(db, sql));
  }

  private async runExec(db: duckdb.AsyncDuckDB, sql: string): Promise<void> {
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
    await this.watched((db) => db.registerFileBuffer(name, bytes));
  }

  async registerFile(name: string, file: Blob): Promise<void> {
    await this.watched((db) => db.registerFileHandle(name, file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true));
  }

  async dropFile(name: string): Promise<void> {
    await this.watched((db) => db.dropFile(name));
  }

  async insertArrowIPC(table: string, ipc: Uint8Array, options: { create?: boolean } = {}): Promise<void> {
    return this.watched((db) => this.runInsert(db, table, ipc, options));
  }

  private async runInsert(db: duckdb.AsyncDuckDB, table: string, ipc: Uint8Array, options: { create?: boolean }): Promise<void> {
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
    this.ready = undefined;
    if (!engine) return;
    const { db, worker, lifeline } = await engine;
    if (lifeline.lost) worker.terminate();
    else await db.terminate();
  }
}

/** Starts the worker under a lifeline from the first message on, so a start that dies fails too. */
async function startEngine(watch: (lifeline: Lifeline) => void): Promise<Engine> {
  const bundle = await duckdb.selectBundle(BUNDLES);
  const worker = new Worker(bundle.mainWorker!);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  const lifeline = new Lifeline(worker, () => db.ping());
  watch(lifeline);
  try {
    await lifeline.run(async () => {
      await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
      await db.open({ query: { castBigIntToDouble: false, castDecimalToDouble: true } });
      const conn = await db.connect();
      for (const s of SESSION_SETTINGS) await conn.query(s);
      await conn.close();
    });
  } catch (e) {
    worker.terminate();
    throw e;
  }
  return { db, worker, lifeline, pool: new ConnectionPool(db) };
}
