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
  const config = { format: DASHBOARD_FORMAT, version: DASHBOARD_VERSION, title, note, screens, filters };
  if (value.book !== undefined || requireBook) config.book = parseBook(value.book);
  if (typeof value.publishedAt === 'string') config.publishedAt = value.publishedAt;
  if (value.pack !== undefined) {
    if (!isObject(value.pack) || typeof value.pack.path !== 'string' || !isSafeRelativePath(value.pack.path)) throw new DashboardConfigError('"pack.path" must be a relative path inside the folder.');
    config.pack = { path: value.pack.path };
  }
  return config;
}

function parseBook(book) {
  if (!isObject(book)) throw new DashboardConfigError('"book" must describe the published tables.');
  const name = text(book.name, 'book.name', TITLE_MAX);
  if (!isObject(book.tables) || !isObject(book.tables.loans)) throw new DashboardConfigError('"book.tables.loans" is required.');
  const tables = {};
  for (const table of BOOK_TABLE_NAMES) {
    const t = book.tables[table];
    if (t === undefined) continue;
    if (!isObject(t) || typeof t.path !== 'string' || !isSafeRelativePath(t.path)) throw new DashboardConfigError(`"book.tables.${table}.path" must be a relative path inside the folder.`);
    tables[table] = { path: t.path, rows: count(t.rows, `book.tables.${table}.rows`), bytes: count(t.bytes, `book.tables.${table}.bytes`) };
  }
  const settings = parseSettings(book.settings);
  return settings ? { name, tables, settings } : { name, tables };
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
