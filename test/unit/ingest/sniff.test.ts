import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectFormat } from '../../../src/lib/ingest/format';
import { checkDecoding, detectEncoding } from '../../../src/lib/ingest/encoding';
import { parseDelimited, sniffDialect } from '../../../src/lib/ingest/delimited';
import { dedupeHeaders, detectHeaderRow } from '../../../src/lib/ingest/header';
import { sniffFile } from '../../../src/lib/ingest/sniff';
import { FIXTURES, fixture } from './helpers';

const bytes = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)));
const formatOf = (name: string) => {
  const b = bytes(name);
  return detectFormat(b.subarray(0, 65536), b.subarray(Math.max(0, b.length - 16)), name, b.length);
};

describe('format by magic number', () => {
  it.each([
    ['book-utf8.csv', 'csv'],
    ['book-title.tsv', 'csv'],
    ['book.xlsx', 'xlsx'],
    ['book.parquet', 'parquet'],
    ['book.arrow', 'arrow'],
    ['book.json', 'json'],
    ['book.ndjson', 'ndjson'],
  ])('%s is %s', (name, format) => expect(formatOf(name)).toBe(format));

  it('recognises Parquet and xlsx by content even under a wrong name', () => {
    const b = bytes('book.parquet');
    expect(detectFormat(b, b.subarray(b.length - 16), 'export.dat', b.length)).toBe('parquet');
    const x = bytes('book.xlsx');
    expect(detectFormat(x, x.subarray(x.length - 16), 'book', x.length)).toBe('xlsx');
  });
});

describe('encoding', () => {
  it.each([
    ['book-utf8.csv', 'utf-8', false],
    ['book-utf8-bom.csv', 'utf-8', true],
    ['book-gbk.csv', 'gb18030', false],
    ['book-utf16le.csv', 'utf-16le', true],
  ])('%s is %s (BOM %s)', (name, encoding, bom) => {
    const guess = detectEncoding(bytes(name));
    expect(guess.encoding).toBe(encoding);
    expect(guess.bom).toBe(bom);
  });

  it('flags mojibake: GBK bytes read as UTF-8, UTF-8 bytes read as GBK', () => {
    expect(checkDecoding(bytes('book-gbk.csv'), 'utf-8')?.suggestion).toBe('gb18030');
    expect(checkDecoding(bytes('book-utf8.csv'), 'gbk')?.suggestion).toBe('utf-8');
    expect(checkDecoding(bytes('book-utf8.csv'), 'utf-8')).toBeNull();
    expect(checkDecoding(bytes('book-gbk.csv'), 'gbk')).toBeNull();
  });
});

describe('delimiter, quotes and header row', () => {
  it('finds comma, tab, semicolon and pipe', () => {
    expect(sniffDialect('a,b,c\n1,2,3\n4,5,6\n', true).delimiter).toBe(',');
    expect(sniffDialect('a\tb\tc\n1\t2,5\t3\n4\t5\t6\n', true).delimiter).toBe('\t');
    expect(sniffDialect('a;b;c\n1,5;2;3\n4;5;6\n', true).delimiter).toBe(';');
    expect(sniffDialect('a|b\n1|2\n', true).delimiter).toBe('|');
    expect(sniffDialect("a,b\n'x, y',2\n'z',3\n", true).quote).toBe("'");
  });

  it('parses quoted fields with doubled quotes and line breaks, counting physical lines', () => {
    const p = parseDelimited('h1,h2\r\n"a ""q"", b","multi\nline"\r\nc,d\r\n', ',', '"');
    expect(p.records).toEqual([['h1', 'h2'], ['a "q", b', 'multi\nline'], ['c', 'd']]);
    expect(p.startLines).toEqual([1, 2, 4]);
    expect(p.endLines).toEqual([1, 3, 4]);
  });

  it('skips title lines above the header and says when there is no header', () => {
    expect(detectHeaderRow([['某银行贷款明细'], [], ['id', 'amount', 'date'], ['1', '100', '2023-01-01'], ['2', '200', '2023-01-02']])).toBe(2);
    expect(detectHeaderRow([['1', '100', '2023-01-01'], ['2', '200', '2023-01-02']])).toBe(-1);
  });

  it('keeps every header, de-duplicating case-insensitively and naming blanks', () => {
    expect(dedupeHeaders(['amt', 'AMT', '', 'amt', '_row'])).toEqual(['amt', 'AMT_2', 'column_3', 'amt_3', '_row_2']);
  });

  it('sniffs the title TSV fixture end to end', async () => {
    const s = await sniffFile(fixture('book-title.tsv'), 'book-title.tsv');
    expect(s.csv?.delimiter).toBe('\t');
    expect(s.csv?.headerRow).toBe(1);
    expect(s.csv?.skipLines).toBe(3);
    expect(s.csv?.columns[0]).toBe('贷款编号');
  });
});
