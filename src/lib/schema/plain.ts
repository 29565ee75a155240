import type { Db } from '../db/types';
import { rows } from '../db/rows';
import { ident } from '../sql/quote';
import { TABLES, type FieldDef } from './canonical';
import { mappedSource, type TableMapping } from './mapping';
import { integerSql, type ParserSpec } from './parsers';
import { typedColumn, typedColumns } from '../ingest/raw-table';
import { mappedValue } from './values';

/**
 * Source columns whose every non-blank value a plain cast reads, so their field is parsed by that
 * cast instead of the full parser (the `lb_*` macros). The result is the same value for every row:
 * the full number parser starts with the same cast and only falls back when it fails, and the full
 * date parser reads an ISO date (`2021-02-19`, `2021/2/19`) exactly so. What the plain cast buys is
 * time: the macros expand into large expressions that DuckDB takes seconds to plan for each field
 * (18 s for a 10-row loans table), and a cast is far cheaper per row than the regular expressions.
 *
 * Decided per import from the raw table itself (one scan of the mapped number and date columns),
 * never remembered, so a saved mapping can never carry another file's verdict.
 */
export interface PlainSources {
  /** Columns whose non-blank values all read as finite numbers with `CAST(trim(x) AS DOUBLE)`. */
  number: ReadonlySet<string>;
  /** Columns whose non-blank values all read as ISO dates from 1900 to 2100. */
  date: ReadonlySet<string>;
  /**
   * Typed source columns (Parquet, Arrow; see RawTable) → their DuckDB type. A field whose parser a
   * typed read stands in for (typedFieldSql) reads the typed value; every other use of the column
   * casts it to text where it is used (rawTextSql), never the whole column up front.
   */
  typed: ReadonlyMap<string, string>;
}

/**
 * SQL: true when a text value is blank (NULL, empty or white space only), as `x IS NULL OR
 * trim(x) = ''` says, but trimming only values whose first character is not printable ASCII (trim()
 * also strips Unicode spaces such as U+3000): trim() copies every string it is given, and most
 * values are not blank.
 */
export const blankSql = (x: string) => `(${x} IS NULL OR ${x} = '' OR (NOT (ascii(${x}) BETWEEN 33 AND 126) AND trim(${x}) = ''))`;

export const NO_PLAIN_SOURCES: PlainSources = { number: new Set(), date: new Set(), typed: new Map() };

/**
 * The plain cast of a number column: a DOUBLE, or NULL. No trim(): DuckDB's cast skips surrounding
 * white space itself, and trim() copies every string (it made the scan six times slower).
 */
export const plainNumberSql = (x: string) => `try_cast(${x} AS DOUBLE)`;

/** The plain cast of an ISO date column ('/' read as '-'), NULL outside 1900–2100 as the full parser. */
export const plainDateSql = (x: string) => `CASE WHEN year(try_cast(replace(${x}, '/', '-') AS DATE)) BETWEEN 1900 AND 2100 THEN try_cast(replace(${x}, '/', '-') AS DATE) END`;

/** A parser that a plain number cast may stand in for: a number with '.' as the decimal separator. */
export function plainNumberParser(spec: ParserSpec): spec is Extract<ParserSpec, { kind: 'number' }> {
  return spec.kind === 'number' && spec.decimal !== ',';
}

/** A parser that a plain date cast may stand in for: the ISO / year-month-day formats and 'auto' (which tries ISO first). */
export function plainDateParser(spec: ParserSpec): boolean {
  return spec.kind === 'date' && ['auto', 'ymd', 'iso', 'ymd_slash'].includes(spec.format);
}

/** Exact numeric types: their text reads back as the very number a cast to DOUBLE gives (FLOAT's shortest text does not). */
const EXACT_NUMBER = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|DOUBLE|DECIMAL\(\d+,\d+\))$/;
/** Date and time types whose date part does not depend on a time zone. */
const PLAIN_DATE = /^(DATE|TIMESTAMP|TIMESTAMP_S|TIMESTAMP_MS|TIMESTAMP_NS)$/;

/**
 * SQL reading a canonical field straight from a typed source column (`r` the raw view), the same
 * value the field's parser gives for the column's text, or null when the parser needs the text:
 * a number (× the parser's unit, 10000 for 万元) from an exact numeric column, a date from a date
 * or timestamp column under an ISO date format, a flag from a BOOLEAN column. Class codes, Chinese
 * labels, recoded text, SAS or Excel serial dates and yyyymmdd numbers are parsed from the text.
 */
