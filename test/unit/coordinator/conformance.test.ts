import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { readFile } from 'node:fs/promises';
import { readParquet } from 'parquet-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBook } from '../../../scripts/sample/book.mjs';
import { createRng } from '../../../scripts/sample/prng.mjs';
import { activateStaged, STAGE_PREFIX } from '../../../src/lib/book/activate';
import { Coordinator } from '../../../src/lib/coordinator/coordinator';
import { openNodeDb } from '../../../src/lib/db/node';
import type { Db } from '../../../src/lib/db/types';
import type { AggregateQuery } from '../../../src/lib/metrics/plan';
import { breakdownQuery, heatmapQuery } from '../../../src/lib/metrics/portfolio/breakdown';
import { classMixQuery, stageMixQuery } from '../../../src/lib/metrics/portfolio/mix';
import { overviewQuery } from '../../../src/lib/metrics/portfolio/overview';
import { trendQuery } from '../../../src/lib/metrics/portfolio/trend';
import type { FilterClause, FilterSet } from '../../../src/lib/sql/filters';
import { ident } from '../../../src/lib/sql/quote';

/**
 * Conformance of the pre-aggregated path: for every metric written as an aggregate plan, random
 * filter sets over text, numeric and boolean dimensions give the same result from the cube as
 * from the plain query over the loans, to 1e-9 — on the sample book and on a freshly generated one.
 */

const TEXT = ['industry', 'region', 'branch', 'enterprise_size', 'product', 'amount_bucket', 'term_bucket', 'dpd_bucket'];
const NUMERIC = ['five_class', 'vintage_year', 'ifrs9_stage'];
const BOOLEAN = ['is_inclusive_sme'];
const DIMENSIONS = [...TEXT, ...NUMERIC, ...BOOLEAN];
const SETS = 12;

type Build = (f: FilterSet) => AggregateQuery<unknown>;

function measured(asOf: string | undefined): [string, Build][] {
  return [
    ['overview', (f) => overviewQuery(f)],
    ['overview as of', (f) => overviewQuery(f, { asOf })],
    ['class mix', (f) => classMixQuery(f)],
    ['stage mix', (f) => stageMixQuery(f)],
    ['trend over the snapshots', (f) => trendQuery(f)],
    ['breakdown by industry', (f) => breakdownQuery(f, { dimension: 'industry' })],
    ['breakdown by vintage year', (f) => breakdownQuery(f, { dimension: 'vintage_year' })],
    ['breakdown by class as of', (f) => breakdownQuery(f, { dimension: 'five_class', asOf })],
    ['heatmap industry × region', (f) => heatmapQuery(f, { rows: 'industry', columns: 'region' })],
  ];
}

async function loadParquet(db: Db, table: string, path: string): Promise<void> {
  await db.insertArrowIPC(table, readParquet(new Uint8Array(await readFile(path))).intoIPCStream());
}

/** The app's engine holding a book read from Parquet files, activated as the app does. */
async function openBook(dir: string): Promise<Db> {
  const db = await openNodeDb();
  for (const t of ['loans', 'snapshots', 'inspections']) await loadParquet(db, STAGE_PREFIX + t, join(dir, `${t}.parquet`));
  await activateStaged(db);
  return db;
}

/** A book from the sample generator with another seed and size, written as Parquet. */
async function generatedBook(dir: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await buildBook(conn, { loans: 4_000, seed: 20261201 });
  for (const t of ['loans', 'snapshots', 'inspections']) await conn.run(`COPY ${t} TO '${join(dir, `${t}.parquet`)}' (FORMAT parquet)`);
  conn.closeSync();
  instance.closeSync();
}

/** Random filter sets drawn from the values the book has (and sometimes "missing"). */
async function randomSets(db: Db, seed: number): Promise<FilterSet[]> {
  const values: Record<string, (string | null)[]> = {};
  for (const d of DIMENSIONS) {
    const t = await db.query(`SELECT DISTINCT CAST(${ident(d)} AS VARCHAR) AS v FROM loan_facts ORDER BY 1 NULLS LAST`);
    values[d] = t.toArray().map((r) => (r.v === null ? null : String(r.v)));
  }
  const rng = createRng(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)];
  const sets: FilterSet[] = [];
  for (let i = 0; i < SETS; i++) {
    const dims = new Set<string>();
    const n = 1 + Math.floor(rng.next() * 3);
    // Every set has a numeric or boolean dimension and a text one at least every other time.
    dims.add(pick([...NUMERIC, ...BOOLEAN]));
    while (dims.size < n) dims.add(pick(i % 2 ? TEXT : DIMENSIONS));
    const set: FilterClause[] = [...dims].map((d) => {
      const k = 1 + Math.floor(rng.next() * 2);
      return { dimension: d, values: [...new Set(Array.from({ length: k }, () => pick(values[d])))] };
    });
    sets.push(set);
  }
  return sets;
}

/** Non-zero numbers among the leaves: a result of nulls and zeros would conform and prove nothing. */
function numbers(x: unknown): number {
  if (typeof x === 'number') return x !== 0 && Number.isFinite(x) ? 1 : 0;
  if (x && typeof x === 'object') return Object.values(x).reduce<number>((n, v) => n + numbers(v), 0);
  return 0;
}

