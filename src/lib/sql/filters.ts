import type { SqlParam } from '../db/types';
import { factColumnType } from '../schema/facts-columns';
import { ident, type Fragment } from './quote';

/**
 * The app-wide filter set: a conjunction of per-dimension clauses. Within one clause the values
 * are alternatives (IN); `null` stands for "missing".
 * `dimension` names a column of the `loan_facts` view (see metrics/facts.ts).
 */
export interface FilterClause {
  dimension: string;
  values: (string | number | null)[];
  /**
   * The loans NOT matching the values (missing values included): the rest of the book outside a
   * segment, a compare baseline (metrics/compare.ts). Never in the URL's filter set.
   */
  exclude?: boolean;
}
export type FilterSet = readonly FilterClause[];

/** `WHERE …` for a filter set (empty string when there is nothing to filter). */
export function whereClause(filters: FilterSet, exceptDimension?: string): Fragment {
  const parts = filters.filter((c) => c.dimension !== exceptDimension && c.values.length > 0).map(clauseSql);
  if (parts.length === 0) return { sql: '', params: [] };
  return { sql: `WHERE ${parts.map((p) => p.sql).join(' AND ')}`, params: parts.flatMap((p) => p.params) };
}

/** The same conditions as `AND …`, for appending to an existing WHERE. */
export function andClause(filters: FilterSet, exceptDimension?: string): Fragment {
  const w = whereClause(filters, exceptDimension);
  return w.sql ? { sql: `AND ${w.sql.slice(6)}`, params: w.params } : w;
}

/**
 * One clause as `col IN (?, …)` with each value converted to the column's type (values arrive
 * from the URL as text). Comparing the column itself, not its text, lets DuckDB skip row groups
 * by their min/max and makes `1` match a DOUBLE 1.0. A value that cannot be of the column's type
 * (text in a numeric column) matches nothing rather than failing the query.
 */
function clauseSql(c: FilterClause): Fragment {
  const col = ident(c.dimension);
  const type = factColumnType(c.dimension);
  const wantsNull = c.values.includes(null);
  const present = c.values.filter((v): v is string | number => v !== null).map((v) => typedValue(v, type));
  const valid = present.filter((v): v is SqlParam => v !== undefined);
  const parts: string[] = [];
  if (valid.length) parts.push(`${col} IN (${valid.map(() => placeholder(type)).join(', ')})`);
  if (wantsNull) parts.push(`${col} IS NULL`);
  if (parts.length === 0) parts.push('false');
  const sql = parts.length > 1 ? `(${parts.join(' OR ')})` : parts[0];
  // IS NOT TRUE: a loan whose value is missing is outside a segment of present values.
  return { sql: c.exclude ? `(${sql}) IS NOT TRUE` : sql, params: valid };
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|DOUBLE|FLOAT|REAL|DECIMAL)/;

/** A filter value as the column's type; undefined when it cannot be one. */
export function typedValue(v: string | number, type: string | undefined): SqlParam | undefined {
  if (type === undefined) return v;
  if (NUMERIC.test(type)) {
    const n = typeof v === 'number' ? v : v.trim() === '' ? NaN : Number(v);
    if (!Number.isFinite(n)) return undefined;
    return /INT/.test(type) && !Number.isInteger(n) ? undefined : n;
  }
  if (type === 'BOOLEAN') {
    const s = String(v).toLowerCase();
    return s === 'true' ? true : s === 'false' ? false : undefined;
  }
  if (type === 'DATE') return /^\d{4}-\d{2}-\d{2}$/.test(String(v)) ? String(v) : undefined;
  return String(v);
}

/** Dates travel as 'YYYY-MM-DD' text, cast to DATE in the SQL so the comparison stays typed. */
function placeholder(type: string | undefined): string {
  return type === 'DATE' ? 'CAST(? AS DATE)' : '?';
}

/**
 * The filter set a view is drawn over: without the clauses on the view's own dimensions. A chart
 * that filters by a dimension is drawn over the others only, so all its bars stay visible with the
 * selected ones highlighted. `ownFilterIgnored` says whether a clause was left out (for captions).
 */
export function viewFilters(filters: FilterSet, ...dimensions: string[]): { set: FilterSet; ownFilterIgnored: boolean } {
  const set = filters.filter((c) => !dimensions.includes(c.dimension));
  return { set, ownFilterIgnored: set.length < filters.length };
}

