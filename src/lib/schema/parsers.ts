import type { Db } from '../db/types';
import { literal } from '../sql/quote';
import type { FieldType, FiveClass } from './canonical';

/**
 * How the text of one source column becomes the value of one canonical field. Parsing runs in
 * SQL (macros `lb_*` below): it is much faster than JS on a million rows, and the same expression
 * serves the build, the preview and the quality report.
 */
export type DateFormat = 'auto' | 'ymd' | 'iso' | 'ymd_slash' | 'yyyymmdd' | 'dmy' | 'mdy' | 'excel_serial' | 'sas' | 'unix_s' | 'unix_ms';

export type ParserSpec =
  | { kind: 'text'; recode?: Record<string, string> }
  | { kind: 'date'; format: DateFormat }
  /** Numbers with separators, currency symbols, parentheses negatives; × unit (10000 for 万元, 0.01 for %). A unit written in the cell (万, 亿, 千, %) wins. */
  | { kind: 'number'; unit: number }
  /** Five-category class; `labels` add to (and override) the built-in Chinese, English and 1–5 labels. */
  | { kind: 'class'; labels?: Record<string, FiveClass> }
  /** Booleans and default flags: values (compared trimmed, case-insensitively) meaning true and false; with `falseValues` empty every other value is false. */
  | { kind: 'flag'; trueValues: string[]; falseValues: string[] };

export const DEFAULT_TRUE_VALUES = ['1', 'y', 'yes', 'true', 't', '是', '违约', 'default', 'defaulted', 'bad', 'chgoff', 'charged off', 'charged_off', 'charge off', 'written off', 'write off', '核销', '已核销', '不良'];
export const DEFAULT_FALSE_VALUES = ['0', 'n', 'no', 'false', 'f', '否', '正常', '未违约', 'good', 'pif', 'p i f', 'paid in full', 'fully paid', 'current', 'performing', '结清', '已结清'];

export const CLASS_LABELS: Record<string, FiveClass> = {
  正常: 1, 关注: 2, 次级: 3, 可疑: 4, 损失: 5,
  normal: 1, pass: 1, 'special mention': 2, special: 2, watch: 2, substandard: 3, doubtful: 4, loss: 5,
  '1': 1, '2': 2, '3': 3, '4': 4, '5': 5,
};

/** The normal form labels are compared in: lower case, runs of spaces/underscores/hyphens as one space, no trailing 类. */
export function normaliseLabel(value: string): string {
  return value.trim().toLowerCase().replace(/[\s_-]+/g, ' ').replace(/类$/, '').replace(/\.0+$/, '');
}

const normSql = (x: string) => `regexp_replace(regexp_replace(regexp_replace(lower(trim(${x})), '[\\s_-]+', ' ', 'g'), '类$', ''), '\\.0+$', '')`;

