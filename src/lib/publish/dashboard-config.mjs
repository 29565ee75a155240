// Shared by the app (TypeScript, through dashboard-config.d.mts) and the publish CLI (Node), so
// both write and read the same dashboard.json. Plain JavaScript because Node 20 runs no TypeScript.

export const DASHBOARD_FILE = 'dashboard.json';
export const DASHBOARD_FORMAT = 'loanbook-lab-dashboard';
export const DASHBOARD_VERSION = 1;
/** Marks a published index.html; its content is the config file next to it. */
export const DASHBOARD_META = 'loanbook-dashboard';
export const DATA_DIR = 'data';

/** Screens a dashboard may show, in navigation order. Import and authoring screens never appear. */
export const PUBLISHABLE_SCREENS = ['overview', 'structure', 'cases', 'causes', 'process'];
export const BOOK_TABLE_NAMES = ['loans', 'snapshots', 'inspections'];

/**
 * What a dashboard carries of the book: `loans` every loan row as it is; `masked` the loan rows with
 * identifiers pseudonymised and names and free text dropped (publish/masking.ts); `aggregate` no
 * loan row at all, only pre-aggregated cells of at least k loans (publish/aggregate.ts).
 */
export const PUBLISH_MODES = ['loans', 'masked', 'aggregate'];
/** Screens an aggregate dashboard can answer from its cells; the others need loan rows. */
export const AGGREGATE_SCREENS = ['overview', 'structure'];
/** Cells on fewer loans than this are suppressed unless the publisher sets another k. */
export const DEFAULT_MIN_CELL = 5;

/**
 * Loan columns the Overview needs (its tiles and mixes, and the facts they read), written first in
 * the published loans file so that their column chunks sit together in each row group and a
 * range-reading client fetches them with few requests and no gaps.
 */
export const HEADLINE_LOAN_COLUMNS = [
  'borrower_id',
  'balance',
  'amount',
  'interest_rate',
  'five_class',
  'ifrs9_stage',
  'default_flag',
  'default_date',
  'dpd',
  'chargeoff_amount',
  'recovery_amount',
  'enterprise_size',
  'credit_line',
  'pd',
  'lgd',
  'reserve',
];

const TITLE_MAX = 200;
const NOTE_MAX = 5000;

export class DashboardConfigError extends Error {}

/**
 * A dashboard config from untrusted JSON (a hand-written CLI config or a fetched dashboard.json).
 * `requireBook` is false for CLI input, which gets its book section from the publisher.
 */
export function parseDashboardConfig(value, { requireBook = true } = {}) {
  if (!isObject(value)) throw new DashboardConfigError('The dashboard config must be a JSON object.');
  const title = text(value.title, 'title', TITLE_MAX);
  const note = value.note === undefined ? '' : text(value.note, 'note', NOTE_MAX, true);
  if (!Array.isArray(value.screens) || value.screens.length === 0) throw new DashboardConfigError('"screens" must list at least one screen.');
  const unknown = value.screens.filter((s) => !PUBLISHABLE_SCREENS.includes(s));
  if (unknown.length) throw new DashboardConfigError(`Unknown or unpublishable screen(s): ${unknown.join(', ')}. Choose from ${PUBLISHABLE_SCREENS.join(', ')}.`);
  const screens = PUBLISHABLE_SCREENS.filter((s) => value.screens.includes(s));
  const filters = value.filters === undefined ? '' : text(value.filters, 'filters', 10_000, true);
  const mode = value.mode ?? 'loans';
  if (!PUBLISH_MODES.includes(mode)) throw new DashboardConfigError(`"mode" must be one of ${PUBLISH_MODES.join(', ')}.`);
  if (mode === 'aggregate') {
    const loanLevel = screens.filter((s) => !AGGREGATE_SCREENS.includes(s));
    if (loanLevel.length) throw new DashboardConfigError(`An aggregate dashboard carries no loan rows, so it cannot show ${loanLevel.join(', ')}. Choose from ${AGGREGATE_SCREENS.join(', ')}.`);
  }
  const config = { format: DASHBOARD_FORMAT, version: DASHBOARD_VERSION, title, note, screens, filters, mode };
  if (value.privacy !== undefined) config.privacy = parsePrivacy(value.privacy);
  if (value.book !== undefined || requireBook) config.book = parseBook(value.book, mode);
  if (typeof value.publishedAt === 'string') config.publishedAt = value.publishedAt;
  if (value.pack !== undefined) {
    if (!isObject(value.pack) || typeof value.pack.path !== 'string' || !isSafeRelativePath(value.pack.path)) throw new DashboardConfigError('"pack.path" must be a relative path inside the folder.');
    config.pack = { path: value.pack.path };
  }
  return config;
}

