import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../../src/lib/publish/crc32';
import { zip } from '../../../src/lib/publish/zip';

describe('store-only zip', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
  });

  it('writes an archive that unzip tests clean and extracts byte for byte', async () => {
    const big = new Uint8Array(300_000).map((_, i) => (i * 31) % 251);
    const entries = [
      { path: 'index.html', bytes: new TextEncoder().encode('<!doctype html><p>hi</p>') },
      { path: 'assets/app.js', bytes: big },
      { path: 'data/贷款.json', bytes: new TextEncoder().encode('{"名称":"银行"}') },
      { path: 'empty.txt', bytes: new Uint8Array() },
    ];
    const dir = mkdtempSync(join(tmpdir(), 'zip-test-'));
    const file = join(dir, 'out.zip');
    writeFileSync(file, new Uint8Array(await zip(entries).arrayBuffer()));
    expect(execFileSync('unzip', ['-t', file]).toString()).toMatch(/No errors detected/);
    // Python's zipfile honours the UTF-8 name flag whatever the locale.
    execFileSync('python3', ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', file, join(dir, 'x')]);
    for (const e of entries) expect(new Uint8Array(readFileSync(join(dir, 'x', e.path)))).toEqual(e.bytes);
  });
});
