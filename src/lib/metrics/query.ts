import type { Table } from 'apache-arrow';
import type { Db, QueryOptions, SqlParam } from '../db/types';

/**
 * A metric as data: the SQL that computes it, the canonical fields it needs, and how to shape
 * the Arrow result. Building one touches no database, so views can check `needs` against the
 * mapped fields first and tests can run the SQL against a real DuckDB.
 */
export interface MetricQuery<T> {
  /** Canonical `loans` fields that must be mapped for the result to mean anything. */
  needs: readonly string[];
  sql: string;
  params: SqlParam[];
  shape(table: Table): T;
}

export async function runMetric<T>(db: Db, q: MetricQuery<T>, options?: QueryOptions): Promise<T> {
  return q.shape(await db.query(q.sql, q.params, options));
}

/** Fields of `needs` that are not among `mapped`: what the user must map to see this metric. */
export function missingFields(needs: readonly string[], mapped: ReadonlySet<string>): string[] {
  return needs.filter((n) => !mapped.has(n));
}
