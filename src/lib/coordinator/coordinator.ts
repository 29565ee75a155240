import type { Table } from 'apache-arrow';
import { classifyDbError, type Db, type QueryOptions } from '../db/types';
import { isAggregateQuery, type AggregatePlan } from '../metrics/plan';
import type { MetricQuery } from '../metrics/query';
import { QueryCache } from './query-cache';
import { answers, answerSql, cubeKey, cubeSql, filteredDimensions, planSignature, type CubeSpec } from './preaggregate';

export interface CoordinatorOptions {
  /**
   * Answer filter changes from pre-aggregates (false: every query scans the loans, for comparison).
   * Read on every query; when it changes the result cache is emptied so both paths start cold.
   */
  preaggregate: () => boolean;
  /** A cube with more rows than this is no faster than the loans themselves: dropped, plain queries. */
  maxCubeRows?: number;
}

type CubeState = CubeSpec & { status: 'building' | 'ready' | 'failed'; rows?: number; reason?: string };

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
  private hot = new Map<symbol, readonly string[]>();
  /** The last plan answered per signature: a view that mounts later gets cubes for them too. */
  private recent = new Map<string, AggregatePlan>();
  private version = -1;
  private builds: Promise<void> = Promise.resolve();
  private counter = 0;
  /** How many queries each path answered (a cache hit counts under its path), for tests and the benchmark. */
  readonly answered: Record<Exclude<Route, 'cache'>, number> = { plain: 0, preaggregate: 0 };

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
    const cube = this.readyCube(q.plan);
    if (cube) {
      const answer = answerSql(cube, q.plan);
      this.answered.preaggregate++;
      try {
        return await this.cache.query(version, answer.sql, answer.params, options);
      } catch (e) {
        if (classifyDbError(e).kind === 'cancelled') throw e;
        cube.status = 'failed';
        cube.reason = String(e);
      }
    }
    const table = await this.plain(version, q, options);
    this.schedule(version, q.plan);
    return table;
  }

  /** Drops every cube (their tables too) and the cache: the book changed. */
  async clear(): Promise<void> {
    const tables = [...this.cubes.values()].map((c) => c.table);
    this.cubes.clear();
    this.cache.clear();
    await this.builds;
    for (const t of tables) await this.db.exec(`DROP TABLE IF EXISTS "${t}"`).catch(() => undefined);
  }

  /** The cubes and their state, for tests and the benchmark. */
  describe(): { key: string; status: string; rows?: number; reason?: string }[] {
    return [...this.cubes.values()].map(({ key, status, rows, reason }) => ({ key, status, rows, reason }));
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
    if (this.cubes.size) void this.clear();
  }

  private readyCube(plan: AggregatePlan): CubeState | undefined {
    for (const c of this.cubes.values()) if (c.status === 'ready' && answers(c, plan)) return c;
    return undefined;
  }

  /** Builds a cube for the plan over the hot and filtered dimensions, unless one exists or is on its way. */
  private schedule(version: number, plan: AggregatePlan): void {
    this.recent.set(planSignature(plan), plan);
    const dimensions = [...new Set([...[...this.hot.values()].flat(), ...filteredDimensions(plan.filters)])].sort();
    if (dimensions.length === 0) return;
    const key = cubeKey(plan, dimensions);
    if (this.cubes.has(key)) return;
    // A cube with fewer dimensions for the same plan is superseded once this one is ready.
    const spec: CubeState = { key, table: `lbl_preagg_${++this.counter}`, plan: { ...plan, filters: [] }, dimensions, status: 'building' };
    this.cubes.set(key, spec);
    this.builds = this.builds.then(() => this.build(version, spec));
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
