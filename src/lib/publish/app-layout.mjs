// What a published folder holds besides the book, shared by the CLI and the in-browser publisher.
import { DASHBOARD_FILE, DASHBOARD_META } from './dashboard-config.mjs';

export const ASSET_MANIFEST = 'asset-manifest.json';

/** The sample books shipped with the app: no dashboard needs them. */
const SAMPLE_BOOK = /^assets\/(loans|snapshots|inspections)-[^/]*\.parquet$/;
/** The bundled teaching packs' chunk (state/bundled-packs.ts): sample loan ids, left out of masked and aggregate dashboards. */
const SAMPLE_PACKS = /^assets\/bundled-packs-[^/]*\.js(\.map)?$/;

/** Built files a dashboard of this mode carries. */
export function isAppFileForDashboard(path, mode = 'loans') {
  if (path === ASSET_MANIFEST || SAMPLE_BOOK.test(path)) return false;
  return mode === 'loans' || !SAMPLE_PACKS.test(path);
}

/** The published index.html: the built one, marked so that the app starts in dashboard mode (and knows which). */
export function markAsDashboard(html, mode = 'loans') {
  if (html.includes(`name="${DASHBOARD_META}"`)) return html;
  return html.replace(/(<meta charset="[^"]*" ?\/?>)/i, `$1\n    <meta name="${DASHBOARD_META}" content="${DASHBOARD_FILE}" data-mode="${mode}" />`);
}
