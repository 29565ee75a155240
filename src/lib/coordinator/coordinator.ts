import type { Table } from 'apache-arrow';
import { classifyDbError, type Db, type QueryOptions } from '../db/types';
import { isAggregateQuery, type AggregatePlan } from '../metrics/plan';
import type { MetricQuery } from '../metrics/query';
import { QueryCache } from './query-cache';
import { answers, answerSql, cubeKey, cubeSql, filteredDimensions, planSignature, type CubeSpec } from './preaggregate';
import { countsDistinct, distinctBuildSql, distinctDropSql, distinctKey, setsTable, type DistinctSpec } from './distinct';

export interface CoordinatorOptions {
  /**
   * Answer filter changes from pre-aggregates (false: every query scans the loans, for comparison).
   * Read on every query; when it changes the result cache is emptied so both paths start cold.
   */
  preaggregate: () => boolean;
  /** A cube with more rows than this is no faster than the loans themselves: dropped, plain queries. */
  maxCubeRows?: number;
}

interface BuildState {
  status: 'building' | 'ready' | 'failed';
  rows?: number;
  reason?: string;
}
type CubeState = CubeSpec & BuildState;
type DistinctState = DistinctSpec & BuildState;

/** Pre-aggregate tables are named uniquely across coordinators on one engine (they are ordinary tables). */
let tableCounter = 0;

/** What answered a query. */
export type Route = 'cache' | 'plain' | 'preaggregate';

/**
 * Between the metrics and the views: every view's query goes through here. It owns the result
 * cache, and for metrics written as aggregate plans (metrics/plan.ts) it keeps pre-aggregated
 * tables over the dimensions a click filters on, so that a click is answered from a few hundred
 * rows rather than a scan of every loan.
 *
 * A cube is built after a plan is first answered (so a screen's first render never waits for
 * one), over the dimensions the screen declares hot (`prepare`) plus those already filtered.
 * A plan whose filters leave the cube's dimensions, a cube that failed to build (memory) or came
 * out too large, and every metric without a plan take the plain query.
 */
export class Coordinator {
  readonly cache: QueryCache;
  private cubes = new Map<string, CubeState>();
  /** Pre-aggregates of distinct counts (distinct.ts), one per column, source and dimension set. */
  private distincts = new Map<string, DistinctState>();
  private hot = new Map<symbol, readonly string[]>();
  /** The last plan answered per signature: a view that mounts later gets cubes for them too. */
  private recent = new Map<string, AggregatePlan>();
  private version = -1;
  private builds: Promise<void> = Promise.resolve();
  /** How many queries each path answered (a cache hit counts under its path), for tests and the benchmark. */
  readonly answered: Record<Exclude<Route, 'cache'>, number> = { plain: 0, preaggregate: 0 };
  /** Aggregate queries answered by the result of the same plain query run before (no engine call). */
  fromCache = 0;
  /** How many distinct counts (of answers from a cube) came from their own pre-aggregate rather than the loans. */
  distinctAnswered = 0;

  constructor(
    private readonly db: Db,
    private readonly options: CoordinatorOptions,
  ) {
    this.cache = new QueryCache(db);
  }

  private lastMode: boolean | undefined;

  private get preaggregating(): boolean {
    const on = this.options.preaggregate();
    if (this.lastMode !== undefined && on !== this.lastMode) this.cache.clear();
    this.lastMode = on;
    return on;
  }

  /**
   * Dimensions a mounted view filters on when clicked, so that cubes cover them before the first
   * click. Returns the release for when the view goes.
   */
  prepare(dimensions: readonly string[]): () => void {
    const id = Symbol('view');
    this.hot.set(id, dimensions);
    if (this.preaggregating) for (const plan of this.recent.values()) this.schedule(this.version, plan);
    return () => this.hot.delete(id);
  }

