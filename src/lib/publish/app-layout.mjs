// What a published folder holds besides the book, shared by the CLI and the in-browser publisher.
import { DASHBOARD_FILE, DASHBOARD_META } from './dashboard-config.mjs';

export const ASSET_MANIFEST = 'asset-manifest.json';

/** Built files a dashboard does not need: the sample book shipped with the app. */
export function isAppFileForDashboard(path) {
  return path !== ASSET_MANIFEST && !/^assets\/(loans|snapshots|inspections)-[^/]*\.parquet$/.test(path);
}

/** The published index.html: the built one, marked so that the app starts in dashboard mode. */
export function markAsDashboard(html) {
  if (html.includes(`name="${DASHBOARD_META}"`)) return html;
  return html.replace(/(<meta charset="[^"]*" ?\/?>)/i, `$1\n    <meta name="${DASHBOARD_META}" content="${DASHBOARD_FILE}" />`);
}
