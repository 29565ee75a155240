/**
 * Publishes a loan book as a static, read-only dashboard folder (`loanbook publish`, `npm run publish`).
 * See PUBLISH_USAGE. The in-browser publisher (lib/publish/bundle.ts) writes the same folder.
 */
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { column } from '../lib/db/rows';
import type { Db } from '../lib/db/types';
import { DASHBOARD_FILE, DATA_DIR, DEFAULT_MIN_CELL, PUBLISH_MODES, parseDashboardConfig, type BookTableName, type PrivacyNote, type PublishMode, type PublishedTable } from '../lib/publish/dashboard-config.mjs';
import { publishedSelect } from '../lib/publish/export-book';
import { newMaskKey, type MaskOptions } from '../lib/publish/masking';
import { literal } from '../lib/sql/quote';
import { copyApp } from '../../scripts/publish/app-files.mjs';
import { locateBook, ROW_GROUP_SIZE } from '../../scripts/publish/book-files.mjs';
import { writeAssetManifest } from '../../scripts/publish/build-plugin.mjs';
import { headersFile } from '../../scripts/publish/headers.mjs';
import { precompress } from '../../scripts/publish/precompress.mjs';
import { openEngine } from './engine';
import { publishAggregateBook } from './publish-aggregate';

export const PUBLISH_USAGE = `Usage: loanbook publish --book FILE|DIR --config FILE --out DIR [--mode loans|masked|aggregate]
         [--key TEXT | --key-file FILE] [--coarsen-dates] [--min-cell K] [--app dist] [--name TEXT] [--precompress]

  --book    a folder with loans.parquet (+ snapshots.parquet, inspections.parquet), or a loans
            .parquet/.csv file, in the canonical schema (what the app's Data screen and
            \`npm run sample\` produce)
  --config  JSON: { "title", "note", "screens": ["overview", …], "filters": "<f from the app URL>" }
  --out     the folder to write; drop it on any static host that answers Range requests
  --mode    loans (default): every loan row as it is
            masked: loan rows with loan, borrower and other ids replaced by keyed pseudonyms
              (HMAC-SHA-256), names and free text dropped; --key (16–64 bytes) or --key-file gives
              the key, else a new one is printed once (keep it: the same key, the same pseudonyms)
              --coarsen-dates: loan dates (origination, default, …) to the first of their month
            aggregate: no loan row; cells of the Overview and Structure figures on at least
              --min-cell loans (default ${DEFAULT_MIN_CELL}); smaller cells are suppressed
  --app     the built app to copy (default dist/, from \`npm run build\`)
  --precompress  also write .gz and .br twins of large files, for hosts that serve them`;

const sqlReader = (path: string) => (extname(path).toLowerCase() === '.csv' ? `read_csv_auto(${literal(path)})` : `read_parquet(${literal(path)})`);

/**
 * Writes each table as Parquet under `out/data/`, laid out for range reads: zstd, bounded row
 * groups, and for loans the Overview's columns first so they are adjacent in every row group.
 * With `mask`, the rows are masked (lib/publish/masking.ts) and `privacy` says what was.
 */
async function writeBookFiles(db: Db, tables: Partial<Record<BookTableName, string>>, out: string, mask?: { options: MaskOptions; privacy: PrivacyNote }) {
  const written: Partial<Record<BookTableName, PublishedTable>> = {};
  for (const [table, path] of Object.entries(tables) as [BookTableName, string][]) {
    const columns = column(await db.query(`DESCRIBE SELECT * FROM ${sqlReader(path)}`), 'column_name').map(String);
    const select = publishedSelect(table, columns, mask);
    const rel = `${DATA_DIR}/${table}.parquet`;
    const target = join(out, rel);
    await db.exec(`COPY (SELECT ${select} FROM ${sqlReader(path)}) TO ${literal(target)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${ROW_GROUP_SIZE})`);
    const rows = Number(column(await db.query(`SELECT count(*) AS n FROM read_parquet(${literal(target)})`), 'n')[0]);
    written[table] = { path: rel, rows, bytes: (await stat(target)).size };
  }
  return written;
}