export function typedFieldSql(def: FieldDef, spec: ParserSpec, source: string, plain: PlainSources): string | null {
  const type = plain.typed.get(source);
  if (!type) return null;
  const v = `r.${ident(typedColumn(source))}`;
  if (spec.kind === 'number' && EXACT_NUMBER.test(type) && (def.type === 'double' || def.type === 'integer')) {
    const d = `CAST(${v} AS DOUBLE)`;
    const n = `(CASE WHEN isfinite(${d}) THEN ${d} * ${Number(spec.unit) || 1} END)`;
    return def.type === 'integer' ? integerSql(n) : n;
  }
  if (plainDateParser(spec) && PLAIN_DATE.test(type) && def.type === 'date') {
    return `(CASE WHEN year(CAST(${v} AS DATE)) BETWEEN 1900 AND 2100 THEN CAST(${v} AS DATE) END)`;
  }
  if (spec.kind === 'flag' && type === 'BOOLEAN' && def.type === 'boolean') {
    // What the flag's value lists make of the column's text, 'true' and 'false': true, false or unreadable.
    return `(CASE ${v} WHEN true THEN ${mappedValue(spec, 'true') ?? 'NULL'} WHEN false THEN ${mappedValue(spec, 'false') ?? 'NULL'} END)`;
  }
  return null;
}

/** SQL: the text of source column `source` of raw alias `r`; a typed column is cast where this is used (inside a CASE, only for the rows that reach it). */
export function rawTextSql(source: string, plain: PlainSources): string {
  return plain.typed.has(source) ? `CAST(r.${ident(typedColumn(source))} AS VARCHAR)` : `r.${ident(source)}`;
}

/** SQL: true when source column `source` of raw alias `r` is blank; a typed value is blank only when NULL. */
export function rawBlankSql(source: string, plain: PlainSources): string {
  return plain.typed.has(source) ? `(r.${ident(typedColumn(source))} IS NULL)` : blankSql(`r.${ident(source)}`);
}

function candidates(tm: TableMapping, typed: ReadonlyMap<string, string>): { source: string; kind: 'number' | 'date' }[] {
  const out = new Map<string, 'number' | 'date'>();
  for (const def of TABLES[tm.table] as readonly FieldDef[]) {
    const source = mappedSource(tm, def.name);
    const parser = tm.fields[def.name]?.parser;
    // A typed column is not scanned: typedFieldSql reads it, or its text takes the full parser.
    if (!source || !parser || typed.has(source)) continue;
    if (plainNumberParser(parser)) out.set(`number\u0000${source}`, 'number');
    else if (plainDateParser(parser)) out.set(`date\u0000${source}`, 'date');
  }
  return [...out.entries()].map(([key, kind]) => ({ source: key.split('\u0000')[1], kind }));
}

/**
 * Which mapped number and date text columns of `tm`'s raw table read with a plain cast (one scan,
 * none when nothing is mapped), and the raw table's typed columns (no scan).
 */
export async function plainSources(db: Db, tm: TableMapping, signal?: AbortSignal): Promise<PlainSources> {
  const typed = await typedColumns(db, tm.raw);
  const cols = candidates(tm, typed);
  if (cols.length === 0) return { ...NO_PLAIN_SOURCES, typed };
  const tests = cols.map(({ source, kind }, i) => {
    const x = ident(source);
    const read = kind === 'number' ? `isfinite(${plainNumberSql(x)})` : `${plainDateSql(x)} IS NOT NULL AND substr(${x}, 5, 1) IN ('-', '/')`;
    // count … FILTER, not bool_and, and no trim(): the cheaper scan. A value of spaces only, or a
    // date with leading spaces, counts against the column (it then takes the full parser).
    return `count(*) FILTER (WHERE ${x} <> '' AND NOT coalesce(${read}, false))::DOUBLE AS p${i}`;
  });
  const [r] = rows(await db.query(`SELECT ${tests.join(', ')} FROM ${ident(tm.raw)}`, [], { signal }));
  const number = new Set<string>();
  const date = new Set<string>();
  cols.forEach(({ source, kind }, i) => {
    if (Number(r[`p${i}`]) === 0) (kind === 'number' ? number : date).add(source);
  });
  return { number, date, typed };
}
