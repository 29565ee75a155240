import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

/**
 * The reference data with known answers lives beside the repository in `shared/golden/`
 * (`LBL_GOLDEN_DIR` overrides it on machines laid out otherwise).
 */
export const GOLDEN_DIR = process.env.LBL_GOLDEN_DIR ?? resolve(fileURLToPath(new URL('.', import.meta.url)), '../../shared/golden');

export const goldenFile = (name: string) => join(GOLDEN_DIR, name);
