import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ASSET_MANIFEST, isAppFileForDashboard, markAsDashboard } from '../../src/lib/publish/app-layout.mjs';

/** Copies the built app from `appDir` (a `vite build` output) into `out`, as a dashboard of `mode` carries it. */
export async function copyApp(appDir, out, mode = 'loans') {
  let manifest;
  try {
    manifest = JSON.parse(await readFile(join(appDir, ASSET_MANIFEST), 'utf8'));
  } catch {
    throw new Error(`No built app in ${appDir} (missing ${ASSET_MANIFEST}): run \`npm run build\` first.`);
  }
  for (const { path } of manifest.files) {
    if (!isAppFileForDashboard(path, mode)) continue;
    await mkdir(dirname(join(out, path)), { recursive: true });
    if (path === 'index.html') await writeFile(join(out, path), markAsDashboard(await readFile(join(appDir, path), 'utf8'), mode));
    else await copyFile(join(appDir, path), join(out, path));
  }
}
