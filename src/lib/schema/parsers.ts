import type { Db } from '../db/types';
import { literal } from '../sql/quote';
import type { FieldType, FiveClass } from './canonical';

/**
 * How the text of one source column becomes the value of one canonical field. Parsing runs in
 * SQL (macros `lb_*` below): it is much faster than JS on a million rows, and the same expression
 * serves the build, the preview and the quality report.
 */
export type DateFormat = 'auto' | 'ymd' | 'iso' | 'ymd_slash' | 'yyyymmdd' | 'dmy' | 'mdy' | 'excel_serial' | 'sas' | 'unix_s' | 'unix_ms';

export type DecimalSeparator = '.' | ',';

export type ParserSpec =
  | { kind: 'text'; recode?: Record<string, string> }
  | { kind: 'date'; format: DateFormat }
  /**
   * Numbers with separators, currency symbols, parentheses negatives; × unit (10000 for 万元, 0.01 for %).
   * A unit written in the cell (万, 亿, 千, %, or 元 for plain yuan) wins. `decimal` is the decimal
   * separator (default '.'); the other one is accepted only as a thousands separator in groups of
   * three, so a value that fits neither reading ("2,5" under '.') is unreadable, never rescaled.
   */
  | { kind: 'number'; unit: number; decimal?: DecimalSeparator }
  /** Five-category class; `labels` add to (and override) the built-in Chinese, English and 1–5 labels. */
  | { kind: 'class'; labels?: Record<string, FiveClass> }
  /** Booleans and default flags: values (compared trimmed, case-insensitively) meaning true and false; with `falseValues` empty every other value is false. */
  | { kind: 'flag'; trueValues: string[]; falseValues: string[] };

export const DEFAULT_TRUE_VALUES = ['1', 'y', 'yes', 'true', 't', '是', '违约', 'default', 'defaulted', 'bad', 'chgoff', 'charged off', 'charged_off', 'charge off', 'written off', 'write off', '核销', '已核销', '不良'];
export const DEFAULT_FALSE_VALUES = ['0', 'n', 'no', 'false', 'f', '否', '正常', '未违约', 'good', 'pif', 'p i f', 'paid in full', 'fully paid', 'current', 'performing', '结清', '已结清'];

export const CLASS_LABELS: Record<string, FiveClass> = {
  正常: 1, 关注: 2, 次级: 3, 可疑: 4, 损失: 5,
  關注: 2, 次級: 3, 損失: 5,
  normal: 1, pass: 1, 'special mention': 2, special: 2, watch: 2, substandard: 3, doubtful: 4, loss: 5,
  '1': 1, '2': 2, '3': 3, '4': 4, '5': 5,
};

/** The normal form labels are compared in: lower case, runs of spaces/underscores/hyphens as one space, no trailing 类. */
export function normaliseLabel(value: string): string {
  return value.trim().toLowerCase().replace(/[\s_-]+/g, ' ').replace(/类$/, '').replace(/\.0+$/, '');
}

/** normaliseLabel in SQL: what a text cell is compared as against vocabulary words. */
export const normSql = (x: string) => `regexp_replace(regexp_replace(regexp_replace(lower(trim(${x})), '[\\s_-]+', ' ', 'g'), '类$', ''), '\\.0+$', '')`;

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
  regexp_replace(replace(trim(x), '，', ','), '[\s_''¥$￥€£]|RMB|CNY|USD|人民币|元|个月|月|天|days?|months?', '', 'gi');
CREATE OR REPLACE MACRO lb_num_core(c) AS regexp_replace(c, '^[(（]|[)）]$|^\+|(万|亿|千|%|％)$', '', 'g');
CREATE OR REPLACE MACRO lb_num_suffix(c) AS regexp_extract(regexp_replace(c, '^[(（]|[)）]$', '', 'g'), '(万|亿|千|%|％)$', 1);
CREATE OR REPLACE MACRO lb_num_separators(c, sep) AS
  CASE WHEN sep = ',' THEN CASE
      WHEN regexp_full_match(c, '-?\d{1,3}(\.\d{3})+(,\d+)?') THEN replace(replace(c, '.', ''), ',', '.')
      WHEN regexp_full_match(c, '-?\d*,\d+') THEN replace(c, ',', '.')
      WHEN NOT regexp_matches(c, '[.,]') THEN c END
    ELSE CASE
      WHEN regexp_full_match(c, '-?\d{1,3}(,\d{3})+(\.\d+)?') THEN replace(c, ',', '')
      WHEN NOT contains(c, ',') THEN c END
  END;
CREATE OR REPLACE MACRO lb_finite(n) AS CASE WHEN isfinite(n) THEN n END;
CREATE OR REPLACE MACRO lb_num_scale(x, c, unit) AS
  CASE lb_num_suffix(c) WHEN '万' THEN 1e4 WHEN '亿' THEN 1e8 WHEN '千' THEN 1e3 WHEN '%' THEN 0.01 WHEN '％' THEN 0.01
    ELSE CASE WHEN contains(x, '元') THEN 1 ELSE unit END END;
