import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import example from '../../../data-samples/packs/bank-a-planted-problems.json';
import { parsePackFile } from '../../../src/lib/metrics/cases/records';
import { BUNDLE_ENTRY, BUNDLE_KIND, isPackBundle, readPackBundle } from '../../../src/lib/publish/pack-bundle';
import { isZip, unzipStored, ZipReadError } from '../../../src/lib/publish/unzip';
import { zip } from '../../../src/lib/publish/zip';

const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());
const text = (s: string) => new TextEncoder().encode(s);

describe('reading a store-only zip', () => {
  it('gives back every entry byte for byte, names in UTF-8', async () => {
    const entries = [
      { path: 'pack.json', bytes: text('{"a":1}') },
      { path: 'data/贷款.parquet', bytes: new Uint8Array(70_000).map((_, i) => (i * 7) % 253) },
      { path: 'empty', bytes: new Uint8Array() },
    ];
    const out = unzipStored(await bytesOf(zip(entries)));
    expect([...out.keys()]).toEqual(entries.map((e) => e.path));
    for (const e of entries) expect(out.get(e.path)).toEqual(e.bytes);
  });

  it('refuses what is not a zip, a cut-off zip and a compressed one', async () => {
    expect(isZip(text('PK'))).toBe(false);
    expect(() => unzipStored(text('not a zip at all, just text'))).toThrow(ZipReadError);
    const whole = await bytesOf(zip([{ path: 'a', bytes: new Uint8Array(5000) }]));
    expect(() => unzipStored(whole.subarray(0, 3000))).toThrow(ZipReadError);
    const dir = mkdtempSync(join(tmpdir(), 'unzip-test-'));
    const file = join(dir, 'deflated.zip');
    execFileSync('python3', ['-c', 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED); z.writestr("pack.json", "x" * 1000); z.close()', file]);
    expect(() => unzipStored(new Uint8Array(readFileSync(file)))).toThrow(/compressed/);
  });
});

describe('one-file pack', () => {
  const pack = parsePackFile(JSON.stringify(example));
  const manifest = (tables: Record<string, { path: string; rows: number }>) => ({
    kind: BUNDLE_KIND, version: 1, pack: { kind: 'loanbook-lab/case-pack', version: 2, pack },
    book: { name: 'Bank A (sample)', settings: { outcomeRule: null, currency: 'CNY' }, tables },
  });
  const loans = new Uint8Array([1, 2, 3, 4]);
  const snapshots = new Uint8Array([5, 6]);

  it('reads the pack, the book name and settings, and each table’s Parquet bytes', async () => {
    const blob = zip([
      { path: BUNDLE_ENTRY, bytes: text(JSON.stringify(manifest({ loans: { path: 'data/loans.parquet', rows: 4 }, snapshots: { path: 'data/snapshots.parquet', rows: 2 } }))) },
      { path: 'data/loans.parquet', bytes: loans },
      { path: 'data/snapshots.parquet', bytes: snapshots },
    ]);
    const bytes = await bytesOf(blob);
    expect(isPackBundle(bytes)).toBe(true);
    const bundle = readPackBundle(bytes);
    expect(bundle.pack).toEqual(pack);
    expect(bundle.bookName).toBe('Bank A (sample)');
    expect(bundle.settings).toEqual({ outcomeRule: null, currency: 'CNY' });
    expect(bundle.tables).toEqual([{ table: 'loans', bytes: loans }, { table: 'snapshots', bytes: snapshots }]);
  });

  it('is not mistaken for data, and says what is missing', async () => {
    expect(isPackBundle(await bytesOf(zip([{ path: 'index.html', bytes: text('<p>') }])))).toBe(false);
    expect(isPackBundle(text('loan_id,amount\nL1,5'))).toBe(false);
    const noLoans = await bytesOf(zip([{ path: BUNDLE_ENTRY, bytes: text(JSON.stringify(manifest({}))) }]));
    expect(() => readPackBundle(noLoans)).toThrow(/no loans/);
    const lost = await bytesOf(zip([{ path: BUNDLE_ENTRY, bytes: text(JSON.stringify(manifest({ loans: { path: 'data/loans.parquet', rows: 4 } }))) }]));
    expect(() => readPackBundle(lost)).toThrow(/lacks data\/loans.parquet/);
    const foreign = await bytesOf(zip([{ path: BUNDLE_ENTRY, bytes: text('{"kind":"other"}') }]));
    expect(() => readPackBundle(foreign)).toThrow(/not a one-file pack/);
  });
});
