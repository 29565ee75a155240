import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

export const SIZES = { '100k': 100_000, '1M': 1_000_000, '5M': 5_000_000 };
const SEED = 20251231;

/** Generates (once) the seeded book of `label` size with the sample generator; returns its folder. */
export function ensureBook(root, label) {
  const loans = SIZES[label];
  if (!loans) throw new Error(`Unknown size ${label}; use one of ${Object.keys(SIZES).join(', ')}`);
  const dir = join(root, `bank-a-${label}`);
  if (!existsSync(join(dir, 'loans.parquet')) || !existsSync(join(dir, 'loans.csv'))) {
    console.log(`Generating the ${label}-loan book (seed ${SEED})…`);
    execFileSync('node', ['scripts/generate-sample.mjs', '--loans', String(loans), '--seed', String(SEED), '--out', dir, '--formats', 'parquet,csv'], {
      stdio: 'inherit',
    });
  }
  return dir;
}
