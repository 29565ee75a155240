import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../src/lib/db/node';
import type { Db } from '../../../src/lib/db/types';
import { scalar } from '../../../src/lib/db/rows';
import { proposeMapping } from '../../../src/lib/schema/propose';
import { buildBook } from '../../../src/lib/schema/build';
import { qualityReport, rawQuality, type QualityReport } from '../../../src/lib/schema/quality';
import { rejectsCsv } from '../../../src/lib/schema/rejects';
import type { Mapping } from '../../../src/lib/schema/mapping';
import { importFixture } from '../ingest/helpers';

let db: Db;
let mapping: Mapping;
let report: QualityReport;
let rawTable: string;
beforeAll(async () => {
  db = await openNodeDb();
  const raw = await importFixture(db, 'quality.csv');
  rawTable = raw.table;
  // Rows kept that the default rules would reject, so that the warnings below have something to count.
  mapping = { ...(await proposeMapping(db, [{ raw, table: 'loans' }])).mapping, rules: { nonPositiveAmount: 'keep', unreadable: 'keep_empty' } };
  await buildBook(db, mapping);
  report = await qualityReport(db, mapping);
});
afterAll(async () => db.close());

describe('quality report on a fixture with known problems', () => {
  it('before mapping: nulls and distinct values per raw column', async () => {
    const q = await rawQuality(db, rawTable, ['贷款编号', '违约日期', '五级分类']);
    expect(q).toEqual([
      { column: '贷款编号', rows: 11, nulls: 0, distinct: 10 },
      { column: '违约日期', rows: 11, nulls: 10, distinct: 1 },
      { column: '五级分类', rows: 11, nulls: 0, distinct: 4 },
    ]);
  });

  it('rows in = accepted + rejected, each reject with its reason', () => {
    const t = report.tables[0];
    expect([t.rowsIn, t.accepted, t.rejected]).toEqual([11, 7, 4]);
    expect(t.rowsIn).toBe(t.accepted + t.rejected);
    expect(t.rejectExamples).toEqual([
      { row: 3, reason: 'duplicate loan id "Q2" (kept row 2)' },
      { row: 4, reason: 'amount (贷款金额(万元)): "abc" is not a number' },
      { row: 5, reason: 'amount (贷款金额(万元)) is missing' },
      { row: 11, reason: 'outcome: none could be read from dpd (逾期天数) = "", five_class (五级分类) = "XYZ"' },
    ]);
    expect(t.rejectedByField).toEqual([
      { field: 'amount', count: 2 },
      { field: 'duplicate', count: 1 },
      { field: 'outcome', count: 1 },
    ]);
    expect(t.rejectedByRule.filter((r) => r.count > 0)).toEqual([
      { rule: 'required', count: 3 },
      { rule: 'duplicate_id', count: 1 },
    ]);
  });

  it('per field: null, invalid and distinct counts with invalid examples', () => {
    const byField = Object.fromEntries(report.tables[0].fields.map((f) => [f.field, f]));
    expect(byField.amount).toMatchObject({ nulls: 1, invalid: 1, invalidExamples: ['abc'], distinct: 9 });
    expect(byField.disbursement_date).toMatchObject({ nulls: 0, invalid: 1, invalidExamples: ['2023-13-45'] });
    expect(byField.five_class).toMatchObject({ nulls: 0, invalid: 1, invalidExamples: ['XYZ'], distinct: 3 });
    expect(byField.dpd).toMatchObject({ nulls: 1, invalid: 0 });
    expect(byField.default_date).toMatchObject({ nulls: 10, invalid: 0, distinct: 1 });
  });

  it('warnings: duplicates, non-positive amounts, dates out of order, DPD vs class', () => {
    const checks = Object.fromEntries(report.checks.map((c) => [c.key, c]));
    // The book never holds a duplicate id: the second Q2 was rejected.
    expect(checks.duplicate_loan_ids).toMatchObject({ count: 0, rows: 0 });
    expect(checks.generated_loan_ids).toMatchObject({ count: 0 });
    expect(checks.negative_amounts).toMatchObject({ count: 1, examples: ['Q6'] });
    expect(checks.zero_amounts).toMatchObject({ count: 1, examples: ['Q7'] });
    expect(checks.disbursement_before_approval).toMatchObject({ count: 1, examples: ['Q8'] });
    expect(checks.default_before_origination).toMatchObject({ count: 1, examples: ['Q9'] });
    expect(checks.dpd_class_mismatch).toMatchObject({ count: 1, examples: ['Q10'] });
    expect(checks.approval_before_application).toBeUndefined();
  });

  it('warnings do not reject rows; an unmapped default flag stays empty (loan_facts decides the outcome)', async () => {
    expect(await scalar(db, "SELECT count(*) FROM loans WHERE loan_id IN ('Q2', 'Q6', 'Q7', 'Q8', 'Q9', 'Q10')")).toBe(6);
    expect(await scalar(db, 'SELECT count(default_flag) FROM loans')).toBe(0);
    expect(await scalar(db, 'SELECT amount FROM loans WHERE _row = 1')).toBe(1_000_000);
  });

  it('exports the rejects as CSV with their reasons and original values', async () => {
    const csv = await rejectsCsv(db, mapping.tables[0]);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe('_row,reason,贷款编号,贷款金额(万元),审批日期,放款日期,发放日期,违约日期,逾期天数,五级分类,行业');
    expect(lines[2]).toBe('4,"amount (贷款金额(万元)): ""abc"" is not a number",Q4,abc,2023-01-01,2023-01-05,2023-01-05,,0,正常,F');
  });
});
