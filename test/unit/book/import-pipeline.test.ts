import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openNodeDb } from '../../../src/lib/db/node';
import type { Db } from '../../../src/lib/db/types';
import { rows, scalar } from '../../../src/lib/db/rows';
import { proposeMapping } from '../../../src/lib/schema/propose';
import { activateStaged } from '../../../src/lib/book/activate';
import { checkMapping, dropTables, importTables, nothingAccepted, readSource, sniffSource, stageChecked } from '../../../src/lib/book/import';
import { FIXTURES } from '../ingest/helpers';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => db.close());

const tablesLike = async (pattern: string) =>
  rows(await db.query(`SELECT table_name FROM duckdb_tables() WHERE table_name LIKE '${pattern}' ESCAPE '\\' ORDER BY 1`)).map((r) => r.table_name);

describe('the import pipeline (a plain module, driven here as the Data screen drives it)', () => {
  const bytes = readFileSync(join(FIXTURES, 'quality.csv'));
  const dataLines = bytes.toString('utf8').trim().split('\n').length - 1;

  it('sniff → read → propose → check → stage → activate, with rows in = accepted + rejected', async () => {
    await db.exec("CREATE TABLE loans AS SELECT 'OLD' AS loan_id");
    const file = new File([bytes], 'quality.csv');
    const { sniff, workbook } = await sniffSource(file, file.name);
    expect(sniff.format).toBe('csv');
    expect(workbook).toBeNull();

    const read = await readSource(db, file, sniff, {});
    expect(await scalar(db, `SELECT count(*) FROM ${read.raw.table}`)).toBe(dataLines);
    expect(read.preview).toHaveLength(5);
    expect(read.columns.map((c) => c.column)).toEqual(read.raw.columns);

    const { mapping } = await proposeMapping(db, [{ raw: read.raw, table: 'loans' }]);
    const { report, fields } = await checkMapping(db, { ...mapping, currency: 'HKD' });
    // Default row rules reject the second Q2, abc, empty, -100, 0 and the unreadable row.
    expect(report.tables[0]).toMatchObject({ rowsIn: dataLines, accepted: 5, rejected: 6 });
    expect(fields.find((f) => f.field === 'amount')).toBeTruthy();
    expect(await scalar(db, 'SELECT loan_id FROM loans')).toBe('OLD'); // a check leaves the open book alone
    expect(await nothingAccepted(db)).toBeNull();

    await stageChecked(db);
    expect(await tablesLike('check\\_%')).toEqual([]);
    expect(await tablesLike('stage\\_%')).toEqual(['stage_book_fields', 'stage_book_settings', 'stage_inspections', 'stage_loans', 'stage_snapshots']);

    const shape = await activateStaged(db);
    expect(shape.loans).toBe(5);
    expect(shape.settings.currency).toBe('HKD'); // the currency chosen at import came in with the book
    expect(await tablesLike('stage\\_%')).toEqual([]); // book_fields came in with the book, in the same swap
    expect(await scalar(db, "SELECT status FROM book_fields WHERE table_name = 'loans' AND field = 'amount'")).toBe('mapped');

    await dropTables(db, importTables([read.raw.table]));
    expect(await tablesLike('raw\\_%')).toEqual([]);
  });

  it('a failed activation keeps the previous book and its book_fields (both swapped in one transaction)', async () => {
    const before = await scalar(db, 'SELECT count(*) FROM book_fields');
    await db.exec("CREATE TABLE stage_loans AS SELECT 1 AS not_a_loan_column; CREATE TABLE stage_book_fields AS SELECT 'new' AS x");
    await expect(activateStaged(db)).rejects.toThrow();
    expect(await scalar(db, 'SELECT count(*) FROM loans')).toBe(5);
    expect(await scalar(db, 'SELECT count(*) FROM book_fields')).toBe(before);
    expect(await scalar(db, "SELECT count(*) FROM book_fields WHERE field = 'amount'")).toBe(1);
  });

  it('refuses to stage a check that accepted no loan', async () => {
    await db.exec("CREATE OR REPLACE TABLE check_loans AS SELECT * FROM loans WHERE false; CREATE OR REPLACE TABLE rejects AS SELECT 'loans' AS table_name FROM range(3)");
    expect(await nothingAccepted(db)).toMatchObject({ key: 'nothing_accepted', params: { rows: 3, rejected: 3 } });
  });
});
