import type { FilterSet } from '../sql/filters';
import { ident } from '../sql/quote';
import { scope, type ScopeOptions } from './portfolio/sql';
import type { MetricQuery } from './query';

/**
 * A metric that is a group-by of additive measures over the filtered loans, then a small SQL step
 * over the grouped rows. Written this way, the same figures can come from the loans themselves
 * (the plain path) or from a pre-aggregated table that already holds the measures per value of the
 * dimensions a click filters on (see preaggregate.ts): a sum of partial sums is the sum.
 *
 * - `groupBy`: output name → expression over `loan_facts` (the metric's own groups).
 * - `measures`: output name → an aggregate that decomposes by addition: `count(…)`, `sum(…)`, either
 *   with `FILTER (WHERE …)`, and `coalesce(…, 0)` around them. Sums of squares are sums.
 * - `distinct`: output name → a column whose distinct non-null values are counted (`count(DISTINCT
 *   col)`). A distinct count does not add up over groups; the coordinator answers it from a finer
 *   pre-aggregate (coordinator/distinct.ts) or, when it has none, from the loans. Only for plans
 *   without `groupBy`.
 * - `exact`: other aggregates that do not decompose (medians, …): always from the loans, in the
 *   same query as the pre-aggregated measures (so the code says which figure is exact and which
 *   pre-aggregated). Only for plans without `groupBy`.
 * - `source`: the scope's options (as-of date); filters and source together are the population.
 * - `finish`: the query over `agg` (one row per group with keys and measures) giving the result
 *   the metric's `shape` reads. It may read `book_presence` (one row) and nothing from `f`.
 */
export interface AggregatePlan {
  filters: FilterSet;
  /** The book as of a snapshot date, or now (see portfolio/sql.ts). */
  source: ScopeOptions;
  /**
   * The rows the measures add up, as a relation over `f` (default `f` itself), e.g. the loans'
   * snapshots joined to them. It must keep `f`'s columns under their names: filters act on them.
   */
  rows?: string;
  groupBy: Readonly<Record<string, string>>;
  measures: Readonly<Record<string, string>>;
  distinct?: Readonly<Record<string, string>>;
  exact?: Readonly<Record<string, string>>;
  finish: string;
}

export interface AggregateQuery<T> extends MetricQuery<T> {
  plan: AggregatePlan;
}

export function isAggregateQuery<T>(q: MetricQuery<T>): q is AggregateQuery<T> {
  return 'plan' in q && (q as AggregateQuery<T>).plan !== undefined;
}

/** `name AS "name"` list of a plan's groups and aggregates. */
export function selectList(entries: Readonly<Record<string, string>>): string[] {
  return Object.entries(entries).map(([name, sql]) => `${sql} AS ${ident(name)}`);
}

/** `count(DISTINCT col)` of each of a plan's distinct counts, as aggregates by output name. */
export function distinctAggregates(plan: AggregatePlan): Record<string, string> {
  return Object.fromEntries(Object.entries(plan.distinct ?? {}).map(([name, col]) => [name, `count(DISTINCT ${ident(col)})`]));
}

/** The plain SQL of a plan: the measures grouped over the filtered loans, then `finish`. */
export function planSql(plan: AggregatePlan): { sql: string; params: MetricQuery<unknown>['params'] } {
  const base = scope(plan.filters, plan.source);
  const keys = Object.keys(plan.groupBy).map(ident);
  const select = [...selectList(plan.groupBy), ...selectList(plan.measures), ...selectList(distinctAggregates(plan)), ...selectList(plan.exact ?? {})];
  const sql = `${base.sql},
agg AS (SELECT ${select.join(',\n  ')} FROM ${plan.rows ?? 'f'}${keys.length ? ` GROUP BY ${keys.join(', ')}` : ''})
${plan.finish}`;
  return { sql, params: base.params };
}

/** A metric from its plan: the plain SQL, what it needs and how to shape the result. */
export function aggregateQuery<T>(plan: AggregatePlan, needs: readonly string[], shape: MetricQuery<T>['shape']): AggregateQuery<T> {
  const { sql, params } = planSql(plan);
  return { needs, sql, params, shape, plan };
}
