import type { ScopeOptions } from '../metrics/portfolio/sql';
import { scope } from '../metrics/portfolio/sql';
import { whereClause, type FilterSet } from '../sql/filters';
import { ident, type Fragment } from '../sql/quote';

/**
 * Distinct counts (borrowers) from a pre-aggregate. A distinct count does not add up over groups
 * (a borrower with loans in two classes is one borrower), but for a filter on dimensions D it is
 * exactly the number of borrowers with at least one loan whose D-values pass. So borrowers are
 * grouped by their *profile*, the set of D-value combinations their loans have: `<table>_sets`
 * holds each profile once with its number of borrowers, `<table>_tuples` the combinations of each
 * profile. A filter picks the profiles with a passing combination and the count is the sum of
 * their borrowers. Over one dimension of a few values (a class, a region) there are a few dozen
 * profiles, whatever the size of the book.
 */
export interface DistinctSpec {
  key: string;
  /** Prefix of the two tables. */
  table: string;
  /** The column whose distinct non-null values are counted. */
  column: string;
  source: ScopeOptions;
  dimensions: readonly string[];
}

export function distinctKey(column: string, source: ScopeOptions, dimensions: readonly string[]): string {
  return JSON.stringify([source.asOf ?? null, column, [...dimensions].sort()]);
}

export const setsTable = (spec: DistinctSpec) => ident(`${spec.table}_sets`);
const tuplesTable = (spec: DistinctSpec) => ident(`${spec.table}_tuples`);

/** The statements that build the two tables over the whole (unfiltered) population of the source. */
export function distinctBuildSql(spec: DistinctSpec): Fragment[] {
  const base = scope([], spec.source);
  const dims = spec.dimensions.map(ident);
  const combo = `struct_pack(${dims.map((d) => `${d} := ${d}`).join(', ')})`;
  const sets = `CREATE OR REPLACE TABLE ${setsTable(spec)} AS ${base.sql},
per AS (
  SELECT id, list(c ORDER BY c) AS profile
  FROM (SELECT DISTINCT ${ident(spec.column)} AS id, ${combo} AS c FROM f WHERE ${ident(spec.column)} IS NOT NULL)
  GROUP BY id)
SELECT row_number() OVER () AS profile_id, profile, count(*) AS members FROM per GROUP BY profile`;
  const tuples = `CREATE OR REPLACE TABLE ${tuplesTable(spec)} AS
SELECT profile_id, ${dims.map((d) => `c.${d} AS ${d}`).join(', ')}
FROM (SELECT profile_id, unnest(profile) AS c FROM ${setsTable(spec)})`;
  return [
    { sql: sets, params: base.params },
    { sql: tuples, params: [] },
  ];
}

export function distinctDropSql(spec: DistinctSpec): string[] {
  return [`DROP TABLE IF EXISTS ${tuplesTable(spec)}`, `DROP TABLE IF EXISTS ${setsTable(spec)}`];
}

/** Whether the pre-aggregate counts `column` over this source for a filter on these dimensions. */
export function countsDistinct(spec: DistinctSpec, column: string, source: ScopeOptions, filtered: readonly string[]): boolean {
  return spec.column === column && (spec.source.asOf ?? null) === (source.asOf ?? null) && filtered.every((d) => spec.dimensions.includes(d));
}

/** `(SELECT <count> AS name)`: the distinct count of the filtered population from the pre-aggregate. */
export function distinctAnswerSql(spec: DistinctSpec, filters: FilterSet, name: string): Fragment {
  const where = whereClause(filters);
  return {
    sql: `(SELECT CAST(coalesce(sum(members), 0) AS BIGINT) AS ${ident(name)} FROM ${setsTable(spec)}
  WHERE profile_id IN (SELECT profile_id FROM ${tuplesTable(spec)} ${where.sql}))`,
    params: where.params,
  };
}
