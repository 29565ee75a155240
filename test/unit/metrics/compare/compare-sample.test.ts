import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Coordinator } from '../../../../src/lib/coordinator/coordinator';
import type { Db } from '../../../../src/lib/db/types';
import { baselinePopulation, change, formatBaseline, parseBaseline, type Baseline } from '../../../../src/lib/metrics/compare';
import { breakdownQuery } from '../../../../src/lib/metrics/portfolio/breakdown';
import { overviewQuery, type Overview } from '../../../../src/lib/metrics/portfolio/overview';
import { vintageQuery, type VintageOptions } from '../../../../src/lib/metrics/portfolio/vintage';
import type { FilterSet } from '../../../../src/lib/sql/filters';
import { openSampleBook } from '../cases/sampleBook';
import { openSampleReference } from '../sampleReference';
import { run } from '../portfolio/fixtures';

/*
 * Compare mode on the sample book: the baseline figures are the metric layer's own queries over
 * another scope (metrics/compare.ts). Checked here against SQL written in this test, over the
 * committed Parquet files read by a separate native DuckDB (not the app's engine, not its SQL).
 */

const BRANCH = '杭州城西支行';
const FROM = '2024-12-31';
const TO = '2025-12-31';

let db: Db;
let ref: DuckDBConnection;
let closeRef: (() => void) | undefined;

beforeAll(async () => {
  ({ db } = await openSampleBook());
  ({ ref, close: closeRef } = await openSampleReference());
}, 120_000);

afterAll(async () => {
  closeRef?.();
  await db?.close();
});

interface Ref {
  loans: number;
  borrowers: number;
  balance: number;
  npl: number;
  defaults: number;
}

async function reference(sql: string): Promise<Ref> {
  const row = (await ref.runAndReadAll(sql)).getRowObjectsJS()[0] as Record<string, unknown>;
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) as unknown as Ref;
}

/** The book as of a snapshot date, by hand: the loans with a snapshot row that day, its balance and class, defaults dated by then. */
const asOfRef = (date: string, where = 'true') =>
  reference(`SELECT count(*) AS loans, count(DISTINCT l.borrower_id) AS borrowers, sum(s.balance) AS balance,
    sum(s.balance) FILTER (WHERE s.five_class >= 3) / sum(s.balance) FILTER (WHERE s.five_class IS NOT NULL) AS npl,
    count(*) FILTER (WHERE l.default_flag AND l.default_date <= DATE '${date}') AS defaults
  FROM l JOIN s ON s.loan_id = l.loan_id AND s.snapshot_date = DATE '${date}' WHERE ${where}`);

/** The loan table now. */
const nowRef = (where: string) =>
  reference(`SELECT count(*) AS loans, count(DISTINCT borrower_id) AS borrowers, sum(balance) AS balance,
    sum(balance) FILTER (WHERE five_class >= 3) / sum(balance) FILTER (WHERE five_class IS NOT NULL) AS npl,
    count(*) FILTER (WHERE default_flag) AS defaults
  FROM l WHERE ${where}`);

const close = (actual: number | null, expected: number) => {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
};

function expectFigures(o: Overview, r: Ref): void {
  expect(o.figures.loans.value).toBe(r.loans);
  expect(o.figures.borrowers.value).toBe(r.borrowers);
  close(o.figures.outstandingBalance.value, r.balance);
  close(o.figures.nplRatioBalance.value, r.npl);
  close(o.figures.defaultRate.value, r.defaults / r.loans);
}

/** Both sides of a comparison, as a view asks for them: the current scope and the baseline built from it. */
async function sides(baseline: Baseline, filters: FilterSet, scope: { asOf?: string }, via: (q: ReturnType<typeof overviewQuery>) => Promise<Overview> = (q) => run(db, q)) {
  const pop = baselinePopulation(baseline, filters, scope);
  expect(pop).not.toBeNull();
  return { current: await via(overviewQuery(filters, scope)), base: await via(overviewQuery(pop!.filters, pop!.scope)) };
}

describe('compare two snapshot dates on the sample', () => {
  it('the baseline date gives the book as it stood then, the current date as it stands now', async () => {
    const [rTo, rFrom] = [await asOfRef(TO), await asOfRef(FROM)];
    expect(rFrom.loans).toBeGreaterThan(1000);
    expect(rTo.loans).not.toBe(rFrom.loans);
    const { current, base } = await sides({ kind: 'asof', date: FROM }, [], { asOf: TO });
    expectFigures(current, rTo);
    expectFigures(base, rFrom);
    // The changes as tiles state them: points for ratios, percent for amounts, a difference for counts.
    close(change('ratio', current.figures.nplRatioBalance.value, base.figures.nplRatioBalance.value), rTo.npl - rFrom.npl);
    close(change('amount', current.figures.outstandingBalance.value, base.figures.outstandingBalance.value), (rTo.balance - rFrom.balance) / rFrom.balance);
    expect(change('count', current.figures.loans.value, base.figures.loans.value)).toBe(rTo.loans - rFrom.loans);
  });

  it('both sides filtered alike', async () => {
    const filters: FilterSet = [{ dimension: 'industry', values: ['C'] }, { dimension: 'enterprise_size', values: ['micro', 'small'] }];
    const where = `l.industry = 'C' AND l.enterprise_size IN ('micro', 'small')`;
    const { current, base } = await sides({ kind: 'asof', date: FROM }, filters, { asOf: TO });
    expectFigures(current, await asOfRef(TO, where));
    expectFigures(base, await asOfRef(FROM, where));
  });

  it('against the loan table now (no as-of date on screen)', async () => {
    const { current, base } = await sides({ kind: 'asof', date: FROM }, [], {});
    expectFigures(current, await nowRef('true'));
    expectFigures(base, await asOfRef(FROM));
  });

  it('a baseline on the date already on screen compares nothing', () => {
    expect(baselinePopulation({ kind: 'asof', date: TO }, [], { asOf: TO })).toBeNull();
  });
});