/** What masking or aggregation did, as the dashboard tells its viewers. */
function parsePrivacy(p) {
  if (!isObject(p)) throw new DashboardConfigError('"privacy" must be an object.');
  const names = (v, field) => {
    if (v === undefined) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new DashboardConfigError(`"privacy.${field}" must list column names.`);
    return v;
  };
  const out = { pseudonymised: names(p.pseudonymised, 'pseudonymised'), dropped: names(p.dropped, 'dropped'), coarsened: names(p.coarsened, 'coarsened') };
  if (p.minCell !== undefined) out.minCell = count(p.minCell, 'privacy.minCell');
  if (p.suppressedCells !== undefined) out.suppressedCells = count(p.suppressedCells, 'privacy.suppressedCells');
  if (p.cells !== undefined) out.cells = count(p.cells, 'privacy.cells');
  return out;
}

function parseBook(book, mode = 'loans') {
  if (!isObject(book)) throw new DashboardConfigError('"book" must describe the published tables.');
  const name = text(book.name, 'book.name', TITLE_MAX);
  if (!isObject(book.tables)) throw new DashboardConfigError('"book.tables" is required.');
  if (mode !== 'aggregate' && !isObject(book.tables.loans)) throw new DashboardConfigError('"book.tables.loans" is required.');
  if (mode === 'aggregate' && book.tables.loans !== undefined) throw new DashboardConfigError('An aggregate dashboard publishes no loans table.');
  const tables = {};
  for (const table of BOOK_TABLE_NAMES) {
    const t = book.tables[table];
    if (t === undefined) continue;
    if (!isObject(t) || typeof t.path !== 'string' || !isSafeRelativePath(t.path)) throw new DashboardConfigError(`"book.tables.${table}.path" must be a relative path inside the folder.`);
    tables[table] = { path: t.path, rows: count(t.rows, `book.tables.${table}.rows`), bytes: count(t.bytes, `book.tables.${table}.bytes`) };
  }
  const settings = parseSettings(book.settings);
  const out = settings ? { name, tables, settings } : { name, tables };
  if (mode === 'aggregate') out.aggregate = parseAggregate(book.aggregate);
  return out;
}

const OUTCOME_RULE_NAMES = ['flag', 'date', 'flag_or_date'];

/** The book's own settings (outcome rule, currency), so the dashboard counts defaults and writes amounts as the app did. */
function parseSettings(settings) {
  if (settings === undefined) return null;
  if (!isObject(settings)) throw new DashboardConfigError('"book.settings" must be an object.');
  const rule = settings.outcomeRule ?? null;
  const currency = settings.currency ?? null;
  if (rule !== null && !OUTCOME_RULE_NAMES.includes(rule)) throw new DashboardConfigError('"book.settings.outcomeRule" must be flag, date or flag_or_date.');
  if (currency !== null && !(typeof currency === 'string' && /^[A-Z]{3}$/.test(currency))) throw new DashboardConfigError('"book.settings.currency" must be a three-letter ISO 4217 code.');
  return { outcomeRule: rule, currency };
}

/** An aggregate book: its cube files and the book-level facts the figures read (publish/aggregate.ts). */
function parseAggregate(a) {
  if (!isObject(a) || !Array.isArray(a.cubes) || !isObject(a.shape)) throw new DashboardConfigError('"book.aggregate" must list the cubes and the book shape.');
  const cubes = a.cubes.map((c, i) => {
    if (!isObject(c) || typeof c.signature !== 'string' || !Array.isArray(c.dimensions) || typeof c.path !== 'string' || !isSafeRelativePath(c.path)) {
      throw new DashboardConfigError(`"book.aggregate.cubes[${i}]" must have a signature, dimensions and a relative path.`);
    }
    return { signature: c.signature, dimensions: c.dimensions.map(String), sets: (c.sets ?? []).map(String), path: c.path, rows: count(c.rows, `cubes[${i}].rows`), bytes: count(c.bytes, `cubes[${i}].bytes`) };
  });
  if (!isObject(a.facts) || typeof a.facts.path !== 'string' || !isSafeRelativePath(a.facts.path)) throw new DashboardConfigError('"book.aggregate.facts" must name the book-level facts file.');
  return { minCell: count(a.minCell, 'book.aggregate.minCell'), dimensions: (a.dimensions ?? []).map(String), cubes, facts: { path: a.facts.path }, shape: a.shape };
}

/** A path a dashboard may fetch: relative, inside its folder, no scheme, no `..`. */
export function isSafeRelativePath(path) {
  return /^[A-Za-z0-9_\-./]+$/.test(path) && !path.startsWith('/') && !path.split('/').includes('..') && !path.includes('//');
}

function text(v, field, max, allowEmpty = false) {
  if (typeof v !== 'string' || (!allowEmpty && v.trim() === '')) throw new DashboardConfigError(`"${field}" must be ${allowEmpty ? 'text' : 'non-empty text'}.`);
  if (v.length > max) throw new DashboardConfigError(`"${field}" is longer than ${max} characters.`);
  return allowEmpty ? v : v.trim();
}

function count(v, field) {
  if (!Number.isSafeInteger(v) || v < 0) throw new DashboardConfigError(`"${field}" must be a whole number.`);
  return v;
}

function isObject(v) {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
