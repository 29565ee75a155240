import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { tableFromIPC } from 'apache-arrow';
import iconv from 'iconv-lite';
import { readParquet } from 'parquet-wasm';
import XLSX from '@e965/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSample } from '../../../scripts/sample/ensure.mjs';
import { CHINESE_HEADERS, CLASS_LABELS } from '../../../scripts/sample/headers.mjs';
import { BANK_A, DATA_DIR } from '../../../scripts/sample/paths.mjs';
import { one, openBook } from './db';

const files: Record<string, string> = JSON.parse(readFileSync(join(BANK_A, 'expected.json'), 'utf8')).files;
const variantPath = (file: string) => join(DATA_DIR, files[file]);

let conn: DuckDBConnection;
let close: () => void;
let tmp: string;
let truth: { n: number; amount: number; balance: number; npl: number };
beforeAll(async () => {
  await ensureSample();
  ({ conn, close } = await openBook());
  tmp = await mkdtemp(join(tmpdir(), 'sample-'));
  truth = (await one(
    conn,
    'SELECT count(*) AS n, sum(amount) AS amount, sum(balance) AS balance, count(*) FILTER (five_class >= 3) AS npl FROM loans',
  )) as typeof truth;
});
afterAll(async () => {
  close();
  await rm(tmp, { recursive: true, force: true });
});

describe('format variants of the loans table', () => {
  it('UTF-8 CSV has the canonical headers, the same rows and totals', async () => {
    const r = await one(
      conn,
      `SELECT count(*) AS n, sum(amount) AS amount, sum(balance) AS balance, count(*) FILTER (five_class >= 3) AS npl
       FROM read_csv('${variantPath('loans.csv')}')`,
    );
    expect(r).toEqual(truth);
  });

  it('GBK CSV has Chinese headers, class labels and 2023/1/5 dates, and the same rows and totals', async () => {
    const raw = readFileSync(variantPath('loans-gbk.csv'));
    expect(raw.toString('utf8')).not.toContain('贷款编号'); // really GBK, not UTF-8
    const text = iconv.decode(raw, 'gbk');
    const header = text.slice(0, text.indexOf('\n')).split(',');
    expect(header).toEqual(Object.values(CHINESE_HEADERS));
    const utf8 = join(tmp, 'gbk-decoded.csv');
    await writeFile(utf8, text);
    const r = await one(
      conn,
      `SELECT count(*) AS n, sum("放款金额") AS amount, sum("贷款余额") AS balance,
        count(*) FILTER ("五级分类" IN ('次级', '可疑', '损失')) AS npl,
        count(*) FILTER ("五级分类" NOT IN (${Object.values(CLASS_LABELS).map((l) => `'${l}'`).join(', ')})) AS bad_labels,
        count(*) FILTER (NOT regexp_full_match("发放日期", '\\d{4}/\\d{1,2}/\\d{1,2}')) AS bad_dates
       FROM read_csv('${utf8}', all_varchar = false, types = {'发放日期': 'VARCHAR'})`,
    );
    expect(r).toEqual({ ...truth, bad_labels: 0, bad_dates: 0 });
  });

  it('XLSX has the same rows and totals, with dates as Excel date cells', () => {
    const book = XLSX.read(readFileSync(variantPath('loans.xlsx')), { dense: true, cellNF: true });
    const sheet = book.Sheets.loans;
    const data = XLSX.utils.sheet_to_json<Record<string, unknown>>(sheet);
    const sum = (k: string) => data.reduce((s, r) => s + ((r[k] as number) ?? 0), 0);
    expect(data.length).toBe(truth.n);
    expect(sum('amount')).toBeCloseTo(truth.amount, 2);
    expect(sum('balance')).toBeCloseTo(truth.balance, 2);
    expect(data.filter((r) => (r.five_class as number) >= 3).length).toBe(truth.npl);
    const origination = sheet['!data']![1][18]; // first loan, column S
    expect(origination).toMatchObject({ t: 'n', z: 'yyyy-mm-dd' });
    expect(origination.w).toMatch(/^202[1-5]-\d\d-\d\d$/);
  });
});

describe('Parquet files for the browser', () => {
  it.each(['loans', 'snapshots', 'inspections', 'planted'])('%s round-trips through parquet-wasm', async (table) => {
    const arrow = tableFromIPC(readParquet(readFileSync(join(BANK_A, `${table}.parquet`))).intoIPCStream());
    const n = (await one(conn, `SELECT count(*) AS n FROM ${table}`)).n;
    expect(arrow.numRows).toBe(n);
    if (table === 'loans') {
      expect(String(arrow.schema.fields.find((f) => f.name === 'origination_date')?.type)).toMatch(/Date/);
      expect(String(arrow.schema.fields.find((f) => f.name === 'five_class')?.type)).toBe('Int8');
      const amounts = arrow.getChild('amount')!.toArray() as Float64Array;
      expect(amounts.reduce((s, x) => s + x, 0)).toBeCloseTo(truth.amount, 2);
    }
  });
});
