import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openNodeDb } from '../../../src/lib/db/node';
import type { Db } from '../../../src/lib/db/types';
import { rows, scalar } from '../../../src/lib/db/rows';
import { detectEncoding, TEXT_ENCODINGS } from '../../../src/lib/ingest/encoding';
import { sniffFile } from '../../../src/lib/ingest/sniff';
import { readFile } from '../../../src/lib/ingest/read';
import { failure } from '../ingest/helpers';
import { importAndBuild, READERS } from './helpers';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => db.close());

const bytes = (name: string) => new Uint8Array(readFileSync(join(READERS, name)));

describe('item 9: encodings', () => {
  it('offers Big5 and Windows-1252 beside UTF-8, GB18030, GBK and UTF-16', () => {
    expect(TEXT_ENCODINGS).toEqual(['utf-8', 'gb18030', 'gbk', 'big5', 'windows-1252', 'utf-16le', 'utf-16be']);
  });

  it('detects Big5 and Windows-1252 files, and still GBK', () => {
    expect(detectEncoding(bytes('big5.csv')).encoding).toBe('big5');
    expect(detectEncoding(bytes('windows-1252.csv')).encoding).toBe('windows-1252');
    expect(detectEncoding(new Uint8Array(readFileSync(join(READERS, '../book-gbk.csv')))).encoding).toBe('gb18030');
  });

  it('a Big5 file reads with its Traditional Chinese headers mapped', async () => {
    const { raw, mapping, counts } = await importAndBuild(db, 'big5.csv');
    expect(raw.encoding).toBe('big5');
    expect(raw.columns).toEqual(['貸款編號', '借款人', '貸款金額', '五級分類']);
    expect(counts[0]).toMatchObject({ rowsIn: 40, accepted: 40, rejected: 0 });
    expect(mapping.tables[0].fields.loan_id?.source).toBe('貸款編號');
    expect(await scalar(db, "SELECT borrower_name FROM loans WHERE loan_id = 'TW7'")).toBe('臺灣企業7有限公司');
    expect(await scalar(db, 'SELECT sum(amount) FROM loans')).toBe(820000); // 1000 × (1 + … + 40)
  });

  it('a Windows-1252 file keeps its accents', async () => {
    const { raw, counts } = await importAndBuild(db, 'windows-1252.csv');
    expect(raw.encoding).toBe('windows-1252');
    expect(counts[0]).toMatchObject({ rowsIn: 40, accepted: 40 });
    expect(rows(await db.query('SELECT DISTINCT region FROM loans ORDER BY 1')).map((r) => r.region)).toEqual(['Besançon', 'Genève', 'Köln', 'Málaga', 'Zürich']);
  });

  it('a GBK file with three UTF-8 lines: the sniff keeps the options, names the first bad line, and reading on decodes those lines as UTF-8', async () => {
    const file = new Blob([bytes('gbk-some-utf8.csv')]);
    const sniff = await sniffFile(file, 'gbk-some-utf8.csv');
    expect(sniff.encoding?.encoding).toBe('gb18030');
    expect(sniff.csv?.columns).toEqual(['贷款编号', '借款人', '贷款金额', '五级分类']);
    expect(sniff.problem?.key).toBe('wrong_encoding');
    // Lines 51-53 (1-based, header = line 1) hold UTF-8.
    expect(sniff.problem?.params).toMatchObject({ line: 51, replaceable: 1 });
    expect(sniff.problem?.message).toMatch(/the first on line 51/);
    const refused = await failure(readFile(db, file, sniff));
    expect(refused).toMatchObject({ key: 'wrong_encoding' });
    const raw = await readFile(db, file, sniff, { replaceUndecodable: true });
    expect(raw.rowCount).toBe(200);
    // The UTF-8 lines are read as UTF-8, every other line as GBK: nothing is lost.
    expect(await scalar(db, `SELECT count(*) FROM ${raw.table} WHERE contains("借款人", '\uFFFD') OR contains("五级分类", '\uFFFD')`)).toBe(0);
    expect(await scalar(db, `SELECT "借款人" FROM ${raw.table} WHERE "贷款编号" = 'MX7'`)).toBe('企业7有限公司');
    expect(await scalar(db, `SELECT "借款人" FROM ${raw.table} WHERE "贷款编号" = 'MX51'`)).toBe('企业51有限公司');
  });

  it('a file hit on most lines is not offered the replacement', async () => {
    const file = new Blob([bytes('big5.csv')]);
    const sniff = await sniffFile(file, 'big5.csv');
    const wrong = await failure(readFile(db, file, sniff, { encoding: 'utf-8' }));
    expect(wrong).toMatchObject({ key: 'wrong_encoding' });
    expect((wrong as unknown as { params: Record<string, unknown> }).params.replaceable).toBeUndefined();
  });
});
