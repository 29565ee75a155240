import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../src/lib/db/node';
import type { Db } from '../../../src/lib/db/types';
import { rows, scalar } from '../../../src/lib/db/rows';
import { ident } from '../../../src/lib/sql/quote';
import { parquetBatchesNode } from '../../../src/lib/ingest/parquet-node';
import { typedColumns, typedTableOf } from '../../../src/lib/ingest/raw-table';
import { proposeMapping } from '../../../src/lib/schema/propose';
import { plainSources } from '../../../src/lib/schema/plain';
import { tableSql } from '../../../src/lib/schema/build';
import type { Mapping } from '../../../src/lib/schema/mapping';
import { activateStaged } from '../../../src/lib/book/activate';
import { checkMapping, dropTables, importTables, readSource, sniffSource, stageChecked } from '../../../src/lib/book/import';

/**
 * The typed import path: a Parquet book whose columns are already typed imports to the very
 * loan_facts, snapshots and rejects that the CSV of the same book gives (which parses every column
 * from text), while its typed columns are read as they are and never copied as text.
 */

let db: Db;
let dir: string;

/** Two books written by native DuckDB from one table each: Parquet (small row groups, so the read streams several batches) and CSV. */
async function writeBooks(): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const write = async (name: string, select: string) => {
    await conn.run(`CREATE OR REPLACE TABLE t AS ${select}`);
    await conn.run(`COPY t TO '${join(dir, `${name}.parquet`)}' (FORMAT parquet, ROW_GROUP_SIZE 64)`);
    await conn.run(`COPY t TO '${join(dir, `${name}.csv`)}' (FORMAT csv, HEADER true)`);
  };
  // Book A: English headers, typed DATE / DOUBLE / INTEGER / BOOLEAN columns, class as integer codes.
  const loansA = `
    SELECT 'L' || lpad(i::VARCHAR, 5, '0') AS loan_id, 'B' || (i % 37)::VARCHAR AS borrower_id,
      (['C', 'F', 'G', 'I'])[1 + i % 4] AS industry, (['North', 'South'])[1 + i % 2] AS region,
      DATE '2019-01-01' + (i * 7 % 1500)::INTEGER AS origination_date,
      DATE '2019-01-01' + (i * 7 % 1500)::INTEGER + 365 * (1 + i % 3)::INTEGER AS maturity_date,
      round(10000 + (i * 7919 % 990000) / 3.0, 2)::DOUBLE AS amount,
      round((10000 + (i * 7919 % 990000) / 3.0) * (i % 10) / 10.0, 2)::DOUBLE AS balance,
      (12 * (1 + i % 3))::INTEGER AS term_months,
      (CASE WHEN i % 11 = 0 THEN 95 WHEN i % 7 = 0 THEN 30 ELSE 0 END)::INTEGER AS dpd,
      (CASE WHEN i % 11 = 0 THEN 3 WHEN i % 7 = 0 THEN 2 ELSE 1 END)::INTEGER AS five_class,
      (i % 11 = 0) AS default_flag, (i % 5 = 0) AS is_restructured,
      (0.04 + (i % 10) / 1000.0)::DOUBLE AS interest_rate, (i % 50 + 1)::INTEGER AS staff_count,
      'note ' || (i % 3)::VARCHAR AS remark, (i % 4) * 2.5 AS score
    FROM range(1, 301) r(i)
    UNION ALL SELECT 'L00001', 'B1', 'C', 'North', DATE '2020-01-01', DATE '2021-01-01', 5000, 5000, 12, 0, 1, false, false, 0.05, 3, 'duplicate id', 0
    UNION ALL SELECT 'L99001', 'B2', 'C', 'North', DATE '2020-01-01', DATE '2021-01-01', NULL, 5000, 12, 0, 1, false, false, 0.05, 3, 'no amount', 0
    UNION ALL SELECT 'L99002', 'B3', 'C', 'North', DATE '2020-01-01', DATE '2021-01-01', -5, 0, 12, 0, 1, false, false, 0.05, 3, 'negative amount', 0
    UNION ALL SELECT 'L99003', 'B4', 'C', 'North', DATE '1850-01-01', DATE '2021-01-01', 7000, 7000, 12, 0, 1, false, false, 0.05, 3, 'date out of range', 0`;
  await write('a-loans', loansA);
  await write(
    'a-snapshots',
    `SELECT 'L' || lpad(i::VARCHAR, 5, '0') AS loan_id, last_day(DATE '2023-01-01' + INTERVAL (m) MONTH)::DATE AS snapshot_date,
       round(1000.0 * i / (m + 1), 2)::DOUBLE AS balance, ((i * m) % 4 * 30)::INTEGER AS dpd, (1 + (i * m) % 3)::INTEGER AS five_class
     FROM range(1, 301) r(i), range(0, 6) s(m)
     UNION ALL SELECT 'L77777', DATE '2023-01-31', 10, 0, 1
     UNION ALL SELECT 'L00002', DATE '2023-01-31', 10, 0, 1`,
  );
  // Book B: Chinese headers and labels, amounts in 万元 (typed DOUBLE), the default date as SAS day numbers.
  await write(
    'b-loans',
    `SELECT '贷' || lpad(i::VARCHAR, 4, '0') AS 贷款编号, (['制造业', '批发和零售业', '建筑业'])[1 + i % 3] AS 行业,
       (['华东', '华南'])[1 + i % 2] AS 地区, DATE '2020-03-01' + (i * 5 % 900)::INTEGER AS 发放日期,
       round(5 + (i * 37 % 500) / 4.0, 2)::DOUBLE AS "贷款金额(万元)", round((5 + (i * 37 % 500) / 4.0) * 0.6, 2)::DOUBLE AS "贷款余额(万元)",
       (12 * (1 + i % 2))::INTEGER AS "期限(月)", (CASE WHEN i % 9 = 0 THEN 120 ELSE 0 END)::INTEGER AS 逾期天数,
       (CASE WHEN i % 9 = 0 THEN '次级' WHEN i % 4 = 0 THEN '关注' ELSE '正常' END) AS 五级分类,
       (CASE WHEN i % 9 = 0 THEN '是' ELSE '否' END) AS 是否违约,
       (CASE WHEN i % 9 = 0 THEN 23000 + i END)::INTEGER AS 违约日期
     FROM range(1, 201) r(i)
     UNION ALL SELECT '合计', NULL, NULL, NULL, 123.5, 0, NULL, NULL, NULL, NULL, NULL`,
  );
  conn.closeSync();
  instance.closeSync();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lbl-typed-'));
  await writeBooks();
  db = await openNodeDb();
}, 60_000);
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Imported {
  mapping: Mapping;
  raws: string[];
  report: Awaited<ReturnType<typeof checkMapping>>['report'];
}