/** Runs the publish command on its arguments; resolves to the exit code. */
export async function publish(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      book: { type: 'string' },
      config: { type: 'string' },
      out: { type: 'string' },
      mode: { type: 'string' },
      key: { type: 'string' },
      'key-file': { type: 'string' },
      'coarsen-dates': { type: 'boolean', default: false },
      'min-cell': { type: 'string' },
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
  const input = JSON.parse(await readFile(values.config, 'utf8')) as Record<string, unknown>;
  const mode = (values.mode ?? input.mode ?? 'loans') as PublishMode;
  if (!PUBLISH_MODES.includes(mode)) throw new Error(`--mode must be one of ${PUBLISH_MODES.join(', ')}`);
  const config = parseDashboardConfig({ ...input, mode }, { requireBook: false });
  if (config.pack && mode !== 'loans') throw new Error('A pack names sample loans: publish it only with --mode loans.');
  const minCell = values['min-cell'] === undefined ? DEFAULT_MIN_CELL : Number(values['min-cell']);
  if (!Number.isSafeInteger(minCell) || minCell < 1) throw new Error('--min-cell must be a whole number of at least 1');

  const book = locateBook(resolve(values.book));
  const out = resolve(values.out);
  await rm(out, { recursive: true, force: true });
  await mkdir(join(out, DATA_DIR), { recursive: true });
  await copyApp(resolve(values.app), out, mode);

  const engine = await openEngine();
  let tables: Partial<Record<BookTableName, PublishedTable>> = {};
  let privacy: PrivacyNote | undefined;
  let aggregate;
  try {
    if (mode === 'masked') {
      let key = values.key ?? (values['key-file'] ? (await readFile(values['key-file'], 'utf8')).trim() : undefined);
      if (!key) {
        key = newMaskKey();
        console.log(`Masking key (shown once, never published; give it again with --key to get the same pseudonyms):\n  ${key}`);
      }
      privacy = { pseudonymised: [], dropped: [], coarsened: [] };
      tables = await writeBookFiles(engine.db, book.tables, out, { options: { key, coarsenDates: values['coarsen-dates'] }, privacy });
    } else if (mode === 'aggregate') {
      const published = await publishAggregateBook(engine.db, resolve(values.book), out, config, minCell);
      aggregate = published.aggregate;
      privacy = published.privacy;
    } else {
      tables = await writeBookFiles(engine.db, book.tables, out);
    }
  } finally {
    await engine.close();
  }

  const dashboard = parseDashboardConfig({
    ...config,
    ...(privacy ? { privacy } : {}),
    book: { name: values.name ?? book.name, tables, ...(aggregate ? { aggregate } : {}) },
    publishedAt: new Date().toISOString(),
  });
  await writeFile(join(out, DASHBOARD_FILE), JSON.stringify(dashboard, null, 2));
  await writeFile(join(out, '_headers'), headersFile());
  let manifest = await writeAssetManifest(out);
  if (values.precompress) {
    await precompress(out, manifest.files);
    manifest = await writeAssetManifest(out);
  }
  const dataBytes = Object.values(tables).reduce((s, t) => s + (t?.bytes ?? 0), 0) + (aggregate?.cubes.reduce((s, c) => s + c.bytes, 0) ?? 0);
  const what = aggregate ? `${aggregate.cubes.length} cubes (${privacy?.cells} cells, ${privacy?.suppressedCells} suppressed under ${minCell} loans)` : `${tables.loans?.rows} loans`;
  console.log(`Published "${dashboard.title}" (${mode}) to ${out}: ${what}, ${(dataBytes / 1e6).toFixed(1)} MB of data, ${manifest.files.length} files.`);
  return 0;
}
