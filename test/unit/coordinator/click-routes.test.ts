import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Coordinator } from '../../../src/lib/coordinator/coordinator';
import type { Db } from '../../../src/lib/db/types';
import { classMixQuery, stageMixQuery } from '../../../src/lib/metrics/portfolio/mix';
import { overviewQuery } from '../../../src/lib/metrics/portfolio/overview';
import { trendQuery } from '../../../src/lib/metrics/portfolio/trend';
import type { MetricQuery } from '../../../src/lib/metrics/query';
import { viewFilters, type FilterSet } from '../../../src/lib/sql/filters';
import { loadLoans, loadSnapshots, openNodeDb, type FixtureRow } from '../metrics/portfolio/fixtures';

/*
 *        class  stage  balance  borrower   snapshots (2025-01-31, 2025-02-28): balance, class
 *   A    1      1      100      x          100/1, 90/1
 *   B    3      —      200      x          200/2, 200/3
 *   C    3      3      300      y          —,     300/3
 *   D    —      —      400      z          400/—, —
 * A click on class 3: loans B and C, balance 500, borrowers x and y; stage 3 for both (B's derived
 * from its class); trend: B alone at 2025-01-31 (balance 200), B and C at 2025-02-28 (500, NPL 1).
 */
const BOOK: FixtureRow[] = [
  { loan_id: 'A', five_class: 1, ifrs9_stage: 1, balance: 100, borrower_id: 'x' },
  { loan_id: 'B', five_class: 3, balance: 200, borrower_id: 'x' },
  { loan_id: 'C', five_class: 3, ifrs9_stage: 3, balance: 300, borrower_id: 'y' },
  { loan_id: 'D', balance: 400, borrower_id: 'z' },
];
const SNAPSHOTS: FixtureRow[] = [
  { loan_id: 'A', snapshot_date: '2025-01-31', balance: 100, five_class: 1 },
  { loan_id: 'A', snapshot_date: '2025-02-28', balance: 90, five_class: 1 },
  { loan_id: 'B', snapshot_date: '2025-01-31', balance: 200, five_class: 2 },
  { loan_id: 'B', snapshot_date: '2025-02-28', balance: 200, five_class: 3 },
  { loan_id: 'C', snapshot_date: '2025-02-28', balance: 300, five_class: 3 },
  { loan_id: 'D', snapshot_date: '2025-01-31', balance: 400 },
];

/** The Overview's views as OverviewScreen.svelte builds them; the class chart is drawn over the other dimensions. */
const overviewViews = (f: FilterSet) => ({
  overview: overviewQuery(f),
  classMix: classMixQuery(viewFilters(f, 'five_class').set),
  stageMix: stageMixQuery(f),
  trend: trendQuery(f),
});

/** Records the SQL each engine call ran. */
function recording(db: Db): { db: Db; sql: string[] } {
  const sql: string[] = [];
  return {
    sql,
    db: {
      ...db,
      query: (s, p, o) => (sql.push(s), db.query(s, p, o)),
      exec: (s, p, o) => (sql.push(s), db.exec(s, p, o)),
    },
  };
}

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  await loadLoans(db, BOOK);
  await loadSnapshots(db, SNAPSHOTS);
}, 180_000);
afterAll(async () => db.close());

async function shapeAll(c: Coordinator, views: Record<string, MetricQuery<unknown>>): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [name, q] of Object.entries(views)) out[name] = q.shape(await c.query(1, q));
  return out;
}

describe('a click on a class bar of the Overview', () => {
  it('is answered for every view from pre-aggregates, without a scan of the loans, with the plain figures', async () => {
    const rec = recording(db);
    const c = new Coordinator(rec.db, { preaggregate: () => true, prefetch: () => false });
    // MixChart declares its dimension; the screen's first render runs plain and schedules the cubes.
    c.prepare(['five_class']);
    await shapeAll(c, overviewViews([]));
    await c.idle();
    expect(c.describe().every((d) => d.status === 'ready')).toBe(true);

    const click: FilterSet = [{ dimension: 'five_class', values: ['3'] }];
    const before = { ...c.answered, fromCache: c.fromCache };
    const from = rec.sql.length;
    const answered = await shapeAll(c, overviewViews(click));
    const ran = rec.sql.slice(from);
    // No view plain; the class chart (drawn over no filter: its query did not change) is the first
    // render's result, not a new run from its cube.
    expect(c.answered.plain - before.plain).toBe(0);
    expect(c.answered.preaggregate - before.preaggregate).toBe(3);
    expect(c.fromCache - before.fromCache).toBe(1);
    // Three queries reached the engine (the class chart came from the cache); each reads a cube and no loan.
    expect(ran).toHaveLength(3);
    for (const sql of ran) {
      expect(sql).toMatch(/FROM "lbl_preagg_/);
      expect(sql).not.toMatch(/\bFROM f\b|JOIN f\b/);
    }
    expect(c.distinctAnswered).toBe(1);

    const plain = new Coordinator(db, { preaggregate: () => false });
    const expected = await shapeAll(plain, overviewViews(click));
    expect(answered).toEqual(expected);
    // The fixture's answers, known independently.
    const o = answered.overview as ReturnType<ReturnType<typeof overviewQuery>['shape']>;
    expect([o.figures.loans.value, o.figures.outstandingBalance.value, o.figures.borrowers.value]).toEqual([2, 500, 2]);
    const s = answered.stageMix as ReturnType<ReturnType<typeof stageMixQuery>['shape']>;
    expect(s.stages.map((x) => x.loans)).toEqual([0, 0, 2]);
    const t = answered.trend as ReturnType<ReturnType<typeof trendQuery>['shape']>;
    expect(t.map((p) => [p.date, p.loans, p.balance, p.nplRatioBalance])).toEqual([
      ['2025-01-31', 1, 200, 0],
      ['2025-02-28', 2, 500, 1],
    ]);
  });

  it('is answered before it happens: after the first render, the click needs no engine call, with the plain figures', async () => {
    const rec = recording(db);
    const c = new Coordinator(rec.db, { preaggregate: () => true });
    c.prepare(['five_class']);
    await shapeAll(c, overviewViews([]));
    // Cubes built, then every class click of every view answered from them.
    await c.idle();
    // Two classes in the book (1 and 3), four views (the class chart's own answers go unused).
    expect(c.prefetched).toBe(2 * 4);
    for (const value of ['1', '3']) {
      const click: FilterSet = [{ dimension: 'five_class', values: [value] }];
      const from = rec.sql.length;
      const hits = c.prefetchHits;
      const answered = await shapeAll(c, overviewViews(click));
      expect(rec.sql.slice(from)).toEqual([]);
      expect(c.prefetchHits - hits).toBe(3);
      const plain = new Coordinator(db, { preaggregate: () => false });
      expect(answered).toEqual(await shapeAll(plain, overviewViews(click)));
      await c.idle();
    }
    // A class no loan has was not answered ahead: its click asks the cubes, still with the plain figures.
    const none: FilterSet = [{ dimension: 'five_class', values: ['4'] }];
    const from = rec.sql.length;
    const answered = await shapeAll(c, overviewViews(none));
    expect(rec.sql.slice(from).length).toBeGreaterThan(0);
    expect(answered).toEqual(await shapeAll(new Coordinator(db, { preaggregate: () => false }), overviewViews(none)));
    // The answers ahead ran on the cubes only.
    for (const sql of rec.sql.filter((q) => q.startsWith('/* lbl_preagg prefetch */'))) expect(sql).not.toMatch(/\bFROM f\b|JOIN f\b/);
  });
});
