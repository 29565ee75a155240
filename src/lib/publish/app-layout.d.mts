import type { PublishMode } from './dashboard-config.mjs';

export const ASSET_MANIFEST: 'asset-manifest.json';
export function isAppFileForDashboard(path: string, mode?: PublishMode): boolean;
export function markAsDashboard(html: string, mode?: PublishMode): string;

export interface AssetManifest {
  version: string;
  files: { path: string; bytes: number; precache: boolean }[];
}
