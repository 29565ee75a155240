import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../src/lib/db/node';
import type { Db } from '../../../src/lib/db/types';
import { rows, scalar } from '../../../src/lib/db/rows';
import { detectDecimalSeparator } from '../../../src/lib/schema/parsers';
import { rejectsCsv } from '../../../src/lib/schema/rejects';
import { importAndBuild } from './helpers';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => db.close());

describe('item 4: decimal separator per column and per file', () => {
  it('detects the separator from values, and falls back to the file convention when they do not tell', () => {
    expect(detectDecimalSeparator(['71.654,27', '4824390,03', '2,5'])).toBe(',');
    expect(detectDecimalSeparator(['1,234.5', '2.5'])).toBe('.');
    expect(detectDecimalSeparator(['1,234', '1000'])).toBe('.');
    expect(detectDecimalSeparator(['1,234', '1000'], ',')).toBe(',');
    expect(detectDecimalSeparator(['abc', ''], ',')).toBe(',');
  });

  it('a ;-delimited export reads "2.014,02" as 2014.02; a value fitting no decimal-comma reading is rejected with its reason', async () => {
    const { raw, mapping, counts } = await importAndBuild(db, 'decimal-comma.csv');
    expect(raw.decimalHint).toBe(',');
    const loans = mapping.tables[0];
    expect(loans.fields.amount!.parser).toEqual({ kind: 'number', unit: 1, decimal: ',' });
    expect(loans.fields.balance!.parser).toEqual({ kind: 'number', unit: 1, decimal: ',' });
    expect(counts[0]).toMatchObject({ rowsIn: 30, accepted: 29, rejected: 1 });
    // Loan k's amount is 1007.01 × k (k = 1 … 29 accepted): 1007.01 × 435.
    expect(await scalar(db, 'SELECT round(sum(amount), 2) FROM loans')).toBeCloseTo(438049.35, 6);
    expect(await scalar(db, "SELECT amount FROM loans WHERE loan_id = 'EU2'")).toBeCloseTo(2014.02, 8);
    expect(await scalar(db, "SELECT balance FROM loans WHERE loan_id = 'EU3'")).toBeCloseTo(300.5, 8);
    expect(await scalar(db, 'SELECT reason FROM rejects')).toBe('amount (amount): "12.5" does not fit the decimal separator ","');
    expect(await rejectsCsv(db, loans)).toContain('does not fit the decimal separator');
  });

  it('the issue\'s values in a comma-delimited file: the column says decimal comma', async () => {
    const { raw, mapping, counts } = await importAndBuild(db, 'decimal-comma-column.csv');
    expect(raw.decimalHint).toBeUndefined();
    expect(mapping.tables[0].fields.amount!.parser).toEqual({ kind: 'number', unit: 1, decimal: ',' });
    expect(counts[0]).toMatchObject({ rowsIn: 3, accepted: 3, rejected: 0 });
    expect(rows(await db.query('SELECT loan_id, amount FROM loans ORDER BY _row'))).toEqual([
      { loan_id: 'A1', amount: 71654.27 },
      { loan_id: 'A2', amount: 4824390.03 },
      { loan_id: 'A3', amount: 2.5 },
    ]);
  });

  it('the same column under a decimal point is unreadable, not rescaled', async () => {
    const { mapping } = await importAndBuild(db, 'decimal-comma-column.csv');
    const tm = mapping.tables[0];
    tm.fields.amount!.parser = { kind: 'number', unit: 1, decimal: '.' };
    const { buildBook } = await import('../../../src/lib/schema/build');
    const [c] = await buildBook(db, mapping);
    expect(c).toMatchObject({ rowsIn: 3, accepted: 0, rejected: 3 });
    expect(rows(await db.query('SELECT reason FROM rejects ORDER BY _row')).map((r) => r.reason)).toEqual([
      'amount (amount): "71.654,27" does not fit the decimal separator "."',
      'amount (amount): "4824390,03" does not fit the decimal separator "."',
      'amount (amount): "2,5" does not fit the decimal separator "."',
    ]);
  });
});

describe('item 6: records, not lines, decide the header row', () => {
  it.each(['header-linebreak.csv', 'header-linebreak.xlsx'])('%s: "贷款金额⏎(元)" maps to amount and all 120 loans are read', async (name) => {
    const { raw, mapping, counts } = await importAndBuild(db, name);
    expect(raw.columns).toEqual(['贷款编号', '贷款金额\n(元)', '五级分类']);
    expect(mapping.tables[0].fields.amount!.source).toBe('贷款金额\n(元)');
    expect(counts[0]).toMatchObject({ rowsIn: 120, accepted: 120, rejected: 0 });
    // Loan i holds i × 1000 yuan: 1000 × (1 + … + 120).
    expect(await scalar(db, 'SELECT sum(amount) FROM loans')).toBe(7260000);
    expect(await scalar(db, "SELECT amount FROM loans WHERE loan_id = 'HB1'")).toBe(1000);
    expect(await scalar(db, 'SELECT min(_row) FROM loans')).toBe(1);
  });
});
