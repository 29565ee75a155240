/**
 * A one-file pack: a case-study pack and the loan book it is written for, in one store-only zip
 * (`pack.json` and the book's tables as Parquet, as the dashboard export writes them). Dropped on
 * the Data screen of any copy of the app, offline, it opens the book and the pack's first step.
 */
import type { Db } from '../db/types';
import { STAGE_PREFIX } from '../book/activate';
import { readBookSettings, settingsTableSql, SETTINGS_TABLE, type BookSettings } from '../book/settings';
import { packFile, packFromJson, RecordError, type Pack, type PackFile } from '../metrics/cases/records';
import { parquetToIpcInWorker } from '../workers/parquet';
import { BOOK_TABLE_NAMES, type BookTableName } from './dashboard-config.mjs';
import { exportBookFiles } from './export-book';
import { isZip, unzipStored } from './unzip';
import { zip } from './zip';

export const BUNDLE_ENTRY = 'pack.json';
export const BUNDLE_KIND = 'loanbook-lab/pack-bundle';

export interface PackBundleManifest {
  kind: typeof BUNDLE_KIND;
  version: 1;
  pack: PackFile;
  book: { name: string; settings: BookSettings; tables: Partial<Record<BookTableName, { path: string; rows: number }>> };
}

export interface PackBundle {
  pack: Pack;
  bookName: string;
  settings: BookSettings;
  tables: { table: BookTableName; bytes: Uint8Array }[];
}

/** The open book and the pack as one zip. */
export async function buildPackBundle(db: Db, pack: Pack, bookName: string, signal?: AbortSignal): Promise<Blob> {
  const files = await exportBookFiles(db, undefined, signal);
  const manifest: PackBundleManifest = {
    kind: BUNDLE_KIND,
    version: 1,
    pack: packFile(pack),
    book: { name: bookName, settings: await readBookSettings(db), tables: Object.fromEntries(files.map((f) => [f.table, { path: f.entry.path, rows: f.entry.rows }])) },
  };
  return zip([{ path: BUNDLE_ENTRY, bytes: new TextEncoder().encode(JSON.stringify(manifest, null, 2)) }, ...files.map((f) => ({ path: f.entry.path, bytes: f.bytes }))]);
}

/** True when the bytes are a zip holding a pack (the Data screen's drop looks before importing). */
export function isPackBundle(bytes: Uint8Array): boolean {
  if (!isZip(bytes)) return false;
  try {
    return unzipStored(bytes).has(BUNDLE_ENTRY);
  } catch {
    return false;
  }
}

export function readPackBundle(bytes: Uint8Array): PackBundle {
  const entries = unzipStored(bytes);
  const text = entries.get(BUNDLE_ENTRY);
  if (!text) throw new RecordError('The zip holds no pack.json: not a one-file pack');
  let manifest: PackBundleManifest;
  try {
    manifest = JSON.parse(new TextDecoder().decode(text)) as PackBundleManifest;
  } catch {
    throw new RecordError('pack.json is not valid JSON');
  }
  if (manifest?.kind !== BUNDLE_KIND || manifest.version !== 1) throw new RecordError('pack.json is not a one-file pack of this app');
  const pack = packFromJson(manifest.pack);
  const name = typeof manifest.book?.name === 'string' && manifest.book.name ? manifest.book.name : 'Pack book';
  const tables = BOOK_TABLE_NAMES.flatMap((table) => {
    const entry = manifest.book.tables?.[table];
    if (!entry) return [];
    const file = entries.get(entry.path);
    if (!file) throw new RecordError(`The zip lacks ${entry.path}`);
    return [{ table, bytes: file }];
  });
  if (!tables.some((t) => t.table === 'loans')) throw new RecordError('The one-file pack holds no loans table');
  const s = manifest.book.settings;
  const settings: BookSettings = { outcomeRule: s?.outcomeRule ?? null, currency: typeof s?.currency === 'string' ? s.currency : null };
  return { pack, bookName: name, settings, tables };
}

/** Stages the bundle's tables and settings (book.load then activates them). */
export async function stagePackBundle(db: Db, bundle: PackBundle, signal?: AbortSignal): Promise<void> {
  for (const { table, bytes } of bundle.tables) {
    if (signal?.aborted) throw new DOMException('cancelled', 'AbortError');
    const ipc = await parquetToIpcInWorker(bytes.slice());
    await db.exec(`DROP TABLE IF EXISTS ${STAGE_PREFIX}${table}`);
    await db.insertArrowIPC(STAGE_PREFIX + table, ipc);
  }
  const settings = settingsTableSql(STAGE_PREFIX + SETTINGS_TABLE, bundle.settings);
  await db.exec(settings.sql, settings.params);
}

/** `<title>.lbpack.zip` */
export function bundleName(slugged: string): string {
  return `${slugged || 'pack'}.lbpack.zip`;
}
