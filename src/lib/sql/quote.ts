import type { SqlParam } from '../db/types';

/** A piece of SQL with its bound parameters, in order of their `?` placeholders. */
export interface Fragment {
  sql: string;
  params: SqlParam[];
}

/** Quotes an identifier (table or column name) for DuckDB: "name", doubling inner quotes. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes a string literal for DuckDB. Prefer bound parameters; use this only where DuckDB takes no parameter (e.g. file names in a table function). */
export function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Joins fragments with a separator, concatenating their parameters in order. */
export function joinFragments(parts: readonly Fragment[], separator: string): Fragment {
  return { sql: parts.map((p) => p.sql).join(separator), params: parts.flatMap((p) => p.params) };
}

/** A fragment with no parameters. */
export function raw(sql: string): Fragment {
  return { sql, params: [] };
}
