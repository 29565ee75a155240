import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../src/lib/db/node';
import type { Db } from '../../../src/lib/db/types';
import { rows } from '../../../src/lib/db/rows';
import { buildBook, buildMappingSql, tableSql } from '../../../src/lib/schema/build';
import { plainSources } from '../../../src/lib/schema/plain';
import { fieldQuality, mappedFieldQuality } from '../../../src/lib/schema/quality';
import { withParserMacros } from '../../../src/lib/schema/parsers';
import type { Mapping, TableMapping } from '../../../src/lib/schema/mapping';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => db.close());

// A raw table as the CSV reader writes it (every column text). `amt` and `rev_wan` hold plain
// numbers (one blank, one '12.5' where a whole number is wanted), `line` has thousands separators,
// `assets_wan` a unit written in a cell ('12万'), `orig` ISO dates (one '2021/3/5', one blank),
// `mat` a Chinese date and one unreadable one.
const RAW = `CREATE OR REPLACE TABLE raw_plain AS SELECT * FROM (VALUES
  (1, 'L1', '100', '3', '1,234.5', '12万', '2021-02-19', '2021年3月5日', '0', '12'),
  (2, 'L2', '2.5', '4.5', '900', '7', '2021/3/5', '2022年1月1日', '1', '12.5'),
  (3, 'L3', '', '', '', '', '', '', '0', ''),
  (4, 'L4', '-7', '1e3', '5', '8', '1999-12-31', 'soon', '0', '24'),
  (5, 'L5', ' 42 ', '0.5', '6', '9', '2020-01-01 ', '2020年1月1日', 'x', '36'),
  (6, 'L6', '8', '0.5', '6', '9', '2020-01-01', '2020年1月1日', '0', '  ')
) t(_row, loan_id, amt, rev_wan, line, assets_wan, orig, mat, flag, term)`;

const number = (unit = 1) => ({ kind: 'number' as const, unit });
const TM: TableMapping = {
  table: 'loans',
  raw: 'raw_plain',
  rawColumns: ['loan_id', 'amt', 'rev_wan', 'line', 'assets_wan', 'orig', 'mat', 'flag', 'term'],
  fields: {
    loan_id: { source: 'loan_id', parser: { kind: 'text' } },
    amount: { source: 'amt', parser: number() },
    revenue: { source: 'rev_wan', parser: number(10000) },
    credit_line: { source: 'line', parser: number() },
    total_assets: { source: 'assets_wan', parser: number(10000) },
    origination_date: { source: 'orig', parser: { kind: 'date', format: 'auto' } },
    maturity_date: { source: 'mat', parser: { kind: 'date', format: 'ymd' } },
    default_flag: { source: 'flag', parser: { kind: 'flag', trueValues: ['1'], falseValues: ['0'] } },
    term_months: { source: 'term', parser: number() },
  },
};
const MAPPING: Mapping = { version: 1, tables: [TM] };

const dump = async (table: string) => rows(await db.query(`SELECT * FROM ${table} ORDER BY _row`));

