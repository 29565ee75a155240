import type { Table } from 'apache-arrow';
import type { Db, QueryOptions, SqlParam } from '../db/types';

/**
 * Results keyed by (book version, SQL, parameters): a query whose inputs did not change is never
 * run twice. Concurrent callers of the same key share one execution.
 */
export class QueryCache {
  private readonly entries = new Map<string, Promise<Table>>();

  constructor(
    private readonly db: Db,
    private readonly capacity = 300,
  ) {}

  query(version: number, sql: string, params: readonly SqlParam[], options: QueryOptions = {}): Promise<Table> {
    const key = `${version}\u0000${sql}\u0000${JSON.stringify(params, (_, v) => (typeof v === 'bigint' ? String(v) : v))}`;
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    // A run cancelled by its first caller is dropped, and later callers sharing it run it again.
    const run = this.db.query(sql, params, options);
    this.entries.set(key, run);
    run.catch(() => this.entries.delete(key));
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return run;
  }

  clear(): void {
    this.entries.clear();
  }
}
