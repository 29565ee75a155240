#!/usr/bin/env node
/**
 * Generates the synthetic SME loan book of fictional Bank A (see data-samples/README.md).
 *
 *   node scripts/generate-sample.mjs [--loans N] [--seed S] [--out DIR] [--formats parquet,csv,gbk,xlsx]
 *
 * Without --out, the default book goes to data-samples/bank-a/ and any other size or seed to
 * data-samples/generated/bank-a-<loans>-<seed>/.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateSample } from './sample/generate.mjs';
import { BANK_A, GENERATED } from './sample/paths.mjs';
import { DEFAULT_LOANS, DEFAULT_SEED } from './sample/reference.mjs';

const { values } = parseArgs({
  options: {
    loans: { type: 'string', default: String(DEFAULT_LOANS) },
    seed: { type: 'string', default: String(DEFAULT_SEED) },
    out: { type: 'string' },
    formats: { type: 'string', default: 'parquet,csv,gbk,xlsx' },
  },
});
const loans = Number(values.loans);
const seed = Number(values.seed);
if (!Number.isInteger(loans) || loans < 1) throw new Error(`--loans must be a positive integer, got ${values.loans}`);
if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`--seed must be an integer in 0..2^32-1, got ${values.seed}`);
const isDefault = loans === DEFAULT_LOANS && seed === DEFAULT_SEED;
const out = values.out ? resolve(values.out) : isDefault ? BANK_A : join(GENERATED, `bank-a-${loans}-${seed}`);
const formats = String(values.formats).split(',').map((f) => f.trim());
const unknown = formats.filter((f) => !['parquet', 'csv', 'gbk', 'xlsx'].includes(f));
if (unknown.length > 0) throw new Error(`unknown format(s): ${unknown.join(', ')}`);

const expected = await generateSample({ loans, seed, out, formats, log: (msg) => console.log(msg) });
console.log(`${out}: NPL ${(expected.book.npl_ratio_balance * 100).toFixed(2)} % by balance, cumulative default ${(expected.book.cumulative_default_rate * 100).toFixed(2)} %`);
