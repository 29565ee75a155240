import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../src/lib/db/node';
import type { Db } from '../../../src/lib/db/types';
import { rows } from '../../../src/lib/db/rows';
import { sniffFile } from '../../../src/lib/ingest/sniff';
import { readFile } from '../../../src/lib/ingest/read';
import { proposeMapping } from '../../../src/lib/schema/propose';
import { buildBook } from '../../../src/lib/schema/build';
import { qualityReport } from '../../../src/lib/schema/quality';

/*
 * Row rules of the snapshot and inspection tables on a crafted book (native DuckDB). Expected by hand:
 * loans L1, L2 are accepted; L3 is rejected (negative amount), so its snapshots and inspections have no loan.
 */
const LOANS = ['loan_id,amount,origination_date,default_flag', 'L1,100,2023-01-05,0', 'L2,200,2023-01-05,1', 'L3,-5,2023-01-05,0'].join('\n');
// Snapshot rows: 1 ok · 2 ok · 3 duplicate of row 1 (L1, Jan) · 4 missing loan id · 5 unknown loan L9
// 6 unreadable date · 7 L3 (rejected loan) · 8 ok (L2 Feb) · 9 " L2" with a space, same month as row 8: duplicate
const SNAPSHOTS = [
  'loan_id,snapshot_date,balance,dpd',
  'L1,2023-01-31,90,0',
  'L1,2023-02-28,80,0',
  'L1,2023-01-31,95,0',
  ',2023-01-31,10,0',
  'L9,2023-01-31,10,0',
  'L2,2023-13-45,150,0',
  'L3,2023-01-31,5,0',
  'L2,2023-02-28,140,30',
  ' L2,2023-02-28,141,30',
].join('\n');
// Inspection rows: 1 ok · 2 unknown loan · 3 missing date · 4 a second visit on one day is kept (not a snapshot)
const INSPECTIONS = ['loan_id,inspection_date,inspection_type', 'L1,2023-02-10,onsite', 'LX,2023-02-10,onsite', 'L2,,phone', 'L1,2023-02-10,phone'].join('\n');

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => db.close());

async function raw(csv: string, name: string) {
  const file = new Blob([csv]);
  return readFile(db, file, await sniffFile(file, name));
}

describe('row rules for snapshots and inspections', () => {
  it('rejects a missing or unknown loan id, an unreadable date and a second snapshot of one loan on one date, each with its reason', async () => {
    const tables = [
      { raw: await raw(LOANS, 'loans.csv'), table: 'loans' as const },
      { raw: await raw(SNAPSHOTS, 'snapshots.csv'), table: 'snapshots' as const },
      { raw: await raw(INSPECTIONS, 'inspections.csv'), table: 'inspections' as const },
    ];
    const { mapping } = await proposeMapping(db, tables);
    expect(mapping.tables.map((t) => t.table)).toEqual(['loans', 'snapshots', 'inspections']);
    expect(mapping.tables[2].fields.inspection_date?.source).toBe('inspection_date');
    const counts = await buildBook(db, mapping);
    expect(counts.map((c) => [c.table, c.rowsIn, c.accepted, c.rejected])).toEqual([
      ['loans', 3, 2, 1],
      ['snapshots', 9, 3, 6],
      ['inspections', 4, 2, 2],
    ]);
    for (const c of counts) expect(c.rowsIn).toBe(c.accepted + c.rejected);

    const rejects = async (table: string) => rows(await db.query('SELECT _row, reason, rule FROM rejects WHERE table_name = ? ORDER BY _row', [table]));
    expect(await rejects('snapshots')).toEqual([
      { _row: 3, reason: 'duplicate snapshot of loan "L1" on 2023-01-31 (kept row 1)', rule: 'duplicate_snapshot' },
      { _row: 4, reason: 'loan_id (loan_id) is missing', rule: 'missing_id' },
      { _row: 5, reason: 'loan id "L9" is not in the loans table', rule: 'unknown_loan' },
      { _row: 6, reason: 'snapshot_date (snapshot_date): "2023-13-45" is not a date', rule: 'bad_date' },
      { _row: 7, reason: 'loan id "L3" is not in the loans table', rule: 'unknown_loan' },
      { _row: 9, reason: 'duplicate snapshot of loan "L2" on 2023-02-28 (kept row 8)', rule: 'duplicate_snapshot' },
    ]);
    expect(await rejects('inspections')).toEqual([
      { _row: 2, reason: 'loan id "LX" is not in the loans table', rule: 'unknown_loan' },
      { _row: 3, reason: 'inspection_date (inspection_date) is missing', rule: 'bad_date' },
    ]);
    // What stays joins the book: every accepted snapshot and inspection has its loan.
    expect(rows(await db.query('SELECT count(*) AS n FROM snapshots s ANTI JOIN loans l ON l.loan_id = trim(s.loan_id)'))[0].n).toBe(0);
    expect(rows(await db.query('SELECT _row FROM snapshots ORDER BY _row')).map((r) => r._row)).toEqual([1, 2, 8]);

    // The quality report: rows in = accepted + rejected per table, and what each rule did.
    const report = await qualityReport(db, mapping);
    const byTable = Object.fromEntries(report.tables.map((t) => [t.table, t]));
    expect([byTable.snapshots.rowsIn, byTable.snapshots.accepted, byTable.snapshots.rejected]).toEqual([9, 3, 6]);
    expect([byTable.inspections.rowsIn, byTable.inspections.accepted, byTable.inspections.rejected]).toEqual([4, 2, 2]);
    const ruleCounts = (t: string) => Object.fromEntries(byTable[t].rejectedByRule.filter((r) => r.count > 0).map((r) => [r.rule, r.count]));
    expect(ruleCounts('snapshots')).toEqual({ duplicate_snapshot: 2, missing_id: 1, unknown_loan: 2, bad_date: 1 });
    expect(ruleCounts('inspections')).toEqual({ unknown_loan: 1, bad_date: 1 });
  });
});
