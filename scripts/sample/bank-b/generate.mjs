/**
 * One run of the Bank B generator: build the book in an in-memory DuckDB, write the canonical
 * tables and the ground truth as Parquet and the expected figures as JSON.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { TABLE_ORDER } from '../book.sql.mjs';
import { atomically } from '../generate.mjs';
import { buildBook } from './book.mjs';
import { expectedFigures } from './expected.mjs';

/** @param {{ loans: number, seed: number, out: string, log?: (msg: string) => void }} options */
export async function generateBankB({ loans, seed, out, log = () => {} }) {
  const started = Date.now();
  await mkdir(out, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const meta = await buildBook(conn, { loans, seed });
    log(`built Bank B: ${loans} loans, ${meta.borrowers} borrowers in ${Date.now() - started} ms`);
    for (const [table, order] of Object.entries(TABLE_ORDER)) {
      await atomically(join(out, `${table}.parquet`), (tmp) =>
        conn.run(`COPY (SELECT * FROM ${table} ORDER BY ${order}) TO '${tmp}' (FORMAT parquet, COMPRESSION zstd)`),
      );
    }
    const expected = await expectedFigures(conn, { seed, officers: meta.officers, fraudOfficer: meta.fraudOfficer });
    await atomically(join(out, 'expected.json'), (tmp) => writeFile(tmp, `${JSON.stringify(expected, null, 2)}\n`));
    log(`wrote ${out} in ${Date.now() - started} ms`);
    return expected;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
