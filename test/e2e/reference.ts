import { DuckDBInstance } from '@duckdb/node-api';

/**
 * Figures computed independently of the app: native DuckDB over the committed sample files,
 * with SQL written here, not taken from src/lib/metrics.
 */
export async function sampleReference(sql: string, book: 'bank-a' | 'bank-b' = 'bank-a'): Promise<Record<string, number>> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await conn.run(`CREATE VIEW loans AS SELECT * FROM 'data-samples/${book}/loans.parquet'`);
  await conn.run(`CREATE VIEW snapshots AS SELECT * FROM 'data-samples/${book}/snapshots.parquet'`);
  const reader = await conn.runAndReadAll(sql);
  const row = reader.getRowObjectsJS()[0] as Record<string, unknown>;
  conn.closeSync();
  instance.closeSync();
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
}
