import { rows, type Value } from '../../db/rows';
import { ident, type Fragment } from '../../sql/quote';
import type { MetricQuery } from '../query';
import { num, ratio } from './values';

/** Any (entity, time, state) relation: a table name through ident(), or a parenthesised subquery. */
export interface PanelSource {
  relation: Fragment;
  entity: string;
  time: string;
  state: string;
  /** Fix the state list (and its order), e.g. classes 1–5, so that unvisited states still get a row. */
  states?: readonly Value[];
}

export interface TransitionMatrix {
  /** Row and column labels, in order. */
  states: Value[];
  /** counts[i][j] = N_ij: consecutive observation pairs from states[i] to states[j]. */
  counts: number[][];
  /** N_i. */
  rowTotals: number[];
  /** P_ij = N_ij ÷ N_i (rows sum to 1); null in a row never left from. */
  rates: (number | null)[][];
  /** Number of pairs counted. */
  pairs: number;
}

/**
 * Cohort estimator (DOMAIN.md): P_ij = N_ij ÷ N_i over all pairs of consecutive observations of
 * each entity, pooled across periods. Consecutive means next in time for that entity, whatever the
 * gap; pairs with a missing state on either side are not counted.
 */
export function cohortTransitionQuery(source: PanelSource): MetricQuery<TransitionMatrix> {
  const e = ident(source.entity);
  const t = ident(source.time);
  const s = ident(source.state);
  const sql = `WITH obs AS (
  SELECT ${e} AS entity, ${t} AS time, ${s} AS state FROM ${source.relation.sql} AS panel
  WHERE ${e} IS NOT NULL AND ${t} IS NOT NULL),
pairs AS (
  SELECT state AS from_state, lead(state) OVER w AS to_state, lead(time) OVER w AS next_time
  FROM obs WINDOW w AS (PARTITION BY entity ORDER BY time))
SELECT from_state, to_state, count(*) AS n FROM pairs
WHERE next_time IS NOT NULL AND from_state IS NOT NULL AND to_state IS NOT NULL
GROUP BY from_state, to_state`;
  return {
    needs: [],
    sql,
    params: [...source.relation.params],
    shape(table) {
      const cells = rows(table).map((r) => ({ from: r.from_state, to: r.to_state, n: num(r.n) }));
      const states = source.states ? [...source.states] : sortedStates(cells.flatMap((c) => [c.from, c.to]));
      return transitionMatrix(states, cells);
    },
  };
}

/** Builds the matrix from (from, to, n) cells; cells outside `states` are ignored. */
export function transitionMatrix(states: Value[], cells: readonly { from: Value; to: Value; n: number }[]): TransitionMatrix {
  const index = new Map(states.map((v, i) => [key(v), i]));
  const counts = states.map(() => states.map(() => 0));
  for (const c of cells) {
    const i = index.get(key(c.from));
    const j = index.get(key(c.to));
    if (i !== undefined && j !== undefined) counts[i][j] += c.n;
  }
  const rowTotals = counts.map((r) => r.reduce((a, b) => a + b, 0));
  return {
    states,
    counts,
    rowTotals,
    rates: counts.map((r, i) => r.map((n) => ratio(n, rowTotals[i]))),
    pairs: rowTotals.reduce((a, b) => a + b, 0),
  };
}

/** States compare by value, so 1 (number) and 1 from another column type meet. */
function key(v: Value): string {
  return typeof v === 'number' ? `n:${v}` : `${typeof v}:${String(v)}`;
}

function sortedStates(values: Value[]): Value[] {
  const unique = [...new Map(values.map((v) => [key(v), v])).values()];
  return unique.sort((a, b) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b)),
  );
}