describe('the typed path: columns a plain cast reads skip the full parser', () => {
  it('finds the plain number and date columns in one scan; a separator, a unit in a cell or a Chinese date is not plain', async () => {
    await db.exec(RAW);
    const plain = await plainSources(db, TM);
    // 'term' holds a value of spaces only: blank to the parser, but not a plain cast's, so the full parser reads it.
    expect([...plain.number].sort()).toEqual(['amt', 'rev_wan']);
    expect([...plain.date]).toEqual(['orig']);
  });

  it('a plain column is parsed by a cast (no lb_number), a 万元 cell text column by the full parser', async () => {
    const plain = await plainSources(db, TM);
    const [stage] = tableSql(TM, 'x_', undefined, plain);
    const revenue = /CAST\(\(try_cast\(r\."rev_wan" AS DOUBLE\) \* 10000\) AS DOUBLE\) AS "revenue"/;
    expect(stage).toMatch(revenue);
    expect(stage).toMatch(/lb_number\(r\."assets_wan", 10000/);
    expect(stage).not.toMatch(/lb_number\(r\."amt"/);
    expect(stage).not.toMatch(/lb_date\(r\."orig"/);
    expect(stage).toMatch(/lb_date\(r\."mat"/);
    const [full] = tableSql(TM, 'x_');
    expect(full).toMatch(/lb_number\(r\."amt"/);
  });

  it('builds the very same book and rejects (reasons and rules) as the full parser', async () => {
    await db.exec(RAW);
    // The full parser everywhere: the script buildMappingSql writes (it knows no plain columns).
    for (const sql of buildMappingSql(MAPPING, { prefix: 'full_' })) await db.exec(sql);
    const fullBook = await dump('full_loans');
    const fullRejects = await dump('rejects');
    const [counts] = await buildBook(db, MAPPING, { prefix: 'fast_' });
    expect(await dump('fast_loans')).toEqual(fullBook);
    expect(await dump('rejects')).toEqual(fullRejects);
    // Rows in = accepted + rejected, each rejection with its reason.
    expect(counts).toMatchObject({ rowsIn: 6, accepted: fullBook.length, rejected: fullRejects.length });
    expect(counts.accepted + counts.rejected).toBe(6);
    expect(fullRejects.map((r) => [r._row, r.rule])).toEqual([
      [2, 'unreadable'],
      [3, 'required'],
      [4, 'non_positive_amount'],
      [5, 'required'],
    ]);
    expect(String(fullRejects[0].reason)).toContain('term_months (term): "12.5" is not a number');
    expect(String(fullRejects[1].reason)).toContain('amount (amt) is missing');
    // The values the plain casts read: 万元 × 10000, ' 42 ' trimmed, '1e3' a number.
    const l1 = fullBook.find((r) => r.loan_id === 'L1')!;
    expect(l1).toMatchObject({ amount: 100, revenue: 30000, credit_line: 1234.5, total_assets: 120000, term_months: 12 });
  });

  it('field quality counts the same with the plain casts as with the full parser', async () => {
    await db.exec(RAW);
    const fast = await mappedFieldQuality(db, TM);
    const full = await withParserMacros(db, () => fieldQuality(db, TM));
    expect(fast).toEqual(full);
    expect(fast.find((f) => f.field === 'term_months')).toMatchObject({ nulls: 2, invalid: 1, invalidExamples: ['12.5'] });
  });

  it('a check reuses field quality counted for the same mapping instead of counting again', async () => {
    await db.exec(RAW);
    const known = (await mappedFieldQuality(db, TM)).map((f) => ({ ...f, invalidExamples: ['given'] }));
    const [counts] = await buildBook(db, MAPPING, { prefix: 'k_', fieldQuality: true, knownFields: known });
    expect(counts.fields?.every((f) => f.invalidExamples[0] === 'given')).toBe(true);
    const [own] = await buildBook(db, MAPPING, { prefix: 'k_', fieldQuality: true });
    expect(own.fields?.find((f) => f.field === 'term_months')?.invalidExamples).toEqual(['12.5']);
  });
});

describe('blankSql', () => {
  it('is true exactly where trim(x) = \'\' or x IS NULL', async () => {
    const { blankSql } = await import('../../../src/lib/schema/plain');
    const t = await db.query(`SELECT x, ${blankSql('x')} AS fast, (x IS NULL OR trim(x) = '') AS slow FROM (VALUES (NULL), (''), (' '), ('   '), (E'\\t'), (E' \\t '), (' a'), ('a '), ('a'), ('　'), (E'\\n1')) t(x)`);
    const r = rows(t);
    expect(r.filter((x) => x.fast).length).toBeGreaterThanOrEqual(4);
    for (const x of r) expect([x.x, x.fast]).toEqual([x.x, x.slow]);
  });
});
