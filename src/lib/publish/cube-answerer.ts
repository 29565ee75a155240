import type { Table } from 'apache-arrow';
import type { Db, QueryOptions } from '../db/types';
import { planSignature } from '../coordinator/preaggregate';
import { isAggregateQuery } from '../metrics/plan';
import type { MetricQuery } from '../metrics/query';
import { cubeAnswerSql, setFor, type LoadedCube, type Suppression } from './aggregate';

/** The answer of a metric in an aggregate dashboard: its result, and what suppression left out. */
export type CubeAnswer = { table: Table; suppression: Suppression } | { unavailable: true };

/**
 * Answers a screen's metrics in an aggregate dashboard, where the engine holds the published
 * cubes and no loan: a plan whose cube has cells for its filters' dimensions is answered from
 * them; anything else (a metric without a plan, filters on dimensions not published together) is
 * unavailable, never computed from the (empty) loans.
 */
export class CubeAnswerer {
  constructor(
    private readonly db: Db,
    private readonly cubes: ReadonlyMap<string, LoadedCube>,
    private readonly minCell: number,
  ) {}

  async query<T>(q: MetricQuery<T>, options: QueryOptions = {}): Promise<CubeAnswer> {
    if (!isAggregateQuery(q)) return { unavailable: true };
    const cube = this.cubes.get(planSignature(q.plan));
    const set = cube && setFor(cube, q.plan.filters);
    if (!cube || set === null || set === undefined) return { unavailable: true };
    const answer = cubeAnswerSql(cube, set, q.plan);
    const [table, left] = await Promise.all([
      this.db.query(answer.sql, answer.params, options),
      this.db.query(answer.suppressed.sql, answer.suppressed.params, options),
    ]);
    const groups = Number(left.get(0)?.toJSON().n ?? 0);
    // A plan without groups is one figure: a suppressed cell under it suppresses it whole.
    const all = Object.keys(q.plan.groupBy).length === 0 && groups > 0;
    return { table, suppression: { all, groups, minCell: this.minCell } };
  }
}