/** Macros the parse expressions call. Idempotent; run before any SQL from this module. */
export const PARSER_MACROS_SQL = String.raw`
CREATE OR REPLACE MACRO lb_ymd(y, m, d) AS
  CASE WHEN try_cast(y AS INTEGER) BETWEEN 1900 AND 2100
    THEN try_cast(lpad(CAST(try_cast(y AS INTEGER) AS VARCHAR), 4, '0') || '-' || lpad(CAST(try_cast(m AS INTEGER) AS VARCHAR), 2, '0') || '-' || lpad(CAST(try_cast(d AS INTEGER) AS VARCHAR), 2, '0') AS DATE) END;
CREATE OR REPLACE MACRO lb_date_ymd(s) AS
  lb_ymd(regexp_extract(s, '^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?([ T].*)?$', 1),
         regexp_extract(s, '^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?([ T].*)?$', 2),
         regexp_extract(s, '^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?([ T].*)?$', 3));
CREATE OR REPLACE MACRO lb_date_8(s) AS
  CASE WHEN regexp_full_match(s, '\d{8}') THEN lb_ymd(substr(s, 1, 4), substr(s, 5, 2), substr(s, 7, 2)) END;
CREATE OR REPLACE MACRO lb_date_dmy(s, day_first) AS
  CASE WHEN regexp_full_match(s, '\d{1,2}[-/.]\d{1,2}[-/.]\d{4}( .*)?') THEN
    CASE WHEN day_first
      THEN lb_ymd(regexp_extract(s, '^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})', 3), regexp_extract(s, '^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})', 2), regexp_extract(s, '^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})', 1))
      ELSE lb_ymd(regexp_extract(s, '^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})', 3), regexp_extract(s, '^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})', 1), regexp_extract(s, '^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})', 2)) END END;
CREATE OR REPLACE MACRO lb_days_since(origin, n) AS
  CASE WHEN n IS NOT NULL AND abs(n) < 100000 THEN origin + CAST(floor(n) AS INTEGER) END;
CREATE OR REPLACE MACRO lb_date_number(n, fmt) AS
  CASE fmt
    WHEN 'excel_serial' THEN lb_days_since(DATE '1899-12-30', n)
    WHEN 'sas' THEN lb_days_since(DATE '1960-01-01', n)
    WHEN 'unix_s' THEN lb_days_since(DATE '1970-01-01', n / 86400)
    WHEN 'unix_ms' THEN lb_days_since(DATE '1970-01-01', n / 86400000)
    WHEN 'auto' THEN CASE
      WHEN n >= 1e11 THEN lb_days_since(DATE '1970-01-01', n / 86400000)
      WHEN n >= 1e8 THEN lb_days_since(DATE '1970-01-01', n / 86400)
      WHEN n >= 30000 AND n < 80000 THEN lb_days_since(DATE '1899-12-30', n)
      WHEN n >= 3000 AND n < 30000 THEN lb_days_since(DATE '1960-01-01', n) END
  END;
CREATE OR REPLACE MACRO lb_in_range(d) AS CASE WHEN year(d) BETWEEN 1900 AND 2100 THEN d END;
CREATE OR REPLACE MACRO lb_iso_date(t) AS
  CASE WHEN substr(t, 5, 1) IN ('-', '/') AND try_cast(substr(t, 1, 4) AS INTEGER) BETWEEN 1900 AND 2100 THEN try_cast(replace(t, '/', '-') AS DATE) END;
CREATE OR REPLACE MACRO lb_date(x, fmt) AS
  lb_in_range(CASE WHEN x IS NULL OR trim(x) = '' THEN NULL
    WHEN fmt IN ('ymd', 'auto') AND lb_iso_date(trim(x)) IS NOT NULL THEN lb_iso_date(trim(x))
    ELSE CASE fmt
    WHEN 'ymd' THEN lb_date_ymd(trim(x))
    WHEN 'yyyymmdd' THEN lb_date_8(trim(x))
    WHEN 'dmy' THEN lb_date_dmy(trim(x), true)
    WHEN 'mdy' THEN lb_date_dmy(trim(x), false)
    WHEN 'auto' THEN coalesce(lb_date_ymd(trim(x)), lb_date_8(trim(x)),
      CASE WHEN NOT regexp_full_match(trim(x), '\d{8}') THEN lb_date_number(try_cast(trim(x) AS DOUBLE), 'auto') END)
    ELSE lb_date_number(try_cast(trim(x) AS DOUBLE), fmt) END END);
CREATE OR REPLACE MACRO lb_num_clean(x) AS
  regexp_replace(trim(x), '[\s,，_¥$￥€£]|RMB|CNY|USD|人民币|元|个月|月|天|days?|months?', '', 'gi');
CREATE OR REPLACE MACRO lb_num_core(c) AS regexp_replace(c, '^[(（]|[)）]$|^\+', '', 'g');
CREATE OR REPLACE MACRO lb_num_suffix(c) AS regexp_extract(lb_num_core(c), '(万|亿|千|%|％)$', 1);
CREATE OR REPLACE MACRO lb_number(x, unit) AS
  CASE WHEN try_cast(trim(x) AS DOUBLE) IS NOT NULL THEN try_cast(trim(x) AS DOUBLE) * unit ELSE
  try_cast(regexp_replace(lb_num_core(lb_num_clean(x)), '(万|亿|千|%|％)$', '') AS DOUBLE)
  * CASE lb_num_suffix(lb_num_clean(x)) WHEN '万' THEN 1e4 WHEN '亿' THEN 1e8 WHEN '千' THEN 1e3 WHEN '%' THEN 0.01 WHEN '％' THEN 0.01 ELSE unit END
  * CASE WHEN regexp_matches(lb_num_clean(x), '^[(（].*[)）]$') THEN -1 ELSE 1 END END;
`;

const MACRO_NAMES = [...PARSER_MACROS_SQL.matchAll(/CREATE OR REPLACE MACRO (\w+)/g)].map((m) => m[1]);

/** Drops the parser macros again (callers first, then what they call). */
export const DROP_PARSER_MACROS_SQL = MACRO_NAMES.reverse()
  .map((name) => `DROP MACRO IF EXISTS ${name}`)
  .join(';\n');

const macroUsers = new WeakMap<Db, { users: number; ready: Promise<void> }>();
const macroDrops = new WeakMap<Db, Promise<void>>();

/**
 * Runs `work` with the parser macros defined, and drops them when the last concurrent user is
 * done, so an import leaves no `lb_*` functions in the user's database.
 */
export async function withParserMacros<T>(db: Db, work: () => Promise<T>): Promise<T> {
  let state = macroUsers.get(db);
  if (!state || state.users === 0) {
    const dropped = macroDrops.get(db) ?? Promise.resolve();
    state = { users: 0, ready: dropped.then(() => db.exec(PARSER_MACROS_SQL)) };
    macroUsers.set(db, state);
  }
  state.users++;
  try {
    await state.ready;
    return await work();
  } finally {
    if (--state.users === 0) {
      macroUsers.delete(db);
      const drop = db.exec(DROP_PARSER_MACROS_SQL).catch(() => {});
      macroDrops.set(db, drop);
      await drop;
    }
  }
}

