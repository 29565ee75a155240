import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../../src/lib/db/types';
import { rows, type Row } from '../../../../src/lib/db/rows';
import { runMetric } from '../../../../src/lib/metrics/query';
import { pivotQuery, type PivotCell } from '../../../../src/lib/metrics/pivot/query';
import type { PivotLayout } from '../../../../src/lib/metrics/pivot/layout';
import { openSampleBook } from '../cases/sampleBook';

let db: Db;
beforeAll(async () => {
  db = (await openSampleBook()).db;
}, 120_000);
afterAll(async () => db.close());

/** 2 × 2 levels: industry › size down, origination year › product across. */
const LAYOUT: PivotLayout = {
  rows: [{ field: 'industry' }, { field: 'enterprise_size' }],
  columns: [{ field: 'origination_date', grain: 'year' }, { field: 'product' }],
  measures: ['loans', 'outstandingBalance', 'nplRatioBalance', 'defaultRate', 'lift', 'balanceShare'],
};

/**
 * The same figures written here, one plain GROUP BY per grouping (leaf, each subtotal, total),
 * with the ratios spelled out from DOMAIN.md: NPL = class ≥ 3 balance ÷ classed balance,
 * default rate = defaulted ÷ loans, lift = that ÷ the book's rate, share = balance ÷ book balance.
 */
function expectedSql(rowKeys: string[], colKeys: string[]): string {
  const keys = [...rowKeys, ...colKeys];
  const select = keys.length ? `${keys.join(', ')}, ` : '';
  return `WITH l AS (SELECT industry AS r0, enterprise_size AS r1, year(origination_date) AS c0, product AS c1, balance, five_class, is_defaulted FROM loan_facts),
  book AS (SELECT sum(balance) AS bal, avg(CASE WHEN is_defaulted THEN 1.0 ELSE 0 END) AS rate FROM l)
SELECT ${select} count(*) AS loans, sum(balance) AS balance,
  sum(CASE WHEN five_class >= 3 THEN balance ELSE 0 END) / nullif(sum(CASE WHEN five_class IS NOT NULL THEN balance END), 0) AS npl,
  sum(CASE WHEN is_defaulted THEN 1 ELSE 0 END) / count(*) AS dr,
  (sum(CASE WHEN is_defaulted THEN 1 ELSE 0 END) / count(*)) / any_value(book.rate) AS lift,
  sum(balance) / any_value(book.bal) AS share
FROM l, book ${keys.length ? `GROUP BY ${keys.join(', ')}` : ''}`;
}

const keyOf = (row: unknown[], col: unknown[]) => JSON.stringify([row.map(String), col.map(String)]);

describe('pivot on the sample book (2 × 2 levels)', () => {
  it('every cell, subtotal and total equals the figures computed here', async () => {
    const data = await runMetric(db, pivotQuery([], LAYOUT));
    const byKey = new Map<string, PivotCell>(data.cells.map((c) => [keyOf(c.row, c.column.map((v, i) => (i === 0 ? Number(String(v).slice(0, 4)) : v))), c]));
    let checked = 0;
    for (const rk of [[], ['r0'], ['r0', 'r1']]) {
      for (const ck of [[], ['c0'], ['c0', 'c1']]) {
        const expected: Row[] = rows(await db.query(expectedSql(rk, ck)));
        for (const e of expected) {
          const cell = byKey.get(keyOf(rk.map((k) => e[k]), ck.map((k) => e[k])));
          expect(cell, `${rk}/${ck} ${JSON.stringify(e)}`).toBeDefined();
          expect(cell!.loans).toBe(e.loans);
          expect(cell!.values.outstandingBalance).toBeCloseTo(Number(e.balance), 2);
          if (e.npl === null) expect(cell!.values.nplRatioBalance).toBeNull();
          else expect(cell!.values.nplRatioBalance).toBeCloseTo(Number(e.npl), 12);
          expect(cell!.values.defaultRate).toBeCloseTo(Number(e.dr), 12);
          expect(cell!.values.lift).toBeCloseTo(Number(e.lift), 10);
          expect(cell!.values.balanceShare).toBeCloseTo(Number(e.share), 12);
          checked++;
        }
      }
    }
    // Every pivot cell was matched by one written here, and nothing more.
    expect(checked).toBe(data.cells.length);
    expect(checked).toBeGreaterThan(300);
    const total = data.cells.find((c) => c.row.length === 0 && c.column.length === 0)!;
    expect(total.loans).toBe(20000);
  }, 60_000);

  it('a filter narrows the population: shares and lift are of the filtered loans', async () => {
    const data = await runMetric(db, pivotQuery([{ dimension: 'region', values: ['杭州'] }], { rows: [{ field: 'industry' }], columns: [], measures: ['loans', 'balanceShare', 'lift'] }));
    const e = rows(await db.query(`WITH l AS (SELECT * FROM loan_facts WHERE region = '杭州')
      SELECT industry, count(*) AS loans, sum(balance) / (SELECT sum(balance) FROM l) AS share,
        avg(is_defaulted::INT) / (SELECT avg(is_defaulted::INT) FROM l) AS lift FROM l GROUP BY industry`));
    for (const x of e) {
      const cell = data.cells.find((c) => c.row.length === 1 && c.row[0] === x.industry)!;
      expect(cell.loans).toBe(x.loans);
      expect(cell.values.balanceShare).toBeCloseTo(Number(x.share), 12);
      expect(cell.values.lift).toBeCloseTo(Number(x.lift), 10);
    }
  });

  it('snapshot dates by quarter read the stock at the last snapshot of each quarter', async () => {
    const data = await runMetric(db, pivotQuery([], { rows: [{ field: 'snapshot_date', grain: 'quarter' }], columns: [], measures: ['loans', 'outstandingBalance', 'nplRatioBalance'] }));
    const e = rows(await db.query(`WITH ends AS (SELECT max(snapshot_date) AS d FROM snapshots GROUP BY date_trunc('quarter', snapshot_date))
      SELECT strftime(date_trunc('quarter', s.snapshot_date), '%Y-%m-%d') AS q, count(*) AS loans, sum(s.balance) AS balance,
        sum(s.balance) FILTER (WHERE s.five_class >= 3) / sum(s.balance) FILTER (WHERE s.five_class IS NOT NULL) AS npl
      FROM snapshots s WHERE s.snapshot_date IN (SELECT d FROM ends) GROUP BY 1`));
    expect(e.length).toBeGreaterThan(15);
    for (const x of e) {
      const cell = data.cells.find((c) => c.row.length === 1 && c.row[0] === x.q)!;
      expect(cell, String(x.q)).toBeDefined();
      expect(cell.loans).toBe(x.loans);
      expect(cell.values.outstandingBalance).toBeCloseTo(Number(x.balance), 2);
      expect(cell.values.nplRatioBalance).toBeCloseTo(Number(x.npl ?? 0), 12);
    }
    const last = data.cells.find((c) => c.row[0] === '2025-10-01')!;
    // The last quarter ends on the book's as-of date: the stock then is the live book (8,199 loans, README).
    expect(last.loans).toBe(8199);
  });
});
