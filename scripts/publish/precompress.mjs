import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Files above this size get .gz and .br twins, for hosts that serve pre-compressed files. */
const MIN_BYTES = 1_000_000;

export async function precompress(out, files) {
  const written = [];
  for (const { path, bytes } of files) {
    if (bytes < MIN_BYTES || /\.(gz|br|parquet)$/.test(path)) continue;
    const raw = await readFile(join(out, path));
    await writeFile(join(out, `${path}.gz`), gzipSync(raw, { level: 9 }));
    await writeFile(join(out, `${path}.br`), brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } }));
    written.push(path);
  }
  return written;
}
