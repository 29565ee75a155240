#!/usr/bin/env node
/**
 * Generates the synthetic SME loan book of fictional Bank A (see data-samples/README.md).
 *
 *   node scripts/generate-sample.mjs [--loans N] [--seed S] [--out DIR] [--formats parquet,csv,gbk,xlsx]
 *   node scripts/generate-sample.mjs --book bank-b [--loans N] [--seed S] [--out DIR]
 *
 * Without --out, the default book goes to data-samples/bank-a/ and any other size or seed to
 * data-samples/generated/bank-a-<loans>-<seed>/ (Bank B likewise: data-samples/bank-b/ or
 * data-samples/generated/bank-b-<loans>-<seed>/; Parquet only).
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateBankB } from './sample/bank-b/generate.mjs';
import * as bankB from './sample/bank-b/reference.mjs';
import { generateSample } from './sample/generate.mjs';
import { BANK_A, BANK_B, GENERATED } from './sample/paths.mjs';
import { DEFAULT_LOANS, DEFAULT_SEED } from './sample/reference.mjs';

const { values } = parseArgs({
  options: {
    book: { type: 'string', default: 'bank-a' },
    loans: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
    formats: { type: 'string', default: 'parquet,csv,gbk,xlsx' },
  },
});
if (values.book !== 'bank-a' && values.book !== 'bank-b') throw new Error(`--book must be bank-a or bank-b, got ${values.book}`);
const isB = values.book === 'bank-b';
const loans = Number(values.loans ?? (isB ? bankB.DEFAULT_LOANS : DEFAULT_LOANS));
const seed = Number(values.seed ?? (isB ? bankB.DEFAULT_SEED : DEFAULT_SEED));
if (!Number.isInteger(loans) || loans < 1) throw new Error(`--loans must be a positive integer, got ${values.loans}`);
if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`--seed must be an integer in 0..2^32-1, got ${values.seed}`);
if (isB) {
  const defaultB = loans === bankB.DEFAULT_LOANS && seed === bankB.DEFAULT_SEED;
  const outB = values.out ? resolve(values.out) : defaultB ? BANK_B : join(GENERATED, `bank-b-${loans}-${seed}`);
  const e = await generateBankB({ loans, seed, out: outB, log: (msg) => console.log(msg) });
  console.log(`${outB}: NPL ${(e.book.npl_ratio_balance * 100).toFixed(2)} % by balance, cumulative default ${(e.book.cumulative_default_rate * 100).toFixed(2)} %`);
  process.exit(0);
}
const isDefault = loans === DEFAULT_LOANS && seed === DEFAULT_SEED;
const out = values.out ? resolve(values.out) : isDefault ? BANK_A : join(GENERATED, `bank-a-${loans}-${seed}`);
const formats = String(values.formats).split(',').map((f) => f.trim());
const unknown = formats.filter((f) => !['parquet', 'csv', 'gbk', 'xlsx'].includes(f));
if (unknown.length > 0) throw new Error(`unknown format(s): ${unknown.join(', ')}`);

const expected = await generateSample({ loans, seed, out, formats, log: (msg) => console.log(msg) });
console.log(`${out}: NPL ${(expected.book.npl_ratio_balance * 100).toFixed(2)} % by balance, cumulative default ${(expected.book.cumulative_default_rate * 100).toFixed(2)} %`);