describe('compare a branch against the rest of the book', () => {
  it('the rest is every loan outside the branch, missing branches included', async () => {
    const filters: FilterSet = [{ dimension: 'branch', values: [BRANCH] }];
    const { current, base } = await sides({ kind: 'rest', dimension: 'branch' }, filters, {});
    const [inside, rest] = [await nowRef(`branch = '${BRANCH}'`), await nowRef(`branch IS DISTINCT FROM '${BRANCH}'`)];
    expect(inside.loans).toBe(1667);
    expectFigures(current, inside);
    expectFigures(base, rest);
    expect(current.figures.loans.value! + base.figures.loans.value!).toBe((await nowRef('true')).loans);
  });

  it('the other filters apply to both sides; the as-of date too', async () => {
    const filters: FilterSet = [{ dimension: 'enterprise_size', values: ['micro'] }, { dimension: 'branch', values: [BRANCH] }];
    const { current, base } = await sides({ kind: 'rest', dimension: 'branch' }, filters, { asOf: FROM });
    expectFigures(current, await asOfRef(FROM, `l.enterprise_size = 'micro' AND l.branch = '${BRANCH}'`));
    expectFigures(base, await asOfRef(FROM, `l.enterprise_size = 'micro' AND l.branch IS DISTINCT FROM '${BRANCH}'`));
  });

  it('without a filter on the dimension there is no segment to compare', () => {
    expect(baselinePopulation({ kind: 'rest', dimension: 'branch' }, [{ dimension: 'region', values: ['x'] }], {})).toBeNull();
  });

  it('pre-aggregates answer the rest as the loans do (cube and distinct borrowers)', async () => {
    const coordinator = new Coordinator(db, { preaggregate: () => true, maxCubeRows: 1_000_000 });
    coordinator.prepare(['branch', 'enterprise_size']);
    const via = async (q: ReturnType<typeof overviewQuery>) => q.shape(await coordinator.query(1, q));
    const filters: FilterSet = [{ dimension: 'branch', values: [BRANCH] }, { dimension: 'enterprise_size', values: ['small'] }];
    // First pass: plain answers, and the cubes and distinct pre-aggregates they schedule.
    await via(overviewQuery([]));
    await coordinator.idle();
    await sides({ kind: 'rest', dimension: 'branch' }, filters, {}, via);
    await coordinator.idle();
    coordinator.cache.clear();
    const before = coordinator.answered.preaggregate;
    const { current, base } = await sides({ kind: 'rest', dimension: 'branch' }, filters, {}, via);
    expect(coordinator.answered.preaggregate - before).toBe(2);
    expect(coordinator.distinctAnswered).toBeGreaterThan(0);
    expectFigures(current, await nowRef(`enterprise_size = 'small' AND branch = '${BRANCH}'`));
    expectFigures(base, await nowRef(`enterprise_size = 'small' AND branch IS DISTINCT FROM '${BRANCH}'`));
  });

  it('a breakdown over the rest: each industry of the rest of the book', async () => {
    const filters: FilterSet = [{ dimension: 'branch', values: [BRANCH] }];
    const pop = baselinePopulation({ kind: 'rest', dimension: 'branch' }, filters, {})!;
    const rest = await run(db, breakdownQuery(pop.filters, { dimension: 'industry' }));
    const expected = (await ref.runAndReadAll(`SELECT industry, count(*) AS n,
        sum(balance) FILTER (WHERE five_class >= 3) / sum(balance) FILTER (WHERE five_class IS NOT NULL) AS npl
      FROM l WHERE branch IS DISTINCT FROM '${BRANCH}' GROUP BY 1`)).getRowObjectsJS();
    expect(rest.segments.length).toBe(expected.length);
    for (const e of expected) {
      const seg = rest.segments.find((s) => s.value === e.industry)!;
      expect(seg.loans).toBe(Number(e.n));
      close(seg.nplRatio, Number(e.npl));
    }
  });
});

