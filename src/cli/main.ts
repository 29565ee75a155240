import { rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { column } from '../lib/db/rows';
import type { Locale } from '../lib/i18n/types';
import type { FilterSet } from '../lib/sql/filters';
import { decodeFilters } from '../lib/state/filter-codec';
import { parseLimitsFile } from '../lib/state/limit-settings';
import { parseSettings } from '../lib/state/rule-settings';
import { publish, PUBLISH_USAGE } from './publish';
import { openBookDir, type OpenedBook } from './book';
import { openEngine, type Engine } from './engine';
import { language } from './language';
import { headlineFigures } from './metrics';
import { diagnosisReport, reportContext, reportDocument } from './report';

const USAGE = `Loanbook Lab on native DuckDB: the app's metric and report SQL on books too big for a tab.

Usage: loanbook <command> [options]      (from the repository: npm run loanbook -- <command> …)

  report   --book DIR --out FILE [--lang en|zh] [--filter F] [--limits FILE] [--rules FILE]
           [--net-capital N] [--app-url URL] [--name TEXT]
           the diagnosis report as one HTML file, the same as the Report screen's export
  metrics  --book DIR [--filter F] [--as-of YYYY-MM-DD] [--json]
           the Overview's headline figures (--json: machine-readable, raw values)
  publish  --book FILE|DIR --config FILE --out DIR [--mode loans|masked|aggregate] [--key TEXT]
           [--coarsen-dates] [--min-cell K] [--app dist] [--name TEXT] [--precompress]
           a static read-only dashboard folder (the same as npm run publish; --help for more)

  --book DIR        loans.parquet (+ snapshots.parquet, inspections.parquet) in the canonical
                    schema: what the app keeps and publishes; or a loans .parquet/.csv file
  --filter F        the app's filter as in its URL (f=…), e.g. 'industry:C|F;branch:B01';
                    repeat to add clauses; '~' stands for missing
  --limits FILE     limits exported from the Structure screen (default: DOMAIN.md's)
  --rules FILE      red-flag rules exported from the Root causes screen (default: built-in)
  --currency CODE   the book's currency, e.g. CNY or USD (default: the book's own setting
                    when it has one, else the report language's: zh CNY, en USD)

Engine options (all commands but publish):
  --threads N       DuckDB threads (default: every core)
  --memory-limit S  DuckDB memory limit, e.g. 16GB (default: DuckDB's, 80 % of RAM);
                    beyond it DuckDB spills to the temp folder
  --temp-dir DIR    where the book's database file and spills go (default: the system's temp)
`;

const OPTIONS = {
  book: { type: 'string' },
  out: { type: 'string' },
  lang: { type: 'string', default: 'en' },
  filter: { type: 'string', multiple: true },
  limits: { type: 'string' },
  rules: { type: 'string' },
  'net-capital': { type: 'string' },
  currency: { type: 'string' },
  'app-url': { type: 'string' },
  name: { type: 'string' },
  'as-of': { type: 'string' },
  json: { type: 'boolean', default: false },
  threads: { type: 'string' },
  'memory-limit': { type: 'string' },
  'temp-dir': { type: 'string' },
  help: { type: 'boolean', default: false },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; args: string[] }>>['values'];

class UsageError extends Error {}

/** Runs one command; resolves to the process's exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'publish') {
    try {
      return await publish(rest);
    } catch (e) {
      console.error(`loanbook publish: ${e instanceof Error ? e.message : String(e)}`);
      return 1;
    }
  }
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  try {
    const { values } = parseArgs({ args: rest, options: OPTIONS, strict: true });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    if (command === 'report') return await reportCommand(values);
    if (command === 'metrics') return await metricsCommand(values);
    throw new UsageError(`Unknown command "${command}"`);
  } catch (e) {
    const usage = e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    console.error(`loanbook ${command}: ${e instanceof Error ? e.message : String(e)}`);
    if (usage) console.error(`\n${command === 'publish' ? PUBLISH_USAGE : USAGE}`);
    return usage ? 2 : 1;
  }
}

async function reportCommand(values: Values): Promise<number> {
  if (!values.out) throw new UsageError('--out FILE is required');
  const locale = values.lang as Locale;
  if (locale !== 'en' && locale !== 'zh') throw new UsageError('--lang must be en or zh');
  const limits = values.limits ? parseLimitsFile(JSON.parse(await readFile(values.limits, 'utf8'))) : undefined;
  if (limits === null) throw new UsageError(`${values.limits} is not a limits file exported by the app`);
  const rules = values.rules ? parseSettings(JSON.parse(await readFile(values.rules, 'utf8')), true) : undefined;
  const netCapital = values['net-capital'] === undefined ? undefined : positiveNumber(values['net-capital'], '--net-capital');
  const currency = values.currency?.toUpperCase();
  if (currency !== undefined && !/^[A-Z]{3}$/.test(currency)) throw new UsageError('--currency must be a three-letter ISO 4217 code, e.g. CNY');
  const out = resolve(values.out);
  return withBook(values, async (engine, book) => {
    const started = performance.now();
    const ctx = reportContext(book.shape, { filters: filtersOf(values), limits, netCapital, rules });
    if (currency) ctx.definitions = { ...ctx.definitions, currency };
    const report = await diagnosisReport(engine.db, ctx);
    const html = reportDocument(report, { bookName: values.name ?? book.name, locale, generatedAt: new Date().toISOString(), appUrl: values['app-url'] });
    await writeFile(out, html);
    progress(`report of ${report.loans} loans in ${seconds(started)}; wrote ${out}`);
    return 0;
  });
}

async function metricsCommand(values: Values): Promise<number> {
  return withBook(values, async (engine, book) => {
    const started = performance.now();
    const filters = filtersOf(values);
    const result = await headlineFigures(engine.db, book.shape, filters, values['as-of']);
    progress(`metrics in ${seconds(started)}`);
    if (values.json) {
      console.log(JSON.stringify({ book: values.name ?? book.name, filters, asOf: values['as-of'] ?? null, ...result }, null, 2));
      return 0;
    }
    const t = language('en').t;
    const width = Math.max(...Object.keys(result.figures).map((k) => k.length));
    for (const [name, f] of Object.entries(result.figures)) {
      console.log(`${name.padEnd(width)}  ${f.missing.length ? `– (${t('overview.map', { fields: f.missing.join(', ') })})` : String(f.value)}`);
    }
    return 0;
  });
}

/** Opens the engine and the book, runs `work`, and always removes the engine's working folder. */
async function withBook(values: Values, work: (engine: Engine, book: OpenedBook) => Promise<number>): Promise<number> {
  if (!values.book) throw new UsageError('--book DIR is required');
  const threads = values.threads === undefined ? undefined : Math.round(positiveNumber(values.threads, '--threads'));
  const engine = await openEngine({ threads, memoryLimit: values['memory-limit'], tempDir: values['temp-dir'] });
  // Ctrl-C: leave no database file or spill behind.
  const close = () => {
    rmSync(engine.workDir, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', close);
  try {
    const started = performance.now();
    const book = await openBookDir(engine.db, resolve(values.book));
    const sizes = Object.entries(book.tables).map(([t, n]) => `${n} ${t}`).join(', ');
    progress(`read ${book.name} (${sizes}) in ${seconds(started)} with ${engine.threads} threads`);
    await checkFilterDimensions(engine, values);
    return await work(engine, book);
  } finally {
    process.off('SIGINT', close);
    await engine.close();
  }
}

/** A filter on a column the book does not have is a usage error, named as such (not a binder error). */
async function checkFilterDimensions(engine: Engine, values: Values): Promise<void> {
  const known = column(await engine.db.query('SELECT column_name FROM (DESCRIBE loan_facts)'), 'column_name').map(String);
  const unknown = filtersOf(values).map((c) => c.dimension).filter((d) => !known.includes(d));
  if (unknown.length) throw new UsageError(`--filter names ${unknown.join(', ')}, not a column of this book (${known.join(', ')})`);
}

function filtersOf(values: Values): FilterSet {
  return decodeFilters((values.filter ?? []).join(';'));
}

function positiveNumber(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number`);
  return n;
}

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const progress = (line: string) => console.error(`loanbook: ${line}`);
