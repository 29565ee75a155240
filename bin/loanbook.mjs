#!/usr/bin/env node
/**
 * `loanbook` (npx loanbook, npm run loanbook --): the app's metric and report SQL on native DuckDB.
 * The command is TypeScript under src/cli/, bundled by Vite into dist-cli/loanbook.mjs (plain
 * Node ESM, the app's own modules, same SQL); rebuilt here whenever a source file is newer.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = join(root, 'dist-cli', 'loanbook.mjs');

function newest(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((f) => newest(join(path, f))));
}

function stale() {
  if (!existsSync(bundle)) return true;
  const built = statSync(bundle).mtimeMs;
  return [join(root, 'src'), join(root, 'scripts', 'publish'), join(root, 'vite.cli.config.ts'), join(root, 'package-lock.json')].some((p) => existsSync(p) && newest(p) > built);
}

if (stale()) {
  const { build } = await import('vite');
  await build({ configFile: join(root, 'vite.cli.config.ts'), root, logLevel: 'warn' });
}
const { main } = await import(pathToFileURL(bundle).href);
process.exitCode = await main(process.argv.slice(2));
