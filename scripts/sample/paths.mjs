/** Where the sample book lives in the repository. */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DATA_DIR = join(ROOT, 'data-samples');
/** The committed book. */
export const BANK_A = join(DATA_DIR, 'bank-a');
/** The second committed book: fictional rural Bank B (scripts/sample/bank-b). */
export const BANK_B = join(DATA_DIR, 'bank-b');
/** Git-ignored: large variants of the committed book and benchmark books. */
export const GENERATED = join(DATA_DIR, 'generated');
export const BANK_A_OVERFLOW = join(GENERATED, 'bank-a');

/** Files that make up the committed book. */
export const CORE_FILES = ['loans.parquet', 'snapshots.parquet', 'inspections.parquet', 'planted.parquet', 'expected.json'];
/** Committed files must stay below this size; larger variants go to BANK_A_OVERFLOW. */
export const MAX_COMMITTED_BYTES = 5 * 1024 * 1024;
/** File name of each format variant of the loans table. */
export const VARIANT_FILES = { csv: 'loans.csv', gbk: 'loans-gbk.csv', xlsx: 'loans.xlsx' };
