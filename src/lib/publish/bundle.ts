import type { Db } from '../db/types';
import { headersFile } from '../../../scripts/publish/headers.mjs';
import { DASHBOARD_FILE, parseDashboardConfig, type DashboardConfig, type PublishedDashboard } from './dashboard-config.mjs';
import { dashboardManifest, fetchAppFiles, fetchAssetManifest } from './app-files';
import { exportBookFiles } from './export-book';
import { readBookSettings } from '../book/settings';
import { zip, type ZipEntry } from './zip';
import type { PackFile } from '../metrics/cases/records';

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
): Promise<{ blob: Blob; dashboard: PublishedDashboard }> {
  const manifest = await fetchAssetManifest();
  const app = await fetchAppFiles(manifest, (done, total) => onStep({ step: 'app', done, total }), signal);
  const book = await exportBookFiles(db, (table) => onStep({ step: 'book', table }), signal);
  const settings = await readBookSettings(db);
  const publishedAt = new Date().toISOString();
  const dashboard = parseDashboardConfig({
    ...config,
    book: { name: bookName, tables: Object.fromEntries(book.map((f) => [f.table, f.entry])), settings },
    publishedAt,
    ...(pack ? { pack: { path: PACK_FILE } } : {}),
  });
  onStep({ step: 'zip' });
  const text = new TextEncoder();
  const entries: ZipEntry[] = [
    ...app,
    ...book.map((f) => ({ path: f.entry.path, bytes: f.bytes })),
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
