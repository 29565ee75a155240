import type { SqlParam } from '../db/types';
import { ident, type Fragment } from './quote';

/**
 * The app-wide filter set: a conjunction of per-dimension clauses. Within one clause the values
 * are alternatives (IN); `null` stands for "missing".
 * `dimension` names a column of the `loan_facts` view (see metrics/facts.ts).
 */
export interface FilterClause {
  dimension: string;
  values: (string | number | null)[];
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

function clauseSql(c: FilterClause): Fragment {
  const col = ident(c.dimension);
  const present = c.values.filter((v): v is string | number => v !== null);
  const wantsNull = present.length < c.values.length;
  const parts: string[] = [];
  const params: SqlParam[] = [];
  if (present.length) {
    parts.push(`CAST(${col} AS VARCHAR) IN (${present.map(() => '?').join(', ')})`);
    params.push(...present.map(String));
  }
  if (wantsNull) parts.push(`${col} IS NULL`);
  return { sql: parts.length > 1 ? `(${parts.join(' OR ')})` : parts[0], params };
}

/**
 * The filter set without one dimension's clause: a chart that filters by a dimension is drawn
 * over the others only, so all its bars stay visible with the selected ones highlighted.
 */
export function exceptDimension(filters: FilterSet, dimension: string): FilterSet {
  return filters.filter((c) => c.dimension !== dimension);
}
