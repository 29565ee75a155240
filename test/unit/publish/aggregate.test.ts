import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableToIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNativeDb, type NativeDb } from '../../../src/lib/db/native';
import { openNodeDb } from '../../../src/lib/db/node';
import { rows } from '../../../src/lib/db/rows';
import type { Db } from '../../../src/lib/db/types';
import { openBookDir } from '../../../src/cli/book';
import { buildAggregateBook, type FactsFile } from '../../../src/lib/publish/aggregate-book';
import { CubeAnswerer } from '../../../src/lib/publish/cube-answerer';
import { stageAggregateBook } from '../../../src/lib/publish/stage-aggregate';
import { parseDashboardConfig, type PublishedAggregate } from '../../../src/lib/publish/dashboard-config.mjs';
import { literal } from '../../../src/lib/sql/quote';
import type { MetricQuery } from '../../../src/lib/metrics/query';
import { overviewQuery, OVERVIEW_FIGURES } from '../../../src/lib/metrics/portfolio/overview';
import { classMixQuery } from '../../../src/lib/metrics/portfolio/mix';
import { trendQuery } from '../../../src/lib/metrics/portfolio/trend';
import { breakdownQuery } from '../../../src/lib/metrics/portfolio/breakdown';
import { decodeFilters } from '../../../src/lib/state/filter-codec';

const K = 5;
let tmp: string;
let publisher: NativeDb;
let viewer: Db;
let answerer: CubeAnswerer;
let aggregate: PublishedAggregate;
let suppressedCells = 0;

/** The sample book published as an aggregate dashboard (native DuckDB, as the CLI does), then opened in DuckDB-WASM. */
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'lbl-aggregate-'));
  publisher = await openNativeDb({ path: ':memory:', tempDirectory: tmp });
  await openBookDir(publisher, 'data-samples/bank-a');
  const config = parseDashboardConfig({ title: 't', screens: ['overview', 'structure'], mode: 'aggregate', filters: 'enterprise_size:micro' }, { requireBook: false });
  let facts: FactsFile | undefined;
  const built = await buildAggregateBook(
    publisher,
    config,
    K,
    async (path, sql) => (await publisher.exec(`COPY (${sql}) TO ${literal(join(tmp, path.replace('/', '-')))} (FORMAT parquet)`), 1),
    async (_path, text) => void (facts = JSON.parse(text) as FactsFile),
  );
  aggregate = built.aggregate;
  suppressedCells = built.privacy.suppressedCells ?? 0;
  viewer = await openNodeDb();
  // The viewer reads each cube file back (here through native DuckDB into Arrow, in the browser through parquet-wasm).
  const open = async (path: string) => {
    const table = await publisher.query(`SELECT * FROM read_parquet(${literal(join(tmp, path.replace('/', '-')))})`);
    return { columns: () => table.schema.fields.map((f) => f.name), numRows: () => table.numRows, readIPC: async () => tableToIPC(table, 'stream') };
  };
  const cubes = await stageAggregateBook(viewer, aggregate, facts!, open);
  answerer = new CubeAnswerer(viewer, cubes, K);
}, 120_000);

afterAll(async () => {
  await viewer?.close();
  await publisher?.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function both<T>(q: MetricQuery<T>) {
  const plain = q.shape(await publisher.query(q.sql, q.params));
  const answer = await answerer.query(q);
  if ('unavailable' in answer) throw new Error('no cube answered');
  return { plain, published: q.shape(answer.table), suppression: answer.suppression };
}

describe('aggregate dashboard', () => {
  it('publishes no loan: the viewer’s loans are empty, and cells under k have no figures', async () => {
    expect(rows(await viewer.query('SELECT count(*) AS n FROM loans'))[0].n).toBe(0);
    expect(suppressedCells).toBeGreaterThan(0);
    for (const cube of aggregate.cubes) {
      const bad = await publisher.query(
        `SELECT count(*) AS n FROM read_parquet(${literal(join(tmp, cube.path.replace('/', '-')))}) WHERE (suppressed AND n IS NOT NULL) OR (NOT suppressed AND n < ${K})`,
      );
      expect(Number(rows(bad)[0].n), cube.path).toBe(0);
    }
  });

  for (const f of ['', 'enterprise_size:micro', 'industry:C', 'enterprise_size:micro;five_class:3', 'region:华东|华南']) {
    it(`answers the Overview from cubes as the app does on the loans (${f || 'no filter'})`, async () => {
      const filters = decodeFilters(f);
      const { plain, published, suppression } = await both(overviewQuery(filters));
      expect(suppression.all).toBe(false);
      for (const k of OVERVIEW_FIGURES) {
        // Distinct borrowers add up over one cell only: over several the dashboard says it does not know.
        if (k === 'borrowers' && filters.some((c) => c.values.length > 1)) expect(published.figures[k].value).toBeNull();
        else if (plain.figures[k].value === null) expect(published.figures[k].value, k).toBeNull();
        else expect(published.figures[k].value, k).toBeCloseTo(plain.figures[k].value!, 9);
      }
      const mix = await both(classMixQuery(filters.filter((c) => c.dimension !== 'five_class')));
      for (const [i, e] of mix.plain.classes.entries()) {
        if (e.loans >= K) expect(mix.published.classes[i]).toMatchObject({ loans: e.loans, balance: expect.closeTo(e.balance, 6) });
      }
      const trend = await both(trendQuery(filters));
      expect(trend.published.map((p) => [p.date, p.loans])).toEqual(trend.plain.filter((p) => p.loans >= K).map((p) => [p.date, p.loans]));
    });
  }

  it('answers a breakdown segment by segment; a segment under k loans is left out and counted', async () => {
    const q = breakdownQuery(decodeFilters('enterprise_size:micro'), { dimension: 'branch' });
    const { plain, published, suppression } = await both(q);
    const small = plain.segments.filter((s) => s.loans < K);
    expect(published.segments.map((s) => s.value)).toEqual(plain.segments.filter((s) => s.loans >= K).map((s) => s.value));
    for (const s of published.segments) expect(s.loans).toBe(plain.segments.find((p) => p.value === s.value)!.loans);
    expect(suppression.groups).toBe(small.length);
  });

  it('suppresses a whole figure resting on a small cell, and says when filters leave the published cells', async () => {
    const branches = rows(await publisher.query("SELECT branch, count(*) AS n FROM loan_facts WHERE enterprise_size = 'micro' GROUP BY 1 HAVING n < 5"));
    if (branches.length) {
      const tiny = await answerer.query(overviewQuery(decodeFilters(`enterprise_size:micro;branch:${branches[0].branch}`)));
      expect('unavailable' in tiny ? null : tiny.suppression.all).toBe(true);
    }
    expect(await answerer.query(overviewQuery(decodeFilters('industry:C;region:华东')))).toEqual({ unavailable: true });
  });
});
