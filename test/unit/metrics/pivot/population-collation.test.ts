import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../../src/lib/db/types';
import { rows } from '../../../../src/lib/db/rows';
import { runMetric } from '../../../../src/lib/metrics/query';
import { pivotQuery } from '../../../../src/lib/metrics/pivot/query';
import { pivotPopulationQuery } from '../../../../src/lib/metrics/pivot/population';
import type { PivotLayout } from '../../../../src/lib/metrics/pivot/layout';
import { buildGrid, type GridOptions } from '../../../../src/lib/pivot/grid';
import { openSampleBook } from '../cases/sampleBook';

let db: Db;
beforeAll(async () => {
  db = (await openSampleBook()).db;
}, 120_000);
afterAll(async () => db.close());

const BY_QUARTER: PivotLayout = { rows: [{ field: 'snapshot_date', grain: 'quarter' }], columns: [], measures: ['loans'] };

describe('pivot caption population at snapshot level', () => {
  it('counts the distinct loans and the loan × period rows the cells add up, as written here from the snapshots', async () => {
    const population = (await runMetric(db, pivotPopulationQuery([], BY_QUARTER)!))!;
    const e = rows(await db.query(`WITH ends AS (SELECT max(snapshot_date) AS d FROM snapshots GROUP BY year(snapshot_date), quarter(snapshot_date))
      SELECT count(DISTINCT loan_id) AS loans, count(*) AS n FROM snapshots WHERE snapshot_date IN (SELECT d FROM ends)`))[0];
    expect(population.loans).toBe(e.loans);
    expect(population.rows).toBe(e.n);
    // The grid's grand total counts rows, the caption's loans are fewer: the defect was to state the rows as loans.
    const pivot = await runMetric(db, pivotQuery([], BY_QUARTER));
    expect(pivot.cells.find((c) => c.row.length === 0)!.loans).toBe(population.rows);
    expect(population.loans).toBeLessThan(population.rows);
    expect(population.loans).toBeLessThanOrEqual(20_000);
    // A filter narrows both.
    const hz = (await runMetric(db, pivotPopulationQuery([{ dimension: 'region', values: ['杭州'] }], BY_QUARTER)!))!;
    const eh = rows(await db.query(`WITH ends AS (SELECT max(snapshot_date) AS d FROM snapshots GROUP BY year(snapshot_date), quarter(snapshot_date))
      SELECT count(DISTINCT s.loan_id) AS loans FROM snapshots s JOIN loans l USING (loan_id) WHERE l.region = '杭州' AND s.snapshot_date IN (SELECT d FROM ends)`))[0];
    expect(hz.loans).toBe(eh.loans);
    expect(pivotPopulationQuery([], { rows: [{ field: 'industry' }], columns: [], measures: ['loans'] })).toBeNull();
  }, 60_000);
});

describe('pivot labels sort by the UI language', () => {
  const options = (locale: string): GridOptions => ({
    sort: 'label', collapsed: new Set(), label: (_l, v) => String(v), levelLabel: (l) => l.field, measureLabel: (m) => m,
    totalLabel: 'Total', subtotalLabel: (s) => `${s} total`, locale,
  });
  it('Chinese region names by pinyin in zh (hand-ordered: Hangzhou, Huzhou, Jiaxing, Jinhua, Ningbo, Shaoxing, Taizhou, Wenzhou)', async () => {
    const data = await runMetric(db, pivotQuery([], { rows: [{ field: 'region' }], columns: [], measures: ['loans'] }));
    const order = (locale: string) => buildGrid(data, options(locale)).body.filter((r) => r.kind === 'cell' || r.kind === 'subtotal').map((r) => String(r.path[0]));
    expect(order('zh')).toEqual(['杭州', '湖州', '嘉兴', '金华', '宁波', '绍兴', '台州', '温州']);
    // By character code the order is another one (台 U+53F0 first): what the grid did before.
    expect([...order('zh')].sort()).not.toEqual(order('zh'));
  }, 60_000);
});
