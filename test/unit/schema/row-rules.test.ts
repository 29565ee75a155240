import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../src/lib/db/node';
import type { Db } from '../../../src/lib/db/types';
import { rows, scalar } from '../../../src/lib/db/rows';
import { sniffFile } from '../../../src/lib/ingest/sniff';
import { readFile } from '../../../src/lib/ingest/read';
import { proposeMapping } from '../../../src/lib/schema/propose';
import { buildBook } from '../../../src/lib/schema/build';
import { qualityReport } from '../../../src/lib/schema/quality';
import type { Mapping } from '../../../src/lib/schema/mapping';
import type { RowRules } from '../../../src/lib/schema/row-rules';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => db.close());

// Row 1 is the first data row. Expected per row, by hand:
// 1 A1 ok · 2 A2 ok · 3 A2 duplicate of row 2 · 4 (no id) missing id · 5 A5 negative amount · 6 A6 zero amount
// 7 A7 unreadable date 2023年13月45日 · 8 A8 ok · 9 合计 totals label · 10 A10 ok · 11 (blank id, amount = sum of the accepted others) totals
const CSV = [
  'loan_id,borrower,amount,origination_date,default_flag',
  'A1,B1,100,2023-01-05,0',
  'A2,B2,200,2023-01-05,0',
  'A2,B3,300,2023-01-05,1',
  ',B4,400,2023-01-05,0',
  'A5,B5,-50,2023-01-05,0',
  'A6,B6,0,2023-01-05,0',
  'A7,B7,70,2023年13月45日,0',
  'A8,B8,80,2023-02-01,1',
  '合计,,1600,,0',
  'A10,B10,90,2023-03-01,0',
  'Total,,470,,0',
].join('\n');

async function build(csv: string, rules?: Partial<RowRules>) {
  const file = new Blob([csv]);
  const raw = await readFile(db, file, await sniffFile(file, 'book.csv'));
  const { mapping } = await proposeMapping(db, [{ raw, table: 'loans' }]);
  const withRules: Mapping = { ...mapping, rules };
  const counts = await buildBook(db, withRules, { fieldQuality: true });
  const report = await qualityReport(db, withRules, { fields: counts[0].fields });
  const reasons = rows(await db.query('SELECT _row, reason, rule FROM rejects ORDER BY _row'));
  return { counts: counts[0], report: report.tables[0], reasons };
}

describe('row rules: a clean book by default', () => {
  it('rejects duplicates after the first, missing ids, non-positive amounts, unreadable dates and totals rows, each with its reason', async () => {
    const { counts, report, reasons } = await build(CSV);
    expect([counts.rowsIn, counts.accepted, counts.rejected]).toEqual([11, 4, 7]);
    expect(counts.rowsIn).toBe(counts.accepted + counts.rejected);
    expect(reasons).toEqual([
      { _row: 3, reason: 'duplicate loan id "A2" (kept row 2)', rule: 'duplicate_id' },
      { _row: 4, reason: 'loan_id (loan_id) is missing', rule: 'missing_id' },
      { _row: 5, reason: 'amount (amount): "-50" is not positive', rule: 'non_positive_amount' },
      { _row: 6, reason: 'amount (amount): "0" is not positive', rule: 'non_positive_amount' },
      { _row: 7, reason: 'origination_date (origination_date): "2023年13月45日" is not a date', rule: 'unreadable' },
      { _row: 9, reason: 'totals row', rule: 'totals' },
      { _row: 11, reason: 'totals row', rule: 'totals' },
    ]);
    expect(await scalar(db, "SELECT string_agg(loan_id, ',' ORDER BY _row) FROM loans")).toBe('A1,A2,A8,A10');
    expect(await scalar(db, "SELECT borrower_id FROM loans WHERE loan_id = 'A2'")).toBe('B2');
    expect(Object.fromEntries(report.rejectedByRule.map((r) => [r.rule, r.count]))).toEqual({
      totals: 2, missing_id: 1, required: 0, non_positive_amount: 2, unreadable: 1, duplicate_id: 1, bad_date: 0, unknown_loan: 0, duplicate_snapshot: 0,
    });
  });

  it('the user may reject every copy of a duplicate id, generate missing ids, keep non-positive amounts, keep unreadable values empty and keep totals', async () => {
    const { counts, reasons } = await build(CSV, { duplicateId: 'reject_all', missingId: 'generate', nonPositiveAmount: 'keep', unreadable: 'keep_empty', totals: 'keep' });
    expect(reasons).toEqual([
      { _row: 2, reason: 'duplicate loan id "A2" (2 rows, every copy rejected)', rule: 'duplicate_id' },
      { _row: 3, reason: 'duplicate loan id "A2" (2 rows, every copy rejected)', rule: 'duplicate_id' },
    ]);
    expect([counts.accepted, counts.rejected]).toEqual([9, 2]);
    expect(await scalar(db, "SELECT loan_id FROM loans WHERE _row = 4")).toBe('row-4');
    expect(await scalar(db, "SELECT origination_date IS NULL FROM loans WHERE loan_id = 'A7'")).toBe(true);
    expect(await scalar(db, "SELECT count(*) FROM loans WHERE loan_id IN ('合计', 'Total')")).toBe(2);
  });

  it('a book never holds two rows with one loan id, whatever the rules', async () => {
    for (const duplicateId of ['keep_first', 'reject_all'] as const) {
      for (const missingId of ['reject', 'generate'] as const) {
        await build(CSV + '\nA1,B99,10,2023-01-01,0\n  A1 ,B98,10,2023-01-01,0', { duplicateId, missingId, totals: 'keep' });
        expect(await scalar(db, 'SELECT count(*) - count(DISTINCT loan_id) FROM loans')).toBe(0);
      }
    }
  });

  it('an amount equal to the others\' sum is a totals row only when there is a real sum of several rows', async () => {
    const { reasons } = await build('id,amount,bad\nX1,10,0\nX2,10,1');
    expect(reasons).toEqual([]);
  });

  it('subtotal labels in a branch column and English subtotal rows are totals rows', async () => {
    const { reasons } = await build('id,branch,amount,bad\nX1,城东支行,10,0\nX2,城东支行小计,10,0\nX3,城西,5,1\nSubtotal (West),,5,\nX5,城西,7,0');
    expect(reasons.map((r) => [r._row, r.reason])).toEqual([
      [2, 'totals row'],
      [4, 'totals row'],
    ]);
  });
});
