import type { Db } from '../db/types';
import { rows } from '../db/rows';
import { ident } from '../sql/quote';
import { TABLES, type FieldDef } from './canonical';
import { mappedSource, type TableMapping } from './mapping';
import type { ParserSpec } from './parsers';

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
}

/**
 * SQL: true when a text value is blank (NULL, empty or white space only), as `x IS NULL OR
 * trim(x) = ''` says, but trimming only values whose first character is not printable ASCII (trim()
 * also strips Unicode spaces such as U+3000): trim() copies every string it is given, and most
 * values are not blank.
 */
export const blankSql = (x: string) => `(${x} IS NULL OR ${x} = '' OR (NOT (ascii(${x}) BETWEEN 33 AND 126) AND trim(${x}) = ''))`;

export const NO_PLAIN_SOURCES: PlainSources = { number: new Set(), date: new Set() };

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

function candidates(tm: TableMapping): { source: string; kind: 'number' | 'date' }[] {
  const out = new Map<string, 'number' | 'date'>();
  for (const def of TABLES[tm.table] as readonly FieldDef[]) {
    const source = mappedSource(tm, def.name);
    const parser = tm.fields[def.name]?.parser;
    if (!source || !parser) continue;
    if (plainNumberParser(parser)) out.set(`number\u0000${source}`, 'number');
    else if (plainDateParser(parser)) out.set(`date\u0000${source}`, 'date');
  }
  return [...out.entries()].map(([key, kind]) => ({ source: key.split('\u0000')[1], kind }));
}

/** Which mapped number and date columns of `tm`'s raw table read with a plain cast: one scan, none when nothing is mapped. */
export async function plainSources(db: Db, tm: TableMapping, signal?: AbortSignal): Promise<PlainSources> {
  const cols = candidates(tm);
  if (cols.length === 0) return NO_PLAIN_SOURCES;
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
  return { number, date };
}
