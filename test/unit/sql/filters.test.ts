import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/db/types';
import { breakdownQuery } from '../../../src/lib/metrics/portfolio/breakdown';
import { FACT_COLUMN_TYPES } from '../../../src/lib/schema/facts-columns';
import { viewFilters, whereClause, type FilterSet } from '../../../src/lib/sql/filters';
import { inlineParams } from '../../../src/lib/sql/inline';
import { toggledAll } from '../../../src/lib/state/filter-toggle';
import { loadLoans, openNodeDb, run, type FixtureRow } from '../metrics/portfolio/fixtures';

/*
 *        amount  term  origination  renewal  industry  class
 *   A    1       12    2021-03-04   true     C         1
 *   B    1.5     24    2021-07-01   false    C         3
 *   C    2       36    2022-01-15   —        F'?       —
 *   D    —       —     —            true     —         2
 */
const BOOK: FixtureRow[] = [
  { loan_id: 'A', amount: 1, term_months: 12, origination_date: '2021-03-04', is_renewal: true, industry: 'C', five_class: 1, balance: 10 },
  { loan_id: 'B', amount: 1.5, term_months: 24, origination_date: '2021-07-01', is_renewal: false, industry: 'C', five_class: 3, balance: 20 },
  { loan_id: 'C', amount: 2, term_months: 36, origination_date: '2022-01-15', industry: "F'?", balance: 30 },
  { loan_id: 'D', is_renewal: true, five_class: 2, balance: 40 },
];

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  await loadLoans(db, BOOK);
});
afterAll(async () => db.close());

async function ids(filters: FilterSet): Promise<string[]> {
  const w = whereClause(filters);
  const t = await db.query(`SELECT loan_id FROM loan_facts ${w.sql} ORDER BY loan_id`, w.params);
  return t.toArray().map((r) => String(r.loan_id));
}

describe('typed filters', () => {
  it('knows the type of every loan_facts column, as DuckDB builds it', async () => {
    const t = await db.query('DESCRIBE loan_facts');
    const actual = Object.fromEntries(t.toArray().map((r) => [String(r.column_name), String(r.column_type)]));
    expect(FACT_COLUMN_TYPES).toEqual(actual);
  });

  it('compares each column as its own type, never as text', async () => {
    // URL values are text: '1' on a DOUBLE column matches 1.0 (as text DuckDB writes '1.0').
    expect(await ids([{ dimension: 'amount', values: ['1'] }])).toEqual(['A']);
    expect(await ids([{ dimension: 'amount', values: [1.5, '2'] }])).toEqual(['B', 'C']);
    expect(await ids([{ dimension: 'term_months', values: ['24'] }])).toEqual(['B']);
    expect(await ids([{ dimension: 'five_class', values: ['3', '1'] }])).toEqual(['A', 'B']);
    expect(await ids([{ dimension: 'vintage_year', values: ['2021'] }])).toEqual(['A', 'B']);
    expect(await ids([{ dimension: 'vintage_month', values: ['2021-03-01'] }])).toEqual(['A']);
    expect(await ids([{ dimension: 'origination_date', values: ['2022-01-15'] }])).toEqual(['C']);
    expect(await ids([{ dimension: 'is_renewal', values: ['true'] }])).toEqual(['A', 'D']);
    expect(await ids([{ dimension: 'is_renewal', values: ['false', null] }])).toEqual(['B', 'C']);
    expect(await ids([{ dimension: 'industry', values: ["F'?"] }])).toEqual(['C']);
    expect(await ids([{ dimension: 'amount', values: [null] }])).toEqual(['D']);
    expect(whereClause([{ dimension: 'amount', values: ['1'] }]).sql).not.toMatch(/VARCHAR/);
  });

  it('lets a value that cannot be of the column type match nothing instead of failing', async () => {
    expect(await ids([{ dimension: 'amount', values: ['abc'] }])).toEqual([]);
    expect(await ids([{ dimension: 'term_months', values: ['12.5', '12'] }])).toEqual(['A']);
    expect(await ids([{ dimension: 'origination_date', values: ['soon'] }])).toEqual([]);
    expect(await ids([{ dimension: 'amount', values: ['abc', null] }])).toEqual(['D']);
  });

  it('an excluded clause keeps every loan outside it, those with the value missing included', async () => {
    expect(await ids([{ dimension: 'industry', values: ['C'], exclude: true }])).toEqual(['C', 'D']);
    expect(await ids([{ dimension: 'industry', values: ['C', null], exclude: true }])).toEqual(['C']);
    expect(await ids([{ dimension: 'five_class', values: ['1'], exclude: true }, { dimension: 'is_renewal', values: ['true'] }])).toEqual(['D']);
    expect(await ids([{ dimension: 'amount', values: ['abc'], exclude: true }])).toEqual(['A', 'B', 'C', 'D']);
  });

  it('gives a view the filter set without its own dimensions', () => {
    const set: FilterSet = [
      { dimension: 'industry', values: ['C'] },
      { dimension: 'region', values: ['N'] },
      { dimension: 'branch', values: ['X'] },
    ];
    expect(viewFilters(set, 'industry', 'region')).toEqual({ set: [set[2]], ownFilterIgnored: true });
    expect(viewFilters(set, 'product')).toEqual({ set, ownFilterIgnored: false });
  });
});

describe('one gesture, one filter set', () => {
  it('toggles a heatmap cell (row and column value) in one step, and off again', () => {
    const cell = [{ dimension: 'industry', value: 'C' }, { dimension: 'region', value: 'N' }];
    const on = toggledAll([], cell, false);
    expect(on).toEqual([{ dimension: 'industry', values: ['C'] }, { dimension: 'region', values: ['N'] }]);
    expect(toggledAll(on, cell, false)).toEqual([]);
    const added = toggledAll(on, [{ dimension: 'industry', value: 'F' }, { dimension: 'region', value: 'S' }], true);
    expect(added).toEqual([{ dimension: 'industry', values: ['C', 'F'] }, { dimension: 'region', values: ['N', 'S'] }]);
  });
});

describe('a query with its parameters written in', () => {
  it('runs on its own and returns what the bound query returns', async () => {
    const q = breakdownQuery([{ dimension: 'industry', values: ['C', "F'?"] }, { dimension: 'amount', values: ['1.5', '2'] }], { dimension: 'industry' });
    expect(q.params.length).toBeGreaterThan(0);
    const text = inlineParams(q);
    expect(text).not.toMatch(/\?\s*[,)]/);
    const bound = await run(db, q);
    const inlined = q.shape(await db.query(text));
    expect(inlined).toEqual(bound);
    expect(bound.segments.map((s) => s.value).sort()).toEqual(['C', "F'?"]);
  });

  it('writes each parameter as a literal of its type and leaves ? in strings and comments alone', async () => {
    const q = { sql: "SELECT ? AS a, ? AS b, ? AS c, ? AS d, CAST(? AS DATE) AS e, '?' AS f, \"?\" AS g -- ?\n, ? AS h", params: ["it's", 1, 0.25, true, '2021-03-04', null] };
    const text = inlineParams({ sql: q.sql.replace('"?" AS g', '1 AS "?"'), params: q.params });
    const row = (await db.query(text)).toArray()[0];
    expect(row.a).toBe("it's");
    expect(Number(row.b)).toBe(1);
    expect(row.c).toBe(0.25);
    expect(row.d).toBe(true);
    expect(row.f).toBe('?');
    expect(row.h).toBeNull();
    expect(() => inlineParams({ sql: 'SELECT ?', params: [] })).toThrow();
    expect(() => inlineParams({ sql: 'SELECT 1', params: [1] })).toThrow();
  });
});