/** The Data screen's pipeline: sniff → read → propose → check → stage → activate. */
async function importBook(files: { name: string; table: 'loans' | 'snapshots' }[]): Promise<Imported> {
  const read = [];
  for (const f of files) {
    const file = new File([readFileSync(join(dir, f.name))], f.name);
    const { sniff } = await sniffSource(file, f.name);
    read.push({ raw: (await readSource(db, file, sniff, { parquetBatches: parquetBatchesNode })).raw, table: f.table });
  }
  const { mapping } = await proposeMapping(db, read);
  const { report } = await checkMapping(db, mapping);
  await stageChecked(db);
  await activateStaged(db);
  return { mapping, raws: read.map((r) => r.raw.table), report };
}

/** Copies of the open book's tables, to compare the next import with. */
async function keepCopies(tag: string): Promise<void> {
  await db.exec(`CREATE OR REPLACE TABLE ${tag}_facts AS SELECT * FROM loan_facts;
    CREATE OR REPLACE TABLE ${tag}_snapshots AS SELECT * FROM snapshots;
    CREATE OR REPLACE TABLE ${tag}_rejects AS SELECT table_name, _row, reason, rule FROM rejects`);
}

/** Rows of `a` not in `b` plus rows of `b` not in `a` (as multisets). */
async function difference(a: string, b: string): Promise<number> {
  return Number(await scalar(db, `SELECT (SELECT count(*) FROM (FROM ${a} EXCEPT ALL FROM ${b})) + (SELECT count(*) FROM (FROM ${b} EXCEPT ALL FROM ${a}))`));
}

