import type { Db } from '../db/types';
import { headersFile } from '../../../scripts/publish/headers.mjs';
import { DASHBOARD_FILE, DEFAULT_MIN_CELL, parseDashboardConfig, type DashboardConfig, type PublishedDashboard } from './dashboard-config.mjs';
import { dashboardManifest, fetchAppFiles, fetchAssetManifest } from './app-files';
import { exportBookFiles } from './export-book';
import { readBookSettings } from '../book/settings';
import { zip, type ZipEntry } from './zip';
import type { PackFile } from '../metrics/cases/records';
import type { MaskOptions } from './masking';
import type { PrivacyNote, PublishedAggregate } from './dashboard-config.mjs';
import { buildAggregateBook } from './aggregate-book';
import { parquetWasm } from '../ingest/parquet-wasm';
import { tableToIPC } from 'apache-arrow';

/** Where a published pack lives in the dashboard folder. */
export const PACK_FILE = 'pack.json';

export type PublishStep = { step: 'app'; done: number; total: number } | { step: 'book'; table: string } | { step: 'zip' };

/** The published folder as one zip: built app, book files and dashboard.json. */
export async function buildDashboardZip(
  db: Db,
  config: DashboardConfig,
  bookName: string,
  onStep: (s: PublishStep) => void = () => {},
  signal?: AbortSignal,
  /** A pack file to publish with it (opened in student mode on the first visit). */
  pack?: PackFile,
  /** The masking key and date coarsening of a masked dashboard; k of an aggregate one. */
  privacyOptions: { mask?: MaskOptions; minCell?: number } = {},
): Promise<{ blob: Blob; dashboard: PublishedDashboard }> {
  const mode = config.mode;
  if (pack && mode !== 'loans') throw new Error('A case-study pack names sample loans: publish it only with loan rows.');
  const manifest = await fetchAssetManifest();
  const app = await fetchAppFiles(manifest, (done, total) => onStep({ step: 'app', done, total }), signal, mode);
  let privacy: PrivacyNote | undefined;
  let aggregate: PublishedAggregate | undefined;
  let book: Awaited<ReturnType<typeof exportBookFiles>> = [];
  const extra: ZipEntry[] = [];
  if (mode === 'aggregate') {
    onStep({ step: 'book', table: 'cubes' });
    const pq = await parquetWasm();
    const built = await buildAggregateBook(
      db,
      config,
      privacyOptions.minCell ?? DEFAULT_MIN_CELL,
      async (path, sql) => {
        const result = await db.query(sql, [], { signal });
        const properties = new pq.WriterPropertiesBuilder().setCompression(pq.Compression.ZSTD).build();
        const bytes = pq.writeParquet(pq.Table.fromIPCStream(tableToIPC(result, 'stream')), properties);
        extra.push({ path, bytes });
        return bytes.length;
      },
      async (path, text) => void extra.push({ path, bytes: new TextEncoder().encode(text) }),
    );
    aggregate = built.aggregate;
    privacy = built.privacy;
  } else {
    const mask = mode === 'masked' && privacyOptions.mask ? { options: privacyOptions.mask, privacy: (privacy = { pseudonymised: [], dropped: [], coarsened: [] }) } : undefined;
    if (mode === 'masked' && !mask) throw new Error('A masked dashboard needs a masking key.');
    book = await exportBookFiles(db, (table) => onStep({ step: 'book', table }), signal, mask);
  }
  const settings = await readBookSettings(db);
  const publishedAt = new Date().toISOString();
  const dashboard = parseDashboardConfig({
    ...config,
    book: { name: bookName, tables: Object.fromEntries(book.map((f) => [f.table, f.entry])), settings, ...(aggregate ? { aggregate } : {}) },
    ...(privacy ? { privacy } : {}),
    publishedAt,
    ...(pack ? { pack: { path: PACK_FILE } } : {}),
  });
  onStep({ step: 'zip' });
  const text = new TextEncoder();
  const entries: ZipEntry[] = [
    ...app,
    ...book.map((f) => ({ path: f.entry.path, bytes: f.bytes })),
    ...extra,
    { path: DASHBOARD_FILE, bytes: text.encode(JSON.stringify(dashboard, null, 2)) },
    { path: '_headers', bytes: text.encode(headersFile()) },
    ...(pack ? [{ path: PACK_FILE, bytes: text.encode(JSON.stringify(pack, null, 2)) }] : []),
  ];
  entries.push(dashboardManifest(entries, `${manifest.version}-${Date.parse(publishedAt).toString(36)}`));
  return { blob: zip(entries), dashboard };
}

/** A file name from the title: letters, digits and dashes. */
export function zipName(title: string): string {
  const slug = title.normalize('NFKD').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').slice(0, 60);
  return `${slug || 'dashboard'}.zip`;
}