  async query<T>(version: number, q: MetricQuery<T>, options: QueryOptions = {}): Promise<Table> {
    this.onVersion(version);
    if (!this.preaggregating || !isAggregateQuery(q)) return this.plain(version, q, options);
    // The same query answered before (plain, before its cube was ready): that result, not a new
    // run from the cube. Counted under neither path: no engine call.
    if (this.cache.has(version, q.sql, q.params)) {
      this.fromCache++;
      return this.cache.query(version, q.sql, q.params, options);
    }
    const cube = this.readyCube(q.plan);
    if (cube) {
      const distinct = this.readyDistincts(q.plan);
      const answer = answerSql(cube, q.plan, distinct);
      this.answered.preaggregate++;
      this.distinctAnswered += Object.keys(distinct).length;
      try {
        const table = await this.cache.query(version, answer.sql, answer.params, options);
        // A distinct count over a combination of dimensions not seen before came from the loans: next time from a pre-aggregate.
        if (Object.keys(distinct).length < Object.keys(q.plan.distinct ?? {}).length) this.schedule(version, q.plan);
        return table;
      } catch (e) {
        if (classifyDbError(e).kind === 'cancelled') throw e;
        for (const used of [cube, ...Object.values(distinct)]) {
          used.status = 'failed';
          used.reason = String(e);
        }
      }
    }
    const table = await this.plain(version, q, options);
    this.schedule(version, q.plan);
    return table;
  }

  /** Drops every cube (their tables too) and the cache: the book changed. */
  async clear(): Promise<void> {
    const drops = [...[...this.cubes.values()].map((c) => `DROP TABLE IF EXISTS "${c.table}"`), ...[...this.distincts.values()].flatMap(distinctDropSql)];
    this.cubes.clear();
    this.distincts.clear();
    this.cache.clear();
    await this.builds;
    for (const sql of drops) await this.db.exec(sql).catch(() => undefined);
  }

  /** The cubes and their state, for tests and the benchmark. */
  describe(): { key: string; status: string; rows?: number; reason?: string }[] {
    return [...this.cubes.values(), ...this.distincts.values()].map(({ key, status, rows, reason }) => ({ key, status, rows, reason }));
  }

  /** Resolves when every scheduled cube is built (or failed). */
  idle(): Promise<void> {
    return this.builds;
  }

  private plain<T>(version: number, q: MetricQuery<T>, options: QueryOptions): Promise<Table> {
    this.answered.plain++;
    return this.cache.query(version, q.sql, q.params, options);
  }

  private onVersion(version: number): void {
    if (version === this.version) return;
    this.version = version;
    this.recent.clear();
    if (this.cubes.size || this.distincts.size) void this.clear();
  }

  private readyCube(plan: AggregatePlan): CubeState | undefined {
    for (const c of this.cubes.values()) if (c.status === 'ready' && answers(c, plan)) return c;
    return undefined;
  }

  /** For each distinct count of the plan, a ready pre-aggregate that counts it under the plan's filters. */
  private readyDistincts(plan: AggregatePlan): Record<string, DistinctState> {
    const filtered = filteredDimensions(plan.filters);
    const out: Record<string, DistinctState> = {};
    for (const [name, column] of Object.entries(plan.distinct ?? {})) {
      for (const d of this.distincts.values()) {
        if (d.status === 'ready' && countsDistinct(d, column, plan.source, filtered)) {
          out[name] = d;
          break;
        }
      }
    }
    return out;
  }