/** SQL expression parsing `x` (a VARCHAR expression) with `spec` into a value of `type`. */
export function parseExpr(spec: ParserSpec, x: string, type: FieldType): string {
  switch (spec.kind) {
    case 'text': {
      const recode = Object.entries(spec.recode ?? {});
      if (recode.length === 0) return x;
      const whens = recode.map(([from, to]) => `WHEN ${literal(normaliseLabel(from))} THEN ${literal(to)}`).join(' ');
      return `CASE ${normSql(x)} ${whens} ELSE ${x} END`;
    }
    case 'date':
      return `lb_date(${x}, ${literal(canonicalDateFormat(spec.format))})`;
    case 'number': {
      const n = `lb_number(${x}, ${Number(spec.unit) || 1})`;
      if (type === 'integer') return `(CASE WHEN ${n} = round(${n}) AND abs(${n}) < 2e9 THEN CAST(${n} AS INTEGER) END)`;
      return n;
    }
    case 'class': {
      const labels = { ...CLASS_LABELS, ...normaliseKeys(spec.labels ?? {}) };
      const whens = Object.entries(labels)
        .map(([label, code]) => `WHEN ${literal(label)} THEN ${Number(code)}`)
        .join(' ');
      // Values already in normal form (most of them) skip the three regex replacements.
      const known = Object.keys(labels).map(literal).join(', ');
      return `CAST(CASE WHEN trim(${x}) IN (${known}) THEN CASE trim(${x}) ${whens} END ELSE CASE ${normSql(x)} ${whens} END END AS TINYINT)`;
    }
    case 'flag': {
      const list = (values: string[]) => values.map((v) => literal(normaliseLabel(v))).join(', ');
      const falseBranch = spec.falseValues.length ? `WHEN ${normSql(x)} IN (${list(spec.falseValues)}) THEN false` : `WHEN ${x} IS NOT NULL AND trim(${x}) <> '' THEN false`;
      const trueBranch = spec.trueValues.length ? `WHEN ${normSql(x)} IN (${list(spec.trueValues)}) THEN true` : '';
      const fast = [
        spec.trueValues.length ? `WHEN trim(${x}) IN (${list(spec.trueValues)}) THEN true` : '',
        spec.falseValues.length ? `WHEN trim(${x}) IN (${list(spec.falseValues)}) THEN false` : '',
      ].join(' ');
      return `(CASE ${fast} ${trueBranch} ${falseBranch} END)`;
    }
  }
}

function normaliseKeys(labels: Record<string, FiveClass>): Record<string, FiveClass> {
  return Object.fromEntries(Object.entries(labels).map(([k, v]) => [normaliseLabel(k), v]));
}

function canonicalDateFormat(format: DateFormat): string {
  return format === 'iso' || format === 'ymd_slash' ? 'ymd' : format;
}

/** The parser a canonical field gets by default. */
export function defaultParser(type: FieldType): ParserSpec {
  switch (type) {
    case 'date':
      return { kind: 'date', format: 'auto' };
    case 'double':
    case 'integer':
      return { kind: 'number', unit: 1 };
    case 'class':
      return { kind: 'class' };
    case 'boolean':
      return { kind: 'flag', trueValues: [...DEFAULT_TRUE_VALUES], falseValues: [...DEFAULT_FALSE_VALUES] };
    case 'text':
      return { kind: 'text' };
  }
}

/** Guesses a date format from sample values (the user can change it). */
export function detectDateFormat(samples: readonly string[]): DateFormat {
  const values = samples.map((s) => s.trim()).filter((s) => s !== '');
  if (values.length === 0) return 'auto';
  const all = (re: RegExp) => values.every((v) => re.test(v));
  if (all(/^\d{4}\s*[-/.年]/)) return 'ymd';
  if (all(/^\d{8}$/)) return 'yyyymmdd';
  if (all(/^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}/)) {
    const firsts = values.map((v) => Number(v.split(/[-/.]/)[0]));
    const seconds = values.map((v) => Number(v.split(/[-/.]/)[1]));
    return firsts.some((n) => n > 12) ? 'dmy' : seconds.some((n) => n > 12) ? 'mdy' : 'dmy';
  }
  if (all(/^-?\d+(\.\d+)?$/)) {
    const nums = values.map(Number);
    const min = Math.min(...nums);
    const max = Math.max(...nums);
    if (min >= 1e11) return 'unix_ms';
    if (min >= 1e8) return 'unix_s';
    if (min >= 30000 && max < 80000) return 'excel_serial';
    if (min >= 3000 && max < 30000) return 'sas';
  }
  return 'auto';
}
