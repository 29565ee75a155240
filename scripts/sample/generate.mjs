/**
 * One run of the generator: build the book in an in-memory DuckDB, write the canonical tables as
 * Parquet, the expected figures as JSON and the requested format variants of `loans`.
 */
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { TABLE_ORDER } from './book.sql.mjs';
import { buildBook } from './book.mjs';
import { expectedFigures } from './expected.mjs';
import { VARIANTS, XLSX_MAX_ROWS } from './formats.mjs';
import { BANK_A, BANK_A_OVERFLOW, DATA_DIR, MAX_COMMITTED_BYTES } from './paths.mjs';

/** @typedef {keyof typeof VARIANTS} Variant */

/**
 * @param {{ loans: number, seed: number, out: string, formats: readonly string[], log?: (msg: string) => void }} options
 */
export async function generateSample({ loans, seed, out, formats, log = () => {} }) {
  const started = Date.now();
  await mkdir(out, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const meta = await buildBook(conn, { loans, seed });
    log(`built ${loans} loans, ${meta.borrowers} borrowers in ${Date.now() - started} ms`);
    if (formats.includes('parquet')) {
      for (const [table, order] of Object.entries(TABLE_ORDER)) {
        await atomically(join(out, `${table}.parquet`), (tmp) =>
          conn.run(`COPY (SELECT * FROM ${table} ORDER BY ${order}) TO '${tmp}' (FORMAT parquet, COMPRESSION zstd)`),
        );
      }
      log(`wrote Parquet in ${Date.now() - started} ms`);
    }
    const expected = await expectedFigures(conn, { seed, officers: meta.officers });
    const files = await writeVariants(conn, out, /** @type {Variant[]} */ (formats.filter((f) => f in VARIANTS)), loans, log);
    await atomically(join(out, 'expected.json'), (tmp) => writeFile(tmp, `${JSON.stringify({ ...expected, files }, null, 2)}\n`));
    log(`done in ${Date.now() - started} ms`);
    return expected;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/**
 * Writes variants next to the Parquet files; in the committed book, a variant too large to commit
 * moves to the git-ignored overflow directory.
 * @param {import('@duckdb/node-api').DuckDBConnection} conn
 * @param {string} out
 * @param {Variant[]} variants
 * @param {number} loans
 * @param {(msg: string) => void} log
 * @returns {Promise<Record<string, string>>} variant file → path relative to data-samples/
 */
export async function writeVariants(conn, out, variants, loans, log) {
  /** @type {Record<string, string>} */
  const files = {};
  for (const variant of variants) {
    const { file, write } = VARIANTS[variant];
    if (variant === 'xlsx' && loans > XLSX_MAX_ROWS) {
      log(`skipped ${file}: more than ${XLSX_MAX_ROWS} rows`);
      continue;
    }
    const tmp = temporaryName(join(out, file));
    await write(conn, tmp);
    const dir = resolve(out) === BANK_A && (await stat(tmp)).size >= MAX_COMMITTED_BYTES ? BANK_A_OVERFLOW : out;
    await mkdir(dir, { recursive: true });
    await rename(tmp, join(dir, file));
    files[file] = relative(DATA_DIR, join(dir, file));
    log(`wrote ${files[file]}`);
  }
  return files;
}

/** @param {string} path */
const temporaryName = (path) => `${path}.${process.pid}.tmp`;

/**
 * Writes through a temporary file and renames it into place, so that concurrent runs (parallel
 * test files calling ensure-sample) never read or write a half-written file.
 * @param {string} path
 * @param {(tmp: string) => Promise<unknown>} write
 */
export async function atomically(path, write) {
  const tmp = temporaryName(path);
  await write(tmp);
  await rename(tmp, path);
}