const describeTable = async (t: string) => rows(await db.query(`SELECT column_name, column_type FROM (DESCRIBE ${ident(t)})`));
const withoutRaw = (m: Mapping) => m.tables.map(({ raw: _raw, ...rest }) => rest);

describe('a typed Parquet book imports to the same book as its CSV', () => {
  it('English headers, typed DATE / DOUBLE / INTEGER / BOOLEAN columns, with rejects', async () => {
    const csv = await importBook([{ name: 'a-loans.csv', table: 'loans' }]);
    await keepCopies('csv_a');
    await dropTables(db, importTables(csv.raws));
    const csvSnap = await importBook([
      { name: 'a-loans.csv', table: 'loans' },
      { name: 'a-snapshots.csv', table: 'snapshots' },
    ]);
    await keepCopies('csv_a2');
    await dropTables(db, importTables(csvSnap.raws));

    const pq = await importBook([
      { name: 'a-loans.parquet', table: 'loans' },
      { name: 'a-snapshots.parquet', table: 'snapshots' },
    ]);
    // The typed columns stayed typed: the data table keeps the file's types, the raw view shows text.
    const [loansRaw, snapsRaw] = pq.raws;
    expect(Object.fromEntries((await describeTable(typedTableOf(loansRaw))).map((c) => [c.column_name, c.column_type]))).toMatchObject({
      origination_date: 'DATE', amount: 'DOUBLE', term_months: 'INTEGER', default_flag: 'BOOLEAN', loan_id: 'VARCHAR',
    });
    expect(await scalar(db, `SELECT count(*) FROM duckdb_views() WHERE view_name = '${loansRaw}'`)).toBe(1);
    expect([...(await typedColumns(db, snapsRaw)).entries()]).toEqual([['snapshot_date', 'DATE'], ['balance', 'DOUBLE'], ['dpd', 'INTEGER'], ['five_class', 'INTEGER']]);
    // … and the build reads them as they are: no parser macro for the plain fields, the class codes through text.
    const tm = pq.mapping.tables[0];
    const sql = tableSql(tm, 'check_', undefined, await plainSources(db, tm))[0];
    expect(sql).toContain('CAST(r."__lb_typed__amount" AS DOUBLE)');
    expect(sql).toContain('CAST(r."__lb_typed__origination_date" AS DATE)');
    expect(sql).toContain('CASE r."__lb_typed__default_flag" WHEN true THEN true WHEN false THEN false END');
    expect(sql).not.toMatch(/lb_number\(|lb_date\(/);
    expect(sql).toContain('CAST(r."__lb_typed__five_class" AS VARCHAR)');

    // The proposal reads the same text, so the mapping is the CSV's.
    expect(withoutRaw(pq.mapping)).toEqual(withoutRaw(csvSnap.mapping));
    // Rows in = accepted + rejected, with their reasons: a second copy of an id, no amount, a negative amount, a date out of range;
    // a snapshot of an unknown loan and a second snapshot of one loan on one date.
    const loans = pq.report.tables.find((t) => t.table === 'loans')!;
    expect(loans).toMatchObject({ rowsIn: 304, accepted: 300, rejected: 4 });
    const byRule = (t: typeof loans) => Object.fromEntries(t.rejectedByRule.filter((r) => r.count).map((r) => [r.rule, r.count]));
    expect(byRule(loans)).toEqual({ required: 1, non_positive_amount: 1, unreadable: 1, duplicate_id: 1 });
    const snaps = pq.report.tables.find((t) => t.table === 'snapshots')!;
    expect(snaps).toMatchObject({ rowsIn: 1802, accepted: 1800, rejected: 2 });
    expect(byRule(snaps)).toEqual({ unknown_loan: 1, duplicate_snapshot: 1 });

    await keepCopies('pq_a');
    expect(await describeTable('pq_a_facts')).toEqual(await describeTable('csv_a2_facts'));
    expect(Number(await scalar(db, 'SELECT count(*) FROM pq_a_facts'))).toBe(300);
    expect(await difference('pq_a_facts', 'csv_a2_facts')).toBe(0);
    expect(await difference('pq_a_snapshots', 'csv_a2_snapshots')).toBe(0);
    expect(await difference('pq_a_rejects', 'csv_a2_rejects')).toBe(0);
    // The loans-only CSV book has the same loans (snapshots change no loan column here).
    expect(await difference('(SELECT loan_id, amount, origination_date, is_defaulted FROM pq_a_facts)', '(SELECT loan_id, amount, origination_date, is_defaulted FROM csv_a_facts)')).toBe(0);
    await dropTables(db, importTables(pq.raws));
  }, 120_000);

  it('Chinese headers and labels, 万元 amounts, SAS day numbers and a totals row', async () => {
    const csv = await importBook([{ name: 'b-loans.csv', table: 'loans' }]);
    await keepCopies('csv_b');
    await dropTables(db, importTables(csv.raws));
    const pq = await importBook([{ name: 'b-loans.parquet', table: 'loans' }]);
    await keepCopies('pq_b');
    expect(withoutRaw(pq.mapping)).toEqual(withoutRaw(csv.mapping));
    const fields = pq.mapping.tables[0].fields;
    expect(fields.amount).toMatchObject({ source: '贷款金额(万元)', parser: { kind: 'number', unit: 10000 } });
    expect(fields.default_date?.source).toBe('违约日期');

    const tm = pq.mapping.tables[0];
    const sql = tableSql(tm, 'check_', undefined, await plainSources(db, tm))[0];
    expect(sql).toContain('CAST(r."__lb_typed__贷款金额(万元)" AS DOUBLE) * 10000');
    // Labels and SAS numbers need their parsers: they read the text.
    expect(sql).toContain('lb_date(CAST(r."__lb_typed__违约日期" AS VARCHAR)');
    expect(sql).toMatch(/CASE normalise|五级分类"\) IN \(/);

    const loans = pq.report.tables[0];
    expect(loans).toMatchObject({ rowsIn: 201, accepted: 200, rejected: 1 });
    expect(loans.rejectedByRule.find((r) => r.rule === 'totals')?.count).toBe(1);
    expect(await difference('pq_b_facts', 'csv_b_facts')).toBe(0);
    expect(await difference('pq_b_rejects', 'csv_b_rejects')).toBe(0);
    // Against the file itself, independently of the build: 万元 × 10000, the class labels, SAS day 23009 = 2022-12-30.
    const [r] = rows(
      await db.query(`SELECT sum(amount) AS amount, count(*) FILTER (WHERE five_class = 3)::DOUBLE AS substandard, min(default_date) AS first_default FROM loan_facts`),
    );
    const [file] = rows(
      await db.query(
        `SELECT sum("__lb_typed__贷款金额(万元)") * 10000 AS amount, count(*) FILTER (WHERE 五级分类 = '次级')::DOUBLE AS substandard FROM ${ident(pq.raws[0])} WHERE 贷款编号 <> '合计'`,
      ),
    );
    expect(r.amount).toBeCloseTo(Number(file.amount), 4);
    expect(r.substandard).toBe(file.substandard);
    expect(new Date(r.first_default as string | number).toISOString().slice(0, 10)).toBe('2022-12-30');
    await dropTables(db, importTables(pq.raws));
  }, 120_000);
});
