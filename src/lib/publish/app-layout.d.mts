export const ASSET_MANIFEST: 'asset-manifest.json';
export function isAppFileForDashboard(path: string): boolean;
export function markAsDashboard(html: string): string;

export interface AssetManifest {
  version: string;
  files: { path: string; bytes: number; precache: boolean }[];
}
