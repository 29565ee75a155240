import type { SqlParam } from '../db/types';
import { distinctAggregates, type AggregatePlan } from '../metrics/plan';
import { scope } from '../metrics/portfolio/sql';
import { whereClause, type FilterSet } from '../sql/filters';
import { ident, literal, type Fragment } from '../sql/quote';

/**
 * An aggregate dashboard: no loan row leaves, only the pre-aggregates its screens' plans
 * (metrics/plan.ts) are answered from. Per plan one table of cells, the coordinator's cube format
 * (preaggregate.ts: `k:` the plan's groups, `m:` its additive measures) over several *dimension
 * sets*: the whole population, each filterable dimension alone, and each with the published
 * filter's dimensions. `set` names the cell's dimension set; a dimension outside it is NULL.
 * `d:` columns are the plan's distinct counts, exact per cell. A cell on fewer than k loans keeps
 * its keys and `suppressed`, and loses every figure (its `n` too) before it is written, so the
 * suppressed counts never ship.
 */

/** `set` of a cell: its dimensions, sorted, comma-separated ('' for the whole population). */
export const setName = (dimensions: readonly string[]) => [...dimensions].sort().join(',');

/** The dimension sets cubes are built over: ∅, each dimension, and both again with the published filter's dimensions. */
export function dimensionSets(dimensions: readonly string[], published: readonly string[]): string[][] {
  const sets = new Map<string, string[]>();
  const add = (s: readonly string[]) => {
    const unique = [...new Set(s)].sort();
    sets.set(setName(unique), unique);
  };
  for (const base of published.length ? [[], published] : [[]]) {
    add(base);
    for (const d of dimensions) add([...base, d]);
  }
  return [...sets.values()];
}

const key = (name: string) => ident(`k:${name}`);
const measure = (name: string) => ident(`m:${name}`);
const distinctColumn = (name: string) => ident(`d:${name}`);

/**
 * The cells of a plan over the dimension sets, in one scan (GROUPING SETS), with cells on fewer
 * than `minCell` rows suppressed. A row of the plan is a loan (or, for a plan over snapshots, a
 * loan at a date), so `n` is the loans in the cell. The loans read are the whole book (`scope([])`).
 */
export function cubeCellsSql(plan: AggregatePlan, sets: readonly (readonly string[])[], minCell: number): Fragment {
  const base = scope([], plan.source);
  const keys = Object.keys(plan.groupBy);
  const dims = [...new Set(sets.flat())].sort();
  const keyed = `(SELECT *, ${keys.length ? Object.entries(plan.groupBy).map(([k, sql]) => `${sql} AS ${key(k)}`).join(', ') : 'NULL AS "k:"'} FROM ${plan.rows ?? 'f'})`;
  const groupingSets = sets.map((s) => `(${[...keys.map(key), ...s.map(ident)].join(', ')})`).join(', ');
  const setExpr = dims.length ? `concat_ws(',', ${dims.map((d) => `CASE WHEN grouping(${ident(d)}) = 0 THEN ${literal(d)} END`).join(', ')})` : "''";
  const measures = Object.entries(plan.measures).map(([name, sql]) => [measure(name), sql] as const);
  const distinct = Object.entries(distinctAggregates(plan)).map(([name, sql]) => [distinctColumn(name), sql] as const);
  const figures = [...measures, ...distinct];
  const cells = `cells AS (SELECT ${setExpr} AS "set", ${[...keys.map(key), ...dims.map(ident)].map((c) => `${c}, `).join('')}${figures.map(([c, sql]) => `${sql} AS ${c}`).join(', ')}, count(*) AS n
  FROM ${keyed} r GROUP BY GROUPING SETS (${groupingSets}))`;
  const kept = (c: string) => `CASE WHEN n >= ${minCell} THEN ${c} END AS ${c}`;
  return {
    sql: `${base.sql},\n${cells}\nSELECT "set", ${[...keys.map(key), ...dims.map(ident)].map((c) => `${c}, `).join('')}${figures.map(([c]) => kept(c)).join(', ')}, ${kept('n')}, n < ${minCell} AS suppressed FROM cells`,
    params: base.params,
  };
}

/** What an answer from the cells left out. */
export interface Suppression {
  /** The whole figure (a plan without groups, or every group) rests on a suppressed cell. */
  all: boolean;
  /** Groups of the plan left out because a cell of theirs is suppressed. */
  groups: number;
  minCell: number;
}

/** A published cube table in the viewer's engine. */
export interface LoadedCube {
  table: string;
  sets: readonly string[];
}

/** The set a filter set needs: the dimensions it constrains. Null when the cube lacks it. */
export function setFor(cube: LoadedCube, filters: FilterSet): string | null {
  const name = setName([...new Set(filters.filter((c) => c.values.length > 0).map((c) => c.dimension))]);
  return cube.sets.includes(name) ? name : null;
}

/** Sum of the cells' partial figures; a count (or coalesced sum) stays 0 over no cells, as over no loans. */
function reaggregate(name: string, sql: string): string {
  const total = `sum(${measure(name)})`;
  return `${/^\s*(count|coalesce)\s*\(/i.test(sql) ? `coalesce(${total}, 0)` : total} AS ${ident(name)}`;
}

/**
 * The plan's query over the cells: the cells of the filter's dimension set that pass the filters,
 * their measures added up per group (a group with a suppressed cell is left out whole), then the
 * plan's own `finish`. A distinct count is exact over one cell only, so over several it is NULL.
 * `src` and `f` stay defined (over the empty `loan_facts`) for a finish that names them.
 */
export function cubeAnswerSql(cube: LoadedCube, set: string, plan: AggregatePlan): Fragment & { suppressed: Fragment } {
  const base = scope([], plan.source);
  const where = whereClause(plan.filters);
  const keys = Object.keys(plan.groupBy);
  const cells = `cells AS (SELECT * FROM (SELECT * FROM ${ident(cube.table)} WHERE "set" = ?) c ${where.sql})`;
  const select = [
    ...keys.map((k) => `${key(k)} AS ${ident(k)}`),
    ...Object.entries(plan.measures).map(([name, sql]) => reaggregate(name, sql)),
    ...Object.keys(plan.distinct ?? {}).map((name) => `CASE WHEN count(*) = 1 THEN max(${distinctColumn(name)}) END AS ${ident(name)}`),
  ];
  const groupBy = keys.length ? ` GROUP BY ${keys.map(key).join(', ')}` : '';
  const agg = `agg AS (SELECT ${select.join(', ')} FROM cells${groupBy} HAVING NOT coalesce(bool_or(suppressed), false))`;
  const params: SqlParam[] = [...base.params, set, ...where.params];
  return {
    sql: `${base.sql},\n${cells},\n${agg}\n${plan.finish}`,
    params,
    suppressed: {
      sql: `WITH ${cells} SELECT count(*) AS n FROM (SELECT 1 FROM cells${groupBy || ' GROUP BY ALL'} HAVING bool_or(suppressed))`,
      params: [set, ...where.params],
    },
  };
}