/** Deep equality with numbers compared to a relative 1e-9. */
function expectClose(actual: unknown, expected: unknown, path: string): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const tol = 1e-9 * Math.max(1, Math.abs(expected));
    if (!(Math.abs(actual - expected) <= tol)) expect.fail(`${path}: ${actual} ≠ ${expected}`);
    return;
  }
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true);
    expect((actual as unknown[]).length, `${path}.length`).toBe(expected.length);
    expected.forEach((e, i) => expectClose((actual as unknown[])[i], e, `${path}[${i}]`));
    return;
  }
  if (expected && typeof expected === 'object' && !(expected instanceof Date)) {
    expect(Object.keys(actual as object).sort(), path).toEqual(Object.keys(expected).sort());
    for (const k of Object.keys(expected)) expectClose((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], `${path}.${k}`);
    return;
  }
  expect(actual, path).toEqual(expected);
}

async function conforms(db: Db, seed: number): Promise<number> {
  // Each click asks its cubes here (nothing answered ahead): conformsAhead covers the answers ahead.
  const coordinator = new Coordinator(db, { preaggregate: () => true, prefetch: () => false, maxCubeRows: 1_000_000 });
  coordinator.prepare(DIMENSIONS);
  const asOf = String((await db.query('SELECT max(snapshot_date)::VARCHAR AS d FROM snapshots')).toArray()[0].d);
  const sets = await randomSets(db, seed);
  let compared = 0;
  let distinctCompared = 0;
  for (const [name, build] of measured(asOf)) {
    let figures = 0;
    // The first answer is plain and schedules the cube; later ones come from it.
    await coordinator.query(1, build([]));
    await coordinator.idle();
    expect(coordinator.describe().filter((c) => c.status === 'failed')).toEqual([]);
    for (const [i, set] of sets.entries()) {
      const q = build(set);
      const before = coordinator.answered.preaggregate;
      const fromCube = q.shape(await coordinator.query(1, q));
      expect(coordinator.answered.preaggregate, `${name}: set ${i} from the cube`).toBe(before + 1);
      const plain = q.shape(await db.query(q.sql, q.params));
      expectClose(fromCube, plain, `${name} ${JSON.stringify(set)}`);
      if (q.plan.distinct) {
        // Distinct counts over this combination of dimensions now have their pre-aggregate (distinct.ts).
        await coordinator.idle();
        const counted = coordinator.distinctAnswered;
        const fromDistinct = q.shape(await coordinator.query(1, q));
        expect(coordinator.distinctAnswered - counted, `${name}: set ${i} distinct counts pre-aggregated`).toBe(Object.keys(q.plan.distinct).length);
        expectClose(fromDistinct, plain, `${name} (distinct pre-aggregate) ${JSON.stringify(set)}`);
        distinctCompared++;
      }
      figures += numbers(plain);
      compared++;
    }
    expect(figures, `${name}: non-zero figures compared`).toBeGreaterThan(sets.length * 2);
  }
  // The overview now and as of a date carry distinct borrowers.
  expect(distinctCompared).toBe(2 * sets.length);
  return compared;
}

/** Dimensions the answers-ahead check clicks: numeric, boolean and text, each with a few values. */
const AHEAD = ['five_class', 'ifrs9_stage', 'is_inclusive_sme', 'region'];

/**
 * Every plain click on a value of a hot dimension, answered ahead of the click from the cubes
 * (coordinator prefetch): served from the cache with no engine call, and equal to the plain query.
 */
async function conformsAhead(db: Db): Promise<number> {
  const asOf = String((await db.query('SELECT max(snapshot_date)::VARCHAR AS d FROM snapshots')).toArray()[0].d);
  let compared = 0;
  for (const [name, build] of measured(asOf)) {
    const coordinator = new Coordinator(db, { preaggregate: () => true, maxCubeRows: 1_000_000 });
    coordinator.prepare(AHEAD);
    await coordinator.query(1, build([]));
    await coordinator.idle();
    for (const d of AHEAD) {
      const t = await db.query(`SELECT DISTINCT CAST(${ident(d)} AS VARCHAR) AS v FROM loan_facts WHERE ${ident(d)} IS NOT NULL ORDER BY 1`);
      for (const v of t.toArray().map((r) => String(r.v))) {
        const q = build([{ dimension: d, values: [v] }]);
        const [hits, engineCalls] = [coordinator.prefetchHits, coordinator.answered.plain + coordinator.answered.preaggregate];
        const ahead = q.shape(await coordinator.query(1, q));
        expect(coordinator.prefetchHits, `${name}: ${d} = ${v} answered ahead`).toBe(hits + 1);
        expect(coordinator.answered.plain + coordinator.answered.preaggregate, `${name}: ${d} = ${v} no engine call`).toBe(engineCalls);
        expectClose(ahead, q.shape(await db.query(q.sql, q.params)), `${name} ahead ${d} = ${v}`);
        compared++;
      }
    }
  }
  return compared;
}

describe('pre-aggregates answer exactly what the plain queries answer', () => {
  let sample: Db;
  let generated: Db;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lbl-conformance-'));
    await generatedBook(dir);
    [sample, generated] = await Promise.all([openBook('data-samples/bank-a'), openBook(dir)]);
  }, 180_000);
  afterAll(async () => {
    await sample?.close();
    await generated?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('on the sample book', async () => {
    expect(await conforms(sample, 1)).toBe(SETS * measured(undefined).length);
  }, 300_000);

  it('on a generated book', async () => {
    expect(await conforms(generated, 2)).toBe(SETS * measured(undefined).length);
  }, 300_000);

  it('answered ahead of the click, on the sample book and on a generated book', async () => {
    for (const db of [sample, generated]) expect(await conformsAhead(db)).toBeGreaterThan(measured(undefined).length * 10);
  }, 600_000);
});
