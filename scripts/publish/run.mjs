/**
 * Publishes a loan book as a static, read-only dashboard folder.
 *
 *   npm run publish -- --book FILE|DIR --config FILE --out DIR [--app dist] [--name TEXT] [--precompress]
 *
 * (also `loanbook publish …`)
 *
 * --book    a folder with loans.parquet (+ snapshots.parquet, inspections.parquet), or a loans
 *           .parquet/.csv file, in the canonical schema (what the app's Data screen and
 *           `npm run sample` produce)
 * --config  JSON: { "title", "note", "screens": ["overview", …], "filters": "<f from the app URL>" }
 * --out     the folder to write; drop it on any static host that answers Range requests
 * --app     the built app to copy (default dist/, from `npm run build`)
 * --precompress  also write .gz and .br twins of large files, for hosts that serve them
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { DASHBOARD_FILE, parseDashboardConfig } from '../../src/lib/publish/dashboard-config.mjs';
import { copyApp } from './app-files.mjs';
import { locateBook, writeBookFiles } from './book-files.mjs';
import { writeAssetManifest } from './build-plugin.mjs';
import { headersFile } from './headers.mjs';
import { precompress } from './precompress.mjs';

export const PUBLISH_USAGE = 'Usage: loanbook publish --book FILE|DIR --config FILE --out DIR [--app dist] [--name TEXT] [--precompress]';

/** Runs the publish command on its arguments; resolves to the exit code. */
export async function publish(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      book: { type: 'string' },
      config: { type: 'string' },
      out: { type: 'string' },
      app: { type: 'string', default: 'dist' },
      name: { type: 'string' },
      precompress: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.book || !values.config || !values.out) {
    console.log(PUBLISH_USAGE);
    return values.help ? 0 : 1;
  }

  const config = parseDashboardConfig(JSON.parse(await readFile(values.config, 'utf8')), { requireBook: false });
  const book = locateBook(resolve(values.book));
  const out = resolve(values.out);
  await rm(out, { recursive: true, force: true });
  await mkdir(join(out, 'data'), { recursive: true });

  await copyApp(resolve(values.app), out);
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const tables = await writeBookFiles(conn, book, out);
  conn.closeSync();
  instance.closeSync();

  const dashboard = parseDashboardConfig({
    ...config,
    book: { name: values.name ?? config.book?.name ?? book.name, tables },
    publishedAt: new Date().toISOString(),
  });
  await writeFile(join(out, DASHBOARD_FILE), JSON.stringify(dashboard, null, 2));
  await writeFile(join(out, '_headers'), headersFile());
  let manifest = await writeAssetManifest(out);
  if (values.precompress) {
    await precompress(out, manifest.files);
    manifest = await writeAssetManifest(out);
  }
  const dataBytes = Object.values(tables).reduce((s, t) => s + t.bytes, 0);
  console.log(`Published "${dashboard.title}" to ${out}: ${tables.loans.rows} loans, ${(dataBytes / 1e6).toFixed(1)} MB of data, ${manifest.files.length} files.`);
  return 0;
}
