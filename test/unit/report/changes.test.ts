import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../../src/lib/db/rows';
import type { Db } from '../../../src/lib/db/types';
import type { BookShape } from '../../../src/lib/book/activate';
import { baselinePopulation } from '../../../src/lib/metrics/compare';
import { findingChanges, type Report } from '../../../src/lib/report';
import type { FilterSet } from '../../../src/lib/sql/filters';
import { contextFor, openSampleBook, reportOf } from './books';

/*
 * "What changed" in the report: the same report over the baseline population (the rest of the
 * book outside a branch), its findings matched by id. The industry-limit findings are checked
 * against shares computed here from the raw loans table.
 */
const BRANCH = '杭州城西支行';
let db: Db;
let shape: BookShape;
let current: Report;
let baseline: Report;

beforeAll(async () => {
  ({ db, shape } = await openSampleBook());
  const filters: FilterSet = [{ dimension: 'branch', values: [BRANCH] }];
  const pop = baselinePopulation({ kind: 'rest', dimension: 'branch' }, filters, {})!;
  current = (await reportOf(db, contextFor(shape, { filters }))).report;
  baseline = (await reportOf(db, contextFor(shape, { filters: pop.filters }))).report;
}, 300_000);
afterAll(async () => db?.close());

/** Industries above the 25 % balance-share limit among the loans `where` selects, by hand. */
async function overLimit(where: string): Promise<string[]> {
  const t = await db.query(`SELECT industry FROM (
      SELECT industry, sum(balance) / sum(sum(balance)) OVER () AS share FROM loans WHERE ${where} GROUP BY industry)
    WHERE share > 0.25 ORDER BY 1`);
  return rows(t).map((r) => String(r.industry));
}

describe('what changed against the rest of the book', () => {
  it('industry-limit findings appear and disappear as the shares computed by hand say', async () => {
    const inside = await overLimit(`branch = '${BRANCH}'`);
    const rest = await overLimit(`branch IS DISTINCT FROM '${BRANCH}'`);
    expect(inside).not.toEqual(rest);
    const changes = findingChanges(current, baseline).filter((c) => c.id.startsWith('segment_share:industry:'));
    const ids = (status: string) => changes.filter((c) => c.status === status).map((c) => c.id.split(':')[2]).sort();
    expect(ids('appeared')).toEqual(inside.filter((i) => !rest.includes(i)));
    expect(ids('disappeared')).toEqual(rest.filter((i) => !inside.includes(i)));
    expect(ids('moved')).toEqual(inside.filter((i) => rest.includes(i)));
    for (const c of changes) {
      if (c.status !== 'appeared') expect(c.baseLoans).toBeGreaterThan(0);
      if (c.status !== 'disappeared') expect(c.loans).toBeGreaterThan(0);
    }
  });

  it('every finding of either side is accounted for once: appeared, disappeared, moved or unchanged', () => {
    const all = (r: Report) => r.problems.flatMap((p) => p.findings.map((f) => f.id));
    const changes = findingChanges(current, baseline);
    expect(new Set(changes.map((c) => c.id)).size).toBe(changes.length);
    for (const c of changes) {
      expect(c.status === 'disappeared' ? all(baseline) : all(current)).toContain(c.id);
      if (c.status === 'appeared') expect(all(baseline)).not.toContain(c.id);
      if (c.status === 'disappeared') expect(all(current)).not.toContain(c.id);
    }
    const unchanged = all(current).filter((id) => !changes.some((c) => c.id === id));
    for (const id of unchanged) expect(all(baseline)).toContain(id);
    expect(changes.length).toBeGreaterThan(0);
  });

  it('the same report on both sides changes nothing', () => {
    expect(findingChanges(current, current)).toEqual([]);
  });
});
