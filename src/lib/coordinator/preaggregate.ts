import type { SqlParam } from '../db/types';
import { distinctAggregates, selectList, type AggregatePlan } from '../metrics/plan';
import { distinctAnswerSql, type DistinctSpec } from './distinct';
import { scope } from '../metrics/portfolio/sql';
import { whereClause, type FilterSet } from '../sql/filters';
import { ident, type Fragment } from '../sql/quote';

/**
 * Pre-aggregates ("cubes"): for one plan, its measures grouped by the plan's own groups and by the
 * dimensions a click may filter on, over the whole population the plan's source defines. A later
 * filter set that constrains only those dimensions is answered by filtering the cube's (few) rows
 * and adding up the measures, instead of scanning the loans again.
 *
 * Cube columns are prefixed (`k:` groups, `m:` measures) so that they never meet a dimension's name.
 */
export interface CubeSpec {
  /** Identifies the cube: source, groups, measures and dimensions. */
  key: string;
  table: string;
  plan: AggregatePlan;
  dimensions: readonly string[];
}

const keyColumn = (name: string) => ident(`k:${name}`);
const measureColumn = (name: string) => ident(`m:${name}`);

/** The identity of a plan apart from its filters: what a cube for it must match. */
export function planSignature(plan: AggregatePlan): string {
  return JSON.stringify([plan.source.asOf ?? null, plan.rows ?? null, plan.groupBy, plan.measures]);
}

export function cubeKey(plan: AggregatePlan, dimensions: readonly string[]): string {
  return `${planSignature(plan)}|${[...dimensions].sort().join(',')}`;
}

/** Dimensions a filter set constrains. */
export function filteredDimensions(filters: FilterSet): string[] {
  return filters.filter((c) => c.values.length > 0).map((c) => c.dimension);
}

/**
 * `CREATE TABLE` of a cube over the whole (unfiltered) population. Not a TEMP table: those belong
 * to one connection, and the browser engine runs each call on a connection of its own.
 */
export function cubeSql(spec: CubeSpec): Fragment {
  const { plan } = spec;
  const base = scope([], plan.source);
  const select = [
    ...Object.entries(plan.groupBy).map(([name, sql]) => `${sql} AS ${keyColumn(name)}`),
    ...spec.dimensions.map((d) => ident(d)),
    ...Object.entries(plan.measures).map(([name, sql]) => `${sql} AS ${measureColumn(name)}`),
  ];
  return {
    sql: `CREATE OR REPLACE TABLE ${ident(spec.table)} AS ${base.sql}
SELECT ${select.join(',\n  ')} FROM ${plan.rows ?? 'f'} GROUP BY ALL`,
    params: base.params,
  };
}

/** Whether the cube can answer the plan: same signature, and every filtered dimension is in the cube. */
export function answers(spec: CubeSpec, plan: AggregatePlan): boolean {
  if (planSignature(spec.plan) !== planSignature(plan)) return false;
  if (hasUngroupable(plan) && Object.keys(plan.groupBy).length) return false;
  return filteredDimensions(plan.filters).every((d) => spec.dimensions.includes(d));
}

/**
 * A count (or a coalesced sum) is 0 over no rows; a bare sum is NULL. Summing the cube's partial
 * values must give the same over an empty selection.
 */
function reaggregate(name: string, sql: string): string {
  const zeroWhenEmpty = /^\s*(count|coalesce)\s*\(/i.test(sql);
  const total = `sum(${measureColumn(name)})`;
  return `${zeroWhenEmpty ? `coalesce(${total}, 0)` : total} AS ${ident(name)}`;
}

function hasUngroupable(plan: AggregatePlan): boolean {
  return Object.keys(plan.exact ?? {}).length + Object.keys(plan.distinct ?? {}).length > 0;
}

/**
 * The plan's query answered from the cube: the same `agg` rows (keys and measures) from the cube's
 * rows that pass the filters, then the plan's own `finish`. Distinct counts come from their
 * pre-aggregates where `distinct` gives one (distinct.ts); the others, and `exact` aggregates
 * (which do not add up), still come from the filtered loans, in the same query.
 */
export function answerSql(spec: CubeSpec, plan: AggregatePlan, distinct: Readonly<Record<string, DistinctSpec>> = {}): Fragment {
  const fromLoans = {
    ...Object.fromEntries(Object.entries(distinctAggregates(plan)).filter(([name]) => !distinct[name])),
    ...plan.exact,
  };
  const needsLoans = Object.keys(fromLoans).length > 0;
  // `src` stays available to `finish` (book-level constants); `f` only when figures come from the loans.
  const base = scope(needsLoans ? plan.filters : [], plan.source);
  const where = whereClause(plan.filters);
  const keys = Object.keys(plan.groupBy);
  const select = [
    ...keys.map((k) => `${keyColumn(k)} AS ${ident(k)}`),
    ...Object.entries(plan.measures).map(([name, sql]) => reaggregate(name, sql)),
  ];
  const grouped = `SELECT ${select.join(',\n  ')} FROM ${ident(spec.table)} ${where.sql}${keys.length ? ` GROUP BY ${keys.map(keyColumn).join(', ')}` : ''}`;
  const extras: Fragment[] = [
    ...(needsLoans ? [{ sql: `(SELECT ${selectList(fromLoans).join(', ')} FROM f)`, params: [] }] : []),
    ...Object.entries(distinct).map(([name, d]) => distinctAnswerSql(d, plan.filters, name)),
  ];
  const agg = extras.length ? `SELECT * FROM (${grouped}), ${extras.map((e) => e.sql).join(', ')}` : grouped;
  const params: SqlParam[] = [...base.params, ...where.params, ...extras.flatMap((e) => e.params)];
  return { sql: `${base.sql},\nagg AS (${agg})\n${plan.finish}`, params };
}
