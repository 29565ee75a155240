import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../src/lib/db/node';
import type { Db } from '../../../src/lib/db/types';
import { rows, scalar } from '../../../src/lib/db/rows';
import { importAndBuild } from './helpers';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => db.close());

describe('item 12: text details', () => {
  it('duplicate header names do not stop header detection: 备注, 备注_2, 备注_3', async () => {
    const { raw, mapping, counts } = await importAndBuild(db, 'dup-headers.csv');
    expect(raw.columns).toEqual(['贷款编号', '贷款金额', '五级分类', '备注', '备注_2', '备注_3']);
    expect(mapping.tables[0].fields.amount?.source).toBe('贷款金额');
    expect(counts[0]).toMatchObject({ rowsIn: 10, accepted: 10 });
  });

  it.each(['nul-early.csv', 'nul-late.csv'])('%s: a NUL byte early or late is text, stripped, and does not split a branch', async (name) => {
    const { raw, mapping, counts } = await importAndBuild(db, name);
    expect(raw.format).toBe('csv');
    expect(mapping.tables[0].fields.branch?.source).toBe('支行');
    expect(counts[0]).toMatchObject({ rowsIn: 300, accepted: 300, rejected: 0 });
    expect(rows(await db.query('SELECT branch, count(*)::INT AS n FROM loans GROUP BY 1 ORDER BY 1'))).toEqual([
      { branch: '城东支行', n: 100 },
      { branch: '城西支行', n: 100 },
      { branch: '高新支行', n: 100 },
    ]);
  });

  it('"LN001 " and "LN001" are one id; " LN002" is LN002; branch names are trimmed too', async () => {
    const { counts } = await importAndBuild(db, 'trim-ids.csv');
    // Row 2 ("LN001 ") is the same loan as row 1: the book's duplicate rule keeps the first.
    expect(counts[0]).toMatchObject({ rowsIn: 4, accepted: 3, rejected: 1 });
    expect(await scalar(db, 'SELECT reason FROM rejects')).toBe('duplicate loan id "LN001" (kept row 1)');
    expect(rows(await db.query('SELECT loan_id, branch FROM loans ORDER BY _row'))).toEqual([
      { loan_id: 'LN001', branch: '城东支行' },
      { loan_id: 'LN002', branch: '城西支行' },
      { loan_id: 'LN003', branch: '城西支行' },
    ]);
    expect(await scalar(db, "SELECT count(*) FROM loans WHERE loan_id = 'LN002'")).toBe(1);
  });
});