CREATE OR REPLACE MACRO lb_number(x, unit, sep := '.') AS
  CASE WHEN sep <> ',' AND isfinite(try_cast(trim(x) AS DOUBLE)) THEN try_cast(trim(x) AS DOUBLE) * unit ELSE
  lb_finite(try_cast(lb_num_separators(lb_num_core(lb_num_clean(x)), sep) AS DOUBLE))
  * lb_num_scale(x, lb_num_clean(x), unit)
  * CASE WHEN regexp_matches(lb_num_clean(x), '^[(（].*[)）]$') THEN -1 ELSE 1 END END;
CREATE OR REPLACE MACRO lb_number_problem(x, sep := '.') AS
  CASE WHEN x IS NULL OR trim(x) = '' OR lb_number(x, 1, sep) IS NOT NULL THEN NULL
    WHEN try_cast(lb_num_core(lb_num_clean(x)) AS DOUBLE) IS NOT NULL AND NOT isfinite(try_cast(lb_num_core(lb_num_clean(x)) AS DOUBLE)) THEN 'not_finite'
    WHEN regexp_full_match(lb_num_core(lb_num_clean(x)), '-?[\d.,]*\d[\d.,]*') AND regexp_matches(lb_num_clean(x), '[.,]') THEN 'separator' END;
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
      // Trimmed: "LN001 " and "LN001" are one loan, "支行A " and "支行A" one branch.
      if (recode.length === 0) return `nullif(trim(${x}), '')`;
      const whens = recode.map(([from, to]) => `WHEN ${literal(normaliseLabel(from))} THEN ${literal(to)}`).join(' ');
      return `CASE ${normSql(x)} ${whens} ELSE ${x} END`;
    }
    case 'date':
      return `lb_date(${x}, ${literal(canonicalDateFormat(spec.format))})`;
    case 'number': {
      const n = `lb_number(${x}, ${Number(spec.unit) || 1}, ${literal(spec.decimal === ',' ? ',' : '.')})`;
      return type === 'integer' ? integerSql(n) : n;
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

/** A number expression `n` as an INTEGER when it is a whole number within range, else NULL. */
export function integerSql(n: string): string {
  return `(CASE WHEN ${n} = round(${n}) AND abs(${n}) < 2e9 THEN CAST(${n} AS INTEGER) END)`;
}

/**
 * SQL for what is wrong with a non-blank value `x` that `spec` cannot read, as the tail of a reject
 * reason ("is not a number", "is not a finite number", "does not fit the decimal separator ","").
 */
export function unreadableSql(spec: ParserSpec, x: string, what: string): string {
  if (spec.kind !== 'number') return literal(`is not ${what}`);
  const dec = spec.decimal === ',' ? ',' : '.';
  return `CASE lb_number_problem(${x}, ${literal(dec)}) WHEN 'not_finite' THEN 'is not a finite number' WHEN 'separator' THEN ${literal(`does not fit the decimal separator "${dec}"`)} ELSE ${literal(`is not ${what}`)} END`;
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

const POINT_GROUPS = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/;
const COMMA_GROUPS = /^-?\d{1,3}(\.\d{3})+(,\d+)?$/;

/** The digits and separators of a number as the SQL parser sees them (currency, units, spaces, brackets dropped), or null for text. */
function numberCore(value: string): string | null {
  const core = value
    .replace(/，/g, ',')
    .replace(/[\s_'¥$￥€£]|RMB|CNY|USD|人民币|元/gi, '')
    .replace(/^[(（+]|[)）]$/g, '')
    .replace(/(万|亿|千|%|％)$/, '');
  return /^-?[\d.,]*\d[\d.,]*$/.test(core) ? core : null;
}

const fitsPoint = (c: string) => !c.includes(',') || POINT_GROUPS.test(c);
const fitsComma = (c: string) => !/[.,]/.test(c) || COMMA_GROUPS.test(c) || /^-?\d*,\d+$/.test(c);

/**
 * The decimal separator of a column from its values: ',' when more values read only with a decimal
 * comma ("2,5", "71.654,27") than only with a decimal point ("2.5", "1,234.5"); `fallback` (the
 * file's convention, ',' for a ';'-delimited export) when no value tells them apart.
 */
export function detectDecimalSeparator(values: Iterable<string>, fallback: DecimalSeparator = '.'): DecimalSeparator {
  let commaOnly = 0;
  let pointOnly = 0;
  for (const v of values) {
    const core = numberCore(v);
    if (core === null) continue;
    const p = fitsPoint(core);
    const c = fitsComma(core);
    if (c && !p) commaOnly++;
    else if (p && !c) pointOnly++;
  }
  if (commaOnly > pointOnly) return ',';
  if (pointOnly > 0) return '.';
  return fallback;
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
