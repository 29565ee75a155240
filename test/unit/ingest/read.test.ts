import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../src/lib/db/node';
import type { Db } from '../../../src/lib/db/types';
import { rows, scalar } from '../../../src/lib/db/rows';
import { ident } from '../../../src/lib/sql/quote';
import type { ImportProgress } from '../../../src/lib/ingest/progress';
import { failure, importFixture } from './helpers';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => db.close());

const AMOUNT = '贷款金额(万元)';
const TOTAL = 40 * 50 + 12.5 * ((40 * 41) / 2);

async function totals(table: string) {
  const [r] = rows(
    await db.query(
      `SELECT count(*)::DOUBLE AS n, sum(CAST(${ident(AMOUNT)} AS DOUBLE)) AS total, count(DISTINCT ${ident('贷款编号')})::DOUBLE AS ids, min(_row) AS first, max(_row) AS last FROM ${ident(table)}`,
    ),
  );
  return r;
}

describe('every format reads into a raw VARCHAR table with the same rows', () => {
  it.each(['book-utf8.csv', 'book-utf8-bom.csv', 'book-gbk.csv', 'book-utf16le.csv', 'book-title.tsv', 'book.xlsx', 'book.json', 'book.ndjson', 'book.parquet', 'book.arrow'])(
    '%s',
    async (name) => {
      const raw = await importFixture(db, name, name === 'book.xlsx' ? { sheet: '贷款' } : {});
      expect(raw.rowCount).toBe(40);
      expect(raw.columns.slice(0, 5)).toEqual(['贷款编号', '借款人', '行业', '地区', AMOUNT]);
      expect(await totals(raw.table)).toEqual({ n: 40, total: TOTAL, ids: 40, first: 1, last: 40 });
      const types = rows(await db.query(`SELECT DISTINCT column_type FROM (DESCRIBE ${ident(raw.table)}) WHERE column_name <> '_row' AND NOT starts_with(column_name, '__lb_typed__')`));
      expect(types).toEqual([{ column_type: 'VARCHAR' }]);
      const quoted = await scalar(db, `SELECT ${ident('备注')} FROM ${ident(raw.table)} WHERE _row = 5`);
      expect(quoted).toBe('含"引号", 与逗号');
    },
  );

  it('keeps dates of typed sources as ISO text (xlsx date cells, not serials)', async () => {
    const raw = await importFixture(db, 'book.xlsx', { sheet: '贷款' });
    expect(await scalar(db, `SELECT ${ident('发放日期')} FROM ${ident(raw.table)} WHERE _row = 1`)).toBe('2022-08-04');
  });

  it('lists the sheets of a workbook with their detected header rows', async () => {
    const { openWorkbook } = await import('../../../src/lib/ingest/read-xlsx');
    const { fixture } = await import('./helpers');
    const wb = await openWorkbook(fixture('book.xlsx'));
    expect(wb.sheets.map((s) => [s.name, s.rowCount, s.headerRow])).toEqual([
      ['说明', 2, 0],
      ['贷款', 42, 1],
    ]);
  });

  it('reports progress with bytes and rows, and honours a cancel', async () => {
    const seen: ImportProgress[] = [];
    const raw = await importFixture(db, 'book-gbk.csv', { onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => p.phase)).toContain('decoding');
    expect(seen.at(-1)).toMatchObject({ phase: 'done', rows: 40, bytesRead: seen.at(-1)!.totalBytes });
    expect(raw.encoding).toBe('gb18030');
    const ctl = new AbortController();
    ctl.abort();
    expect((await failure(importFixture(db, 'book-gbk.csv', { signal: ctl.signal }))).key).toBe('cancelled');
  });

  it('lets the user override the sniffed encoding, delimiter and header row', async () => {
    const raw = await importFixture(db, 'book-utf8.csv', { headerRow: -1 });
    expect(raw.rowCount).toBe(41);
    expect(raw.columns[0]).toBe('column_1');
    expect(await scalar(db, `SELECT column_1 FROM ${ident(raw.table)} WHERE _row = 1`)).toBe('贷款编号');
  });
});
