import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openNodeDb } from '../../../src/lib/db/node';
import type { Db } from '../../../src/lib/db/types';
import { rows, scalar } from '../../../src/lib/db/rows';
import { LOAN_FIELDS } from '../../../src/lib/schema/canonical';
import { proposeMapping } from '../../../src/lib/schema/propose';
import { buildBook } from '../../../src/lib/schema/build';
import { buildFacts } from '../../../src/lib/metrics/facts';
import { importFixture } from '../ingest/helpers';
import { GOLDEN_DIR } from '../../golden';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => db.close());

async function importAndBuild(name: string, dir?: string) {
  const raw = await importFixture(db, name, {}, dir);
  const { mapping, proposals } = await proposeMapping(db, [{ raw, table: 'loans' }]);
  const counts = await buildBook(db, mapping);
  return { raw, mapping, proposals, counts };
}

async function bookTotals() {
  await buildFacts(db);
  const [r] = rows(
    await db.query(
      'SELECT count(*)::DOUBLE AS n, round(sum(amount), 2) AS amount, count(*) FILTER (WHERE is_defaulted)::DOUBLE AS defaults, min(origination_date) AS first_orig, max(maturity_date) AS last_maturity, count(DISTINCT industry)::DOUBLE AS industries FROM loan_facts',
    ),
  );
  return r;
}

describe('German Credit maps with credit_amount → amount and creditability = bad → default_flag', () => {
  it('keeps every other column as an extra attribute', async () => {
    const { raw, mapping, counts } = await importAndBuild('germancredit.csv', GOLDEN_DIR);
    const loans = mapping.tables[0];
    const mapped = Object.entries(loans.fields).filter(([, f]) => f?.source).map(([k, f]) => [k, f!.source]);
    expect(mapped).toEqual([
      ['amount', 'credit_amount'],
      ['default_flag', 'creditability'],
    ]);
    expect(loans.fields.default_flag!.parser).toEqual({ kind: 'flag', trueValues: ['bad'], falseValues: ['good'] });
    expect(counts).toEqual([{ table: 'loans', rowsIn: 1000, accepted: 1000, rejected: 0 }]);
    expect(await scalar(db, 'SELECT count(*) FILTER (WHERE default_flag) FROM loans')).toBe(300);
    expect(await scalar(db, 'SELECT sum(amount) FROM loans')).toBe(3271258);
    const columns = rows(await db.query('SELECT column_name FROM (DESCRIBE loans)')).map((r) => r.column_name);
    expect(columns.slice(0, LOAN_FIELDS.length)).toEqual(LOAN_FIELDS.map((f) => f.name));
    const extras = raw.columns.filter((c) => c !== 'credit_amount' && c !== 'creditability');
    expect(extras).toHaveLength(19);
    expect(columns.slice(LOAN_FIELDS.length)).toEqual(['_row', ...extras]);
    expect(await scalar(db, "SELECT loan_id FROM loans WHERE _row = 7")).toBe('row-7');
    const fields = rows(await db.query("SELECT field, status, source FROM book_fields WHERE table_name = 'loans' AND status <> 'missing' ORDER BY field"));
    expect(fields).toEqual([
      { field: 'amount', status: 'mapped', source: 'credit_amount' },
      { field: 'default_flag', status: 'mapped', source: 'creditability' },
      { field: 'loan_id', status: 'generated', source: null },
    ]);
    await buildFacts(db);
    expect(await scalar(db, 'SELECT count(*) FROM loan_facts')).toBe(1000);
  });
});

