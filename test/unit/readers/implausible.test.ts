import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../src/lib/db/node';
import type { Db } from '../../../src/lib/db/types';
import { rows, scalar } from '../../../src/lib/db/rows';
import { qualityReport } from '../../../src/lib/schema/quality';
import { importAndBuild } from './helpers';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => db.close());

describe('item 8: non-finite, implausible and unit-bearing values (implausible.csv, amounts in 万元, as of 2024-06-30)', () => {
  it('rejects Infinity, NaN and 1e309 as amounts; the unit in the cell wins; flags implausible DPD and dates', async () => {
    const { mapping, counts } = await importAndBuild(db, 'implausible.csv');
    const loans = mapping.tables[0];
    expect(loans.fields.amount!.parser).toEqual({ kind: 'number', unit: 1e4 });
    // Three non-finite amounts, and (by the book's unreadable-value rule) P10, whose date is not a date.
    expect(counts[0]).toMatchObject({ rowsIn: 11, accepted: 7, rejected: 4 });
    expect(rows(await db.query('SELECT _row, reason FROM rejects ORDER BY _row'))).toEqual([
      { _row: 2, reason: 'amount (贷款金额(万元)): "Infinity" is not a finite number' },
      { _row: 3, reason: 'amount (贷款金额(万元)): "NaN" is not a finite number' },
      { _row: 4, reason: 'amount (贷款金额(万元)): "1e309" is not a finite number' },
      { _row: 10, reason: 'origination_date (发放日期): "1000000000" is not a date' },
    ]);
    const amounts = Object.fromEntries(rows(await db.query('SELECT loan_id, amount FROM loans')).map((r) => [r.loan_id, r.amount]));
    expect(amounts.P1).toBe(1_000_000); // 100 万元
    expect(amounts.P5).toBe(125_000); // "125,000元": yuan as written, not × 10,000
    expect(amounts.P11).toBe(125_000); // "12.5万元"
    expect(await scalar(db, 'SELECT sum(amount) FROM loans')).toBe(1e6 + 125e3 + (50 + 60 + 70 + 80) * 1e4 + 125e3);
    // A 1,000,000,000 in a date column is not a date (it was once read as 2001-09-09).
    const origination = counts[0].fields!.find((f) => f.field === 'origination_date')!;
    expect(origination).toMatchObject({ invalid: 1, invalidExamples: ['1000000000'] });

    const report = await qualityReport(db, mapping, { fields: counts[0].fields });
    const check = (key: string) => report.checks.find((c) => c.key === key);
    expect(check('negative_dpd')).toMatchObject({ count: 1, examples: ['P6 (dpd -5)'] });
    expect(check('dpd_over_ten_years')).toMatchObject({ count: 1, examples: ['P7 (dpd 99999)'] });
    expect(check('date_after_as_of')).toMatchObject({ count: 1, examples: ['P8 (origination_date 2099-01-01)'] });
    expect(check('date_before_1950')).toMatchObject({ count: 1, examples: ['P9 (origination_date 1901-05-01)'] });
  });

  it('without an as-of date the latest snapshot, else today, is the book date', async () => {
    const { mapping } = await importAndBuild(db, 'implausible.csv');
    delete mapping.tables[0].fields.as_of_date;
    const { buildBook } = await import('../../../src/lib/schema/build');
    await buildBook(db, mapping);
    const report = await qualityReport(db, mapping);
    expect(report.checks.find((c) => c.key === 'date_after_as_of')).toMatchObject({ count: 1, examples: ['P8 (origination_date 2099-01-01)'] });
  });
});
