/**
 * Makes sure the sample books are on disk: regenerates a committed book (Bank A, Bank B) when a
 * core file is missing, and rewrites from loans.parquet any format variant that is missing or older than it (the large ones live
 * in the git-ignored data-samples/generated/). Does nothing, quickly, when everything is there.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BANK_A, BANK_B, CORE_FILES, DATA_DIR, VARIANT_FILES } from './paths.mjs';
import { DEFAULT_LOANS, DEFAULT_SEED } from './reference.mjs';

/** @typedef {keyof typeof VARIANT_FILES} Variant */

/** @param {(msg: string) => void} [log] @returns {Promise<'present' | 'variants' | 'generated'>} */
export async function ensureSample(log = () => {}) {
  await ensureBankB(log);
  if (CORE_FILES.some((f) => !existsSync(join(BANK_A, f)))) {
    log('sample book missing: generating data-samples/bank-a');
    const { generateSample } = await import('./generate.mjs');
    await generateSample({ loans: DEFAULT_LOANS, seed: DEFAULT_SEED, out: BANK_A, formats: ['parquet', 'csv', 'gbk', 'xlsx'], log });
    return 'generated';
  }
  /** @type {{ files: Record<string, string>, loans: number }} */
  const expected = JSON.parse(await readFile(join(BANK_A, 'expected.json'), 'utf8'));
  const missing = /** @type {Variant[]} */ (Object.keys(VARIANT_FILES)).filter((v) => {
    const at = expected.files[VARIANT_FILES[v]];
    if (at === undefined) return false;
    const file = join(DATA_DIR, at);
    if (!existsSync(file)) return true;
    // A git-ignored variant older than the committed loans.parquet was written from an earlier book (e.g. before a column was added).
    return at.startsWith('generated/') && statSync(file).mtimeMs < statSync(join(BANK_A, 'loans.parquet')).mtimeMs;
  });
  if (missing.length === 0) return 'present';
  log(`rewriting ${missing.map((v) => VARIANT_FILES[v]).join(', ')}`);
  const [{ DuckDBInstance }, { writeVariants }] = await Promise.all([import('@duckdb/node-api'), import('./generate.mjs')]);
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    await conn.run(`CREATE TABLE loans AS SELECT * FROM read_parquet('${join(BANK_A, 'loans.parquet')}')`);
    await writeVariants(conn, BANK_A, missing, expected.loans, log);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
  return 'variants';
}

/** Bank B has no format variants: regenerated (about a second) when any of its files is missing. @param {(msg: string) => void} log */
export async function ensureBankB(log = () => {}) {
  if (CORE_FILES.every((f) => existsSync(join(BANK_B, f)))) return 'present';
  log('sample book missing: generating data-samples/bank-b');
  const [{ generateBankB }, { DEFAULT_LOANS: loans, DEFAULT_SEED: seed }] = await Promise.all([import('./bank-b/generate.mjs'), import('./bank-b/reference.mjs')]);
  await generateBankB({ loans, seed, out: BANK_B, log });
  return 'generated';
}
