import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../src/lib/db/node';
import type { Db } from '../../../src/lib/db/types';
import { rows, scalar } from '../../../src/lib/db/rows';
import { sniffFile } from '../../../src/lib/ingest/sniff';
import { fixture, failure } from '../ingest/helpers';
import { importAndBuild, READERS } from './helpers';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => db.close());

describe('item 11: .xls as Chinese core systems write it', () => {
  it.each([
    ['book-biff8.xls', 'xlsx'],
    ['book-html.xls', 'xlsx'],
    ['book-xml2003.xls', 'xlsx'],
    ['book-tab.xls', 'csv'],
  ])('%s is read (as %s) with its 30 loans', async (name, format) => {
    expect((await sniffFile(fixture(name, READERS), name)).format).toBe(format);
    const { raw, mapping, counts } = await importAndBuild(db, name);
    expect(raw.columns).toEqual(['贷款编号', '借款人', '贷款金额', '五级分类']);
    expect(mapping.tables[0].fields.amount?.source).toBe('贷款金额');
    expect(counts[0]).toMatchObject({ rowsIn: 30, accepted: 30, rejected: 0 });
    // Loan k: 1000 × k yuan; every fifth is special mention.
    expect(await scalar(db, 'SELECT sum(amount) FROM loans')).toBe(465000);
    expect(await scalar(db, 'SELECT count(*) FROM loans WHERE five_class = 2')).toBe(6);
  });

  it.each(['password.xlsx', 'password.xls'])('%s is said to be password-protected, with what to do', async (name) => {
    const e = await failure(importAndBuild(db, name));
    expect(e).toMatchObject({ key: 'password_protected' });
    expect(e.message).toMatch(/is password-protected.*save a copy without a password/);
  });
});

describe('item 12: Excel details', () => {
  it('ids formatted 000000 keep their zeros; formulas without values and hidden rows are reported; a stray cell at XFD1048576 is ignored', async () => {
    const { raw, counts } = await importAndBuild(db, 'excel-details.xlsx');
    expect(raw.columns).toEqual(['贷款编号', '贷款金额', '五级分类']);
    expect(rows(await db.query(`SELECT "贷款编号" AS id FROM ${raw.table} ORDER BY _row LIMIT 3`)).map((r) => r.id)).toEqual(['000001', '000002', '000003']);
    expect(raw.notices).toEqual([
      { key: 'formulas_without_values', params: { count: 2 } },
      { key: 'hidden_rows', params: { count: 2 } },
      { key: 'stray_cells', params: { count: 1, cells: 'XFD1048576' } },
    ]);
    // 20 loans; the two without a cached amount are rejected (amount missing), the hidden two are read.
    expect(counts[0]).toMatchObject({ rowsIn: 20, accepted: 18, rejected: 2 });
    expect(rows(await db.query('SELECT reason FROM rejects ORDER BY _row')).map((r) => r.reason)).toEqual([
      'amount (贷款金额) is missing',
      'amount (贷款金额) is missing',
    ]);
    expect(await scalar(db, "SELECT amount FROM loans WHERE loan_id = '000006'")).toBe(6000);
  });

  it('a shared-strings bomb gets a message that says so', async () => {
    const e = await failure(importAndBuild(db, 'shared-strings-bomb.xlsx'));
    expect(e).toMatchObject({ key: 'sheet_unreadable' });
    expect(e.message).toMatch(/sharedStrings\.xml.*cannot be read: it expands to 600(\.0)? MB/);
  });
});
