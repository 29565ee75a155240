import { ASSET_MANIFEST, isAppFileForDashboard, markAsDashboard, type AssetManifest } from './app-layout.mjs';
import type { ZipEntry } from './zip';
import type { PublishMode } from './dashboard-config.mjs';

export class NoBuiltAppError extends Error {}

/** The built app's file list, as the build plugin wrote it (absent under `vite dev`). */
export async function fetchAssetManifest(): Promise<AssetManifest> {
  const response = await fetch(ASSET_MANIFEST, { cache: 'no-cache' }).catch(() => null);
  if (!response?.ok) throw new NoBuiltAppError('No asset manifest: publishing works from the built app (npm run build), not the dev server.');
  return (await response.json()) as AssetManifest;
}

/** The app's own files, fetched from its own origin, with index.html marked for dashboard mode. */
export async function fetchAppFiles(
  manifest: AssetManifest,
  onFile?: (done: number, total: number) => void,
  signal?: AbortSignal,
  mode: PublishMode = 'loans',
): Promise<ZipEntry[]> {
  const wanted = manifest.files.filter((f) => isAppFileForDashboard(f.path, mode));
  const entries: ZipEntry[] = [];
  for (const file of wanted) {
    const response = await fetch(file.path, { signal });
    if (!response.ok) throw new Error(`Could not read ${file.path} from the app: HTTP ${response.status}`);
    let bytes = new Uint8Array(await response.arrayBuffer());
    if (file.path === 'index.html') bytes = new TextEncoder().encode(markAsDashboard(new TextDecoder().decode(bytes), mode));
    entries.push({ path: file.path, bytes });
    onFile?.(entries.length, wanted.length);
  }
  return entries;
}

/** The manifest of the published folder: its own files, and a new version so that old caches go. */
export function dashboardManifest(entries: readonly ZipEntry[], version: string): ZipEntry {
  const files = entries.map((e) => ({ path: e.path, bytes: e.bytes.length, precache: !/duckdb-mvp\b[^/]*\.wasm$|duckdb-browser-mvp\.worker|\.(gz|br)$/.test(e.path) }));
  return { path: ASSET_MANIFEST, bytes: new TextEncoder().encode(JSON.stringify({ version, files }, null, 1)) };
}