describe('the baseline in the URL and the change', () => {
  it('reads and writes asof and rest baselines, rejects anything else', () => {
    for (const b of [{ kind: 'asof', date: FROM }, { kind: 'rest', dimension: 'branch' }] as Baseline[]) expect(parseBaseline(formatBaseline(b))).toEqual(b);
    for (const t of ['asof:2024-13', 'rest:', 'rest:a b', 'book:1', 'asof', '']) expect(parseBaseline(t)).toBeUndefined();
  });

  it('ratios change by points, amounts by percent, counts by difference; nothing over a missing side', () => {
    expect(change('ratio', 0.0255, 0.0213)).toBeCloseTo(0.0042, 12);
    expect(change('amount', 110, 100)).toBeCloseTo(0.1, 12);
    expect(change('amount', 5, 0)).toBeNull();
    expect(change('count', 90, 100)).toBe(-10);
    expect(change('ratio', null, 0.1)).toBeNull();
    expect(change('count', 3, undefined)).toBeNull();
  });
});

describe('a breakdown table compared', () => {
  it('states each industry’s change against the same industry of the rest, a segment the rest lacks from zero loans', async () => {
    const { segmentChanges } = await import('../../../../src/views/structure/breakdown/segment-changes');
    const filters: FilterSet = [{ dimension: 'branch', values: [BRANCH] }];
    const pop = baselinePopulation({ kind: 'rest', dimension: 'branch' }, filters, {})!;
    const current = await run(db, breakdownQuery(filters, { dimension: 'industry' }));
    const base = await run(db, breakdownQuery(pop.filters, { dimension: 'industry' }));
    const changes = segmentChanges(current.segments, base.segments);
    const byHand = (await ref.runAndReadAll(`WITH b AS (
        SELECT industry, coalesce(branch = '${BRANCH}', false) AS inside, count(*) AS n,
          coalesce(sum(balance) FILTER (WHERE five_class >= 3), 0) / sum(balance) FILTER (WHERE five_class IS NOT NULL) AS npl,
          count(*) FILTER (WHERE default_flag) / count(*) AS dr
        FROM l GROUP BY ALL)
      SELECT i.industry, i.n - r.n AS dn, i.npl - r.npl AS dnpl, i.dr - r.dr AS ddr, r.npl AS rnpl
      FROM b i JOIN b r ON r.industry IS NOT DISTINCT FROM i.industry AND NOT r.inside WHERE i.inside`)).getRowObjectsJS();
    expect(byHand.length).toBe(current.segments.length);
    for (const h of byHand) {
      const c = changes.get(String(h.industry))!;
      expect(c.loans.delta).toBe(Number(h.dn));
      close(c.nplRatio.delta, Number(h.dnpl));
      close(c.nplRatio.base, Number(h.rnpl));
      close(c.defaultRate.delta, Number(h.ddr));
    }
    const lacking = segmentChanges([{ ...current.segments[0], value: 'nowhere' }], base.segments).get('nowhere')!;
    expect(lacking.loans).toEqual({ base: 0, delta: current.segments[0].loans });
    expect(lacking.nplRatio.delta).toBeNull();
  });
});

describe('vintage curves compared', () => {
  /** Cohort 2022's last observed point by hand: its loans, the months its youngest loan has lived by `asOf`, defaults up to then. */
  async function cohort2022(asOf: string, where: string) {
    const r = (await ref.runAndReadAll(`WITH c AS (SELECT * FROM l WHERE year(origination_date) = 2022 AND origination_date <= DATE '${asOf}' AND ${where}),
        m AS (SELECT date_diff('month', max(origination_date), DATE '${asOf}') AS last FROM c)
      SELECT count(*) AS loans, any_value(m.last) AS last,
        count(*) FILTER (WHERE default_flag AND default_date <= DATE '${asOf}' AND date_diff('month', origination_date, default_date) <= m.last) AS defaults
      FROM c, m`)).getRowObjectsJS()[0];
    return { loans: Number(r.loans), last: Number(r.last), rate: Number(r.defaults) / Number(r.loans) };
  }

  it('the baseline date censors the curves where the book stood then; the rest of the book is its own cohorts', async () => {
    const options: VintageOptions = { period: 'year', hasSnapshots: true };
    for (const [baseline, filters, asOf, where] of [
      [{ kind: 'asof', date: FROM }, [], FROM, 'true'],
      [{ kind: 'rest', dimension: 'branch' }, [{ dimension: 'branch', values: [BRANCH] }], TO, `branch IS DISTINCT FROM '${BRANCH}'`],
    ] as [Baseline, FilterSet, string, string][]) {
      const pop = baselinePopulation(baseline, filters, options)!;
      const v = await run(db, vintageQuery(pop.filters, pop.scope));
      expect(v.asOf).toBe(asOf);
      const c = v.cohorts.find((x) => x.cohort === '2022')!;
      const expected = await cohort2022(asOf, where);
      expect(c.loans).toBe(expected.loans);
      const lastPoint = c.points.at(-1)!;
      expect(lastPoint.monthsOnBook).toBe(expected.last);
      close(lastPoint.cumulativeRateByCount, expected.rate);
    }
  });
});
