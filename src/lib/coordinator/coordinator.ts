import type { Table } from 'apache-arrow';
import { classifyDbError, type Db, type QueryOptions } from '../db/types';
import { isAggregateQuery, planSql, type AggregatePlan } from '../metrics/plan';
import type { MetricQuery } from '../metrics/query';
import { QueryCache } from './query-cache';
import { answers, answerSql, cubeKey, cubeSql, filteredDimensions, planSignature, type CubeSpec } from './preaggregate';
import { clickTargets, MAX_PREFETCH_ANSWERS, MAX_PREFETCH_VALUES, PREFETCH_MARK } from './prefetch';
import { ident } from '../sql/quote';
import { column } from '../db/rows';
import { countsDistinct, distinctBuildSql, distinctDropSql, distinctKey, setsTable, type DistinctSpec } from './distinct';

export interface CoordinatorOptions {
  /**
   * Answer filter changes from pre-aggregates (false: every query scans the loans, for comparison).
   * Read on every query; when it changes the result cache is emptied so both paths start cold.
   */
  preaggregate: () => boolean;
  /** A cube with more rows than this is no faster than the loans themselves: dropped, plain queries. */
  maxCubeRows?: number;
  /** Answer the clicks on hot dimensions ahead, from the cubes (default on; off: each click asks its cubes). */
  prefetch?: () => boolean;
  /** Cube reads as quick queries (QueryOptions.quick, default on; off: a connection per read, as before, to compare). */
  quick?: () => boolean;
}

interface BuildState {
  status: 'building' | 'ready' | 'failed';
  rows?: number;
  reason?: string;
}
type CubeState = CubeSpec &
  BuildState & {
    /** The values of each of its dimensions (as text, like filter values), read once it is built. */
    values?: Map<string, string[]>;
  };
type DistinctState = DistinctSpec & BuildState;

/** Pre-aggregate tables are named uniquely across coordinators on one engine (they are ordinary tables). */
let tableCounter = 0;

function prefetchKey(version: number, sql: string, params: readonly unknown[]): string {
  return `${version}\u0000${sql}\u0000${JSON.stringify(params, (_, v) => (typeof v === 'bigint' ? String(v) : v))}`;
}

