import type * as duckdb from '@duckdb/duckdb-wasm';

/** A connection of the pool with the statements prepared on it, most recently used last. */
export interface PooledConnection {
  conn: duckdb.AsyncDuckDBConnection;
  statements: Map<string, duckdb.AsyncPreparedStatement>;
}

/**
 * Reused connections for the app's own quick queries. Opening and closing a DuckDB-WASM connection
 * costs a worker round trip each, and preparing a statement another: for a query over a few hundred
 * pre-aggregated rows those trips are most of its time. A connection is held by one call at a time
 * (the worker runs calls one after another anyway, and a connection has one active statement), so
 * concurrent queries each get their own; idle ones are kept, up to `maxIdle`. Each keeps its last
 * `maxStatements` prepared statements by SQL text, so the same query shape with new parameters is
 * one trip. Only for app-written reads: a user's `SET` or TEMP table would leak between calls here.
 */
export class ConnectionPool {
  private readonly idle: PooledConnection[] = [];

  constructor(
    private readonly db: duckdb.AsyncDuckDB,
    private readonly maxIdle = 4,
    private readonly maxStatements = 32,
  ) {}

  /**
   * An idle connection, now, if there is one (then it is the caller's until `release`): one that
   * has prepared `sql` if any has.
   */
  take(sql?: string): PooledConnection | undefined {
    let i = this.idle.length - 1;
    while (sql !== undefined && i >= 0 && !this.idle[i].statements.has(sql)) i--;
    return i >= 0 ? this.idle.splice(i, 1)[0] : this.idle.pop();
  }

  /** A new connection for the pool. */
  async open(): Promise<PooledConnection> {
    return { conn: await this.db.connect(), statements: new Map() };
  }

  /** Returns a connection to the pool; one that may hold a broken state is closed instead. */
  release(c: PooledConnection, healthy: boolean): void {
    if (healthy && this.idle.length < this.maxIdle) this.idle.push(c);
    else void this.discard(c);
  }

  /** The statement for `sql` if this connection has prepared it. */
  cached(c: PooledConnection, sql: string): duckdb.AsyncPreparedStatement | undefined {
    const known = c.statements.get(sql);
    if (known) {
      c.statements.delete(sql);
      c.statements.set(sql, known);
    }
    return known;
  }

  /** The statement for `sql` on this connection, prepared once. */
  async statement(c: PooledConnection, sql: string): Promise<duckdb.AsyncPreparedStatement> {
    const known = c.statements.get(sql);
    if (known) {
      c.statements.delete(sql);
      c.statements.set(sql, known);
      return known;
    }
    const prepared = await c.conn.prepare(sql);
    c.statements.set(sql, prepared);
    while (c.statements.size > this.maxStatements) {
      const [oldest, stmt] = c.statements.entries().next().value!;
      c.statements.delete(oldest);
      void stmt.close().catch(() => undefined);
    }
    return prepared;
  }

  private async discard(c: PooledConnection): Promise<void> {
    for (const stmt of c.statements.values()) await stmt.close().catch(() => undefined);
    c.statements.clear();
    await c.conn.close().catch(() => undefined);
  }
}