  /** Builds a cube for the plan over the hot and filtered dimensions, unless one exists or is on its way. */
  private schedule(version: number, plan: AggregatePlan): void {
    this.recent.set(planSignature(plan), plan);
    const hot = [...new Set([...this.hot.values()].flat())];
    const filtered = filteredDimensions(plan.filters);
    const dimensions = [...new Set([...hot, ...filtered])].sort();
    if (dimensions.length === 0) return;
    const key = cubeKey(plan, dimensions);
    if (!this.cubes.has(key)) {
      // A cube with fewer dimensions for the same plan is superseded once this one is ready.
      const spec: CubeState = { key, table: `lbl_preagg_${++tableCounter}`, plan: { ...plan, filters: [] }, dimensions, status: 'building' };
      this.cubes.set(key, spec);
      this.builds = this.builds.then(() => this.build(version, spec));
    }
    // Distinct counts: profiles over few dimensions stay few, so one pre-aggregate per hot
    // dimension (a click filters one) and one over the dimensions filtered now.
    const groups = [...hot.map((d) => [d]), ...(filtered.length ? [[...filtered].sort()] : [])];
    for (const column of new Set(Object.values(plan.distinct ?? {}))) {
      for (const dims of groups) this.scheduleDistinct(version, column, plan.source, dims);
    }
  }

  private scheduleDistinct(version: number, column: string, source: AggregatePlan['source'], dimensions: readonly string[]): void {
    const key = distinctKey(column, source, dimensions);
    if (this.distincts.has(key)) return;
    const spec: DistinctState = { key, table: `lbl_preagg_d${++tableCounter}`, column, source, dimensions, status: 'building' };
    this.distincts.set(key, spec);
    this.builds = this.builds.then(() => this.buildDistinct(version, spec));
  }

  private async buildDistinct(version: number, spec: DistinctState): Promise<void> {
    if (version !== this.version || this.distincts.get(spec.key) !== spec) return;
    try {
      for (const step of distinctBuildSql(spec)) await this.db.exec(step.sql, step.params);
      const count = await this.db.query(`SELECT count(*) AS n FROM ${setsTable(spec)}`);
      spec.rows = Number(count.toArray()[0]?.n ?? 0);
      if (spec.rows > (this.options.maxCubeRows ?? 250_000)) {
        spec.status = 'failed';
        spec.reason = `too many rows (${spec.rows})`;
        for (const sql of distinctDropSql(spec)) await this.db.exec(sql);
        return;
      }
      spec.status = this.distincts.get(spec.key) === spec ? 'ready' : 'failed';
    } catch (e) {
      // Out of memory (or anything else): the count keeps coming from the loans.
      const err = classifyDbError(e);
      spec.status = 'failed';
      spec.reason = `${err.kind}: ${err.message}`;
    }
  }

  private async build(version: number, spec: CubeState): Promise<void> {
    if (version !== this.version || this.cubes.get(spec.key) !== spec) return;
    const create = cubeSql(spec);
    try {
      await this.db.exec(create.sql, create.params);
      const count = await this.db.query(`SELECT count(*) AS n FROM "${spec.table}"`);
      spec.rows = Number(count.toArray()[0]?.n ?? 0);
      if (spec.rows > (this.options.maxCubeRows ?? 250_000)) {
        spec.status = 'failed';
        spec.reason = `too many rows (${spec.rows})`;
        await this.db.exec(`DROP TABLE IF EXISTS "${spec.table}"`);
        return;
      }
      spec.status = this.cubes.get(spec.key) === spec ? 'ready' : 'failed';
      this.dropSuperseded(spec);
    } catch (e) {
      // Out of memory (or anything else): this plan keeps the plain query.
      const err = classifyDbError(e);
      spec.status = 'failed';
      spec.reason = `${err.kind}: ${err.message}`;
    }
  }

  /** Cubes of the same plan over a subset of this one's dimensions answer nothing this one cannot. */
  private dropSuperseded(spec: CubeState): void {
    const sig = planSignature(spec.plan);
    for (const [key, c] of this.cubes) {
      if (c === spec || c.status !== 'ready' || planSignature(c.plan) !== sig) continue;
      if (c.dimensions.every((d) => spec.dimensions.includes(d))) {
        this.cubes.delete(key);
        void this.db.exec(`DROP TABLE IF EXISTS "${c.table}"`).catch(() => undefined);
      }
    }
  }
}
