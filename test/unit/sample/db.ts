import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { BANK_A } from '../../../scripts/sample/paths.mjs';

export type Row = Record<string, unknown>;

/** Native DuckDB with the committed book's Parquet files as views. */
export async function openBook(): Promise<{ conn: DuckDBConnection; close: () => void }> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  for (const table of ['loans', 'snapshots', 'inspections', 'planted']) {
    await conn.run(`CREATE VIEW ${table} AS SELECT * FROM read_parquet('${join(BANK_A, `${table}.parquet`)}')`);
  }
  return {
    conn,
    close: () => {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

/** Rows as plain objects, BIGINT turned into number. */
export async function rows(conn: DuckDBConnection, sql: string): Promise<Row[]> {
  const reader = await conn.runAndReadAll(sql);
  return reader
    .getRowObjects()
    .map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
}

export async function one(conn: DuckDBConnection, sql: string): Promise<Row> {
  return (await rows(conn, sql))[0];
}

/** A single number. */
export async function num(conn: DuckDBConnection, sql: string): Promise<number> {
  return Number(Object.values(await one(conn, sql))[0]);
}