/** Whether a cube's answer to the plan still reads the loans (see answerSql). */
function needsLoans(plan: AggregatePlan, distinct: Readonly<Record<string, unknown>>): boolean {
  return Object.keys(plan.exact ?? {}).length > 0 || Object.keys(plan.distinct ?? {}).some((name) => !distinct[name]);
}

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
  /** Answers computed ahead of a click (prefetch.ts), and how many of them a view then asked for. */
  prefetched = 0;
  prefetchHits = 0;
  /** Plans answered since the last prefetch wave, by signature, with their filters now. */
  private prefetchPlans = new Map<string, AggregatePlan>();
  private prefetchTimer?: ReturnType<typeof setTimeout>;
  private prefetchWave = 0;
  private prefetching: Promise<void> = Promise.resolve();
  private readonly prefetchedKeys = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly options: CoordinatorOptions,
  ) {
    this.cache = new QueryCache(db);
  }

  private lastMode: string | undefined;

  /** Whether to pre-aggregate; a change of mode (or of answering ahead) empties the cache, so each mode starts cold. */
  private get preaggregating(): boolean {
    const on = this.options.preaggregate();
    const mode = `${on}|${this.options.prefetch?.() ?? true}|${this.options.quick?.() ?? true}`;
    if (this.lastMode !== undefined && mode !== this.lastMode) {
      this.cache.clear();
      this.prefetchedKeys.clear();
    }
    this.lastMode = mode;
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

  /**
   * The result of a query answered before (plain, from a cube or ahead of a click), now, without a
   * promise: a view can show it in the same redraw as the click that asked for it.
   */
  peek<T>(version: number, q: MetricQuery<T>): Table | undefined {
    if (version !== this.version) return undefined;
    const aggregate = this.preaggregating && isAggregateQuery(q);
    const table = this.cache.peek(version, q.sql, q.params);
    if (!table) return undefined;
    if (aggregate) {
      this.fromCache++;
      if (this.prefetchedKeys.delete(prefetchKey(version, q.sql, q.params))) this.prefetchHits++;
      this.schedulePrefetch(version, q.plan);
    }
    return table;
  }

  /** Views' queries under way; background work (cube builds, answers ahead) waits until there are none. */
  private foreground = 0;
  private quietWaiters: (() => void)[] = [];

  async query<T>(version: number, q: MetricQuery<T>, options: QueryOptions = {}): Promise<Table> {
    this.foreground++;
    try {
      return await this.answer(version, q, options);
    } finally {
      if (--this.foreground === 0) setTimeout(() => this.wakeBackground(), 0);
    }
  }

  private wakeBackground(): void {
    if (this.foreground > 0) return;
    const waiters = this.quietWaiters;
    this.quietWaiters = [];
    for (const w of waiters) w();
  }

  /**
   * Resolves once no view waits on a query (and a task has passed, so that the views a result
   * mounts can ask theirs first): a screen's figures never queue behind a cube being built.
   */
  private foregroundQuiet(): Promise<void> {
    if (this.foreground === 0) return new Promise((r) => setTimeout(r, 0));
    return new Promise((r) => this.quietWaiters.push(r));
  }

  private async answer<T>(version: number, q: MetricQuery<T>, options: QueryOptions): Promise<Table> {
    this.onVersion(version);
    if (!this.preaggregating || !isAggregateQuery(q)) return this.plain(version, q, options);
    // The same query answered before (plain, before its cube was ready): that result, not a new
    // run from the cube. Counted under neither path: no engine call.
    if (this.cache.has(version, q.sql, q.params)) {
      this.fromCache++;
      if (this.prefetchedKeys.delete(prefetchKey(version, q.sql, q.params))) this.prefetchHits++;
      this.schedulePrefetch(version, q.plan);
      return this.cache.query(version, q.sql, q.params, options);
    }
    const cube = this.readyCube(q.plan);
    if (cube) {
      const distinct = this.readyDistincts(q.plan);
      const answer = answerSql(cube, q.plan, distinct);
      this.answered.preaggregate++;
      this.distinctAnswered += Object.keys(distinct).length;
      try {
        // Over the cube's few rows unless a figure still needs the loans (an exact aggregate, a distinct count without its pre-aggregate).
        const quick = (this.options.quick?.() ?? true) && !needsLoans(q.plan, distinct);
        const table = await this.cache.query(version, answer.sql, answer.params, { ...options, quick });
        // A distinct count over a combination of dimensions not seen before came from the loans: next time from a pre-aggregate.
        if (Object.keys(distinct).length < Object.keys(q.plan.distinct ?? {}).length) this.schedule(version, q.plan);
        this.schedulePrefetch(version, q.plan);
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

  /** Resolves when every scheduled cube is built (or failed) and the answers ahead of a click are in. */
  async idle(): Promise<void> {
    for (;;) {
      const [builds, prefetching] = [this.builds, this.prefetching];
      await Promise.all([builds, prefetching]);
      if (this.prefetchTimer === undefined && builds === this.builds && prefetching === this.prefetching) return;
      await new Promise((r) => setTimeout(r, 0));
    }
  }

  /**
   * Answers ahead of the user: once the views have their figures, the plans just answered are
   * answered again from their cubes for every plain click on a value of a hot dimension (a class
   * bar, a stage…), one query at a time, and kept in the cache under the SQL the views will issue
   * then. The click is then a cache hit, with no engine call. A new wave (the next click, another
   * book) stops the one under way; a click that comes first waits for at most one such query.
   */
  private schedulePrefetch(version: number, plan: AggregatePlan): void {
    if (this.hot.size === 0 || !(this.options.prefetch?.() ?? true)) return;
    this.prefetchPlans.set(planSignature(plan), plan);
    if (this.prefetchTimer !== undefined) return;
    this.prefetchTimer = setTimeout(() => {
      this.prefetchTimer = undefined;
      this.prefetching = this.prefetch(version);
    }, 0);
  }

  private async prefetch(version: number): Promise<void> {
    const wave = ++this.prefetchWave;
    const plans = [...this.prefetchPlans.values()];
    this.prefetchPlans.clear();
    await this.builds;
    const current = () => wave === this.prefetchWave && version === this.version && this.preaggregating;
    let answers = 0;
    for (const plan of plans) {
      const values = this.hotValues(plan);
      for (const filters of clickTargets(plan.filters, values)) {
        if (!current() || answers >= MAX_PREFETCH_ANSWERS) return;
        // A view's query goes first; a click that asks what is being answered ahead shares the run.
        if (this.foreground > 0) await this.foregroundQuiet();
        if (!current()) return;
        const target: AggregatePlan = { ...plan, filters };
        const plain = planSql(target);
        if (this.cache.has(version, plain.sql, plain.params)) continue;
        const cube = this.readyCube(target);
        if (!cube) continue;
        const distinct = this.readyDistincts(target);
        // Only what the cubes answer alone: a figure that needs the loans is left to the click.
        if (needsLoans(target, distinct)) continue;
        const answer = answerSql(cube, target, distinct);
        answers++;
        this.prefetched++;
        this.prefetchedKeys.add(prefetchKey(version, plain.sql, plain.params));
        await this.cache
          .remember(version, plain.sql, plain.params, () => this.db.query(PREFETCH_MARK + answer.sql, answer.params, { quick: true }))
          .catch(() => this.prefetchedKeys.delete(prefetchKey(version, plain.sql, plain.params)));
      }
    }
  }

  /** The values of the hot dimensions, from a ready cube of this plan that has them. */
  private hotValues(plan: AggregatePlan): Map<string, string[]> {
    const out = new Map<string, string[]>();
    const sig = planSignature(plan);
    for (const d of new Set([...this.hot.values()].flat())) {
      for (const c of this.cubes.values()) {
        const vs = c.status === 'ready' && planSignature(c.plan) === sig ? c.values?.get(d) : undefined;
        if (vs) {
          out.set(d, vs);
          break;
        }
      }
    }
    return out;
  }

  private plain<T>(version: number, q: MetricQuery<T>, options: QueryOptions): Promise<Table> {
    this.answered.plain++;
    return this.cache.query(version, q.sql, q.params, options);
  }

  private onVersion(version: number): void {
    if (version === this.version) return;
    this.version = version;
    this.recent.clear();
    this.prefetchedKeys.clear();
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
    await this.foregroundQuiet();
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
    await this.foregroundQuiet();
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
      spec.values = await this.dimensionValues(spec);
      spec.status = this.cubes.get(spec.key) === spec ? 'ready' : 'failed';
      this.dropSuperseded(spec);
      if (spec.status === 'ready') for (const plan of this.recent.values()) this.schedulePrefetch(version, plan);
    } catch (e) {
      // Out of memory (or anything else): this plan keeps the plain query.
      const err = classifyDbError(e);
      spec.status = 'failed';
      spec.reason = `${err.kind}: ${err.message}`;
    }
  }

  /** Each dimension's non-null values in the cube, as filter text; none for a dimension with too many to prefetch. */
  private async dimensionValues(spec: CubeState): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const d of spec.dimensions) {
      const t = await this.db.query(`SELECT DISTINCT ${ident(d)} AS v FROM ${ident(spec.table)} WHERE ${ident(d)} IS NOT NULL LIMIT ${MAX_PREFETCH_VALUES + 1}`);
      const vs = column(t, 'v');
      if (vs.length <= MAX_PREFETCH_VALUES) out.set(d, vs.map((v) => String(v)).sort());
    }
    return out;
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
