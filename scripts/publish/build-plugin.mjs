import { createHash } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { ASSET_MANIFEST } from '../../src/lib/publish/app-layout.mjs';
import { CSP_META } from './csp.mjs';

export { ASSET_MANIFEST };

/** Files the service worker does not fetch at install: the old-browser engine and compressed twins are cached only if used. */
export const LAZY = [/duckdb-mvp\b[^/]*\.wasm$/, /duckdb-browser-mvp\.worker/, /\.(gz|br)$/];

/**
 * Build-only: puts the Content-Security-Policy and the service-worker registration into
 * index.html, and writes asset-manifest.json (every built file, its size, and a version that
 * changes with the build) for the service worker's precache and for the publisher.
 */
export function offlineAndPolicy() {
  let outDir = 'dist';
  return {
    name: 'loanbook-offline-and-policy',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir.startsWith('/') ? config.build.outDir : join(config.root, config.build.outDir);
    },
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        return html
          .replace(/(<meta charset="[^"]*" \/>)/i, `$1\n    <meta http-equiv="Content-Security-Policy" content="${CSP_META}" />`)
          .replace('</body>', '  <script src="./register-sw.js" defer></script>\n  </body>');
      },
    },
    async closeBundle() {
      await writeAssetManifest(outDir);
    },
  };
}

export async function writeAssetManifest(dir) {
  const files = [];
  for (const path of await listFiles(dir)) {
    if (path === ASSET_MANIFEST) continue;
    files.push({ path, bytes: (await stat(join(dir, path))).size, precache: !LAZY.some((re) => re.test(path)) });
  }
  files.sort((a, b) => a.path.localeCompare(b.path));
  const hash = createHash('sha256');
  for (const f of files) hash.update(`${f.path}:${f.bytes}\n`);
  hash.update(await readFile(join(dir, 'index.html')));
  const manifest = { version: hash.digest('hex').slice(0, 16), files };
  await writeFile(join(dir, ASSET_MANIFEST), JSON.stringify(manifest, null, 1));
  return manifest;
}

async function listFiles(dir, root = dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full, root)));
    else out.push(relative(root, full).split(sep).join('/'));
  }
  return out;
}