describe('the same book in every format and encoding builds to the same totals', () => {
  const expected = { n: 40, amount: (40 * 50 + 12.5 * 820) * 10000, defaults: 15, first_orig: '2022-01-09', last_maturity: '2024-12-24', industries: 4 };
  it.each(['book-utf8.csv', 'book-gbk.csv', 'book-utf8-bom.csv', 'book-utf16le.csv', 'book-title.tsv', 'book.json', 'book.ndjson', 'book.parquet', 'book.arrow'])(
    '%s',
    async (name) => {
      const { mapping, counts } = await importAndBuild(name);
      const f = mapping.tables[0].fields;
      expect(f.amount).toMatchObject({ source: '贷款金额(万元)', parser: { kind: 'number', unit: 10000 } });
      expect(f.origination_date?.parser).toEqual({ kind: 'date', format: 'ymd' });
      expect(f.maturity_date?.parser).toEqual({ kind: 'date', format: 'yyyymmdd' });
      expect(counts[0]).toMatchObject({ rowsIn: 40, accepted: 40, rejected: 0 });
      expect(await bookTotals()).toEqual(expected);
      // No flag and no default date: the outcome is DPD > 90 (15 rows of the file have 逾期天数 > 90).
      expect(await scalar(db, "SELECT status FROM book_fields WHERE field = 'default_flag' AND table_name = 'loans'")).toBe('missing');
      expect(await scalar(db, 'SELECT basis FROM book_outcome')).toBe('dpd');
    },
  );

  it('the GBK file with Chinese headers round-trips to the totals of its UTF-8 twin', async () => {
    await importAndBuild('book-utf8.csv');
    const utf8 = await bookTotals();
    const names = rows(await db.query('SELECT borrower_name, industry, region FROM loans ORDER BY _row'));
    await importAndBuild('book-gbk.csv');
    expect(await bookTotals()).toEqual(utf8);
    expect(rows(await db.query('SELECT borrower_name, industry, region FROM loans ORDER BY _row'))).toEqual(names);
  });
});

describe('a book in two tables joined on loan_id', () => {
  it('maps loans and snapshots, rejects a snapshot without a date and one whose loan is not in the book', async () => {
    const loansRaw = await importFixture(db, 'two-loans.csv');
    const snapsRaw = await importFixture(db, 'two-snapshots.csv');
    const { mapping } = await proposeMapping(db, [
      { raw: loansRaw, table: 'loans' },
      { raw: snapsRaw, table: 'snapshots' },
    ]);
    expect(Object.keys(mapping.tables[1].fields)).toEqual(['loan_id', 'snapshot_date', 'balance', 'dpd']);
    const counts = await buildBook(db, mapping);
    expect(counts).toEqual([
      { table: 'loans', rowsIn: 3, accepted: 3, rejected: 0 },
      { table: 'snapshots', rowsIn: 5, accepted: 3, rejected: 2 },
    ]);
    expect(rows(await db.query('SELECT _row, reason, rule FROM rejects WHERE table_name = ? ORDER BY _row', ['snapshots']))).toEqual([
      { _row: 4, reason: 'loan id "A9" is not in the loans table', rule: 'unknown_loan' },
      { _row: 5, reason: 'snapshot_date (snapshot_date) is missing', rule: 'bad_date' },
    ]);
    expect(await scalar(db, 'SELECT count(*) FROM snapshots s JOIN loans l USING (loan_id)')).toBe(3);
    expect(await scalar(db, 'SELECT count(*) FROM inspections')).toBe(0);
  });
});

const BANK_A = join(__dirname, '../../../data-samples/bank-a');
const bankA = ['loans.parquet', 'loans.csv', 'loans-gbk.csv', 'loans.xlsx'].filter((f) => existsSync(join(BANK_A, f)));
describe.runIf(bankA.length > 0)(`Bank A sample book (${bankA.join(', ')})`, () => {
  it('imports to the same row count and totals from every variant present', async () => {
    const expected = JSON.parse(readFileSync(join(BANK_A, 'expected.json'), 'utf8')) as { loans: number; book: { total_amount: number } };
    const results = [];
    for (const f of bankA) {
      const { counts } = await importAndBuild(f, BANK_A);
      expect(counts[0]).toMatchObject({ rowsIn: expected.loans, accepted: expected.loans, rejected: 0 });
      results.push(await bookTotals());
    }
    expect(results[0].n).toBe(expected.loans);
    expect(results[0].amount).toBeCloseTo(expected.book.total_amount, 0);
    for (const r of results.slice(1)) expect(r).toEqual(results[0]);
  }, 300_000);
});
