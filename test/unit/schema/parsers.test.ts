import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../src/lib/db/node';
import type { Db } from '../../../src/lib/db/types';
import { scalar } from '../../../src/lib/db/rows';
import type { FieldType } from '../../../src/lib/schema/canonical';
import { PARSER_MACROS_SQL, detectDateFormat, parseExpr, type ParserSpec } from '../../../src/lib/schema/parsers';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  await db.exec(PARSER_MACROS_SQL);
});
afterAll(async () => db.close());

const parse = (spec: ParserSpec, value: string | null, type: FieldType = 'double') =>
  scalar(db, `SELECT ${parseExpr(spec, 'x', type)} AS v FROM (SELECT CAST(? AS VARCHAR) AS x)`, [value]);

describe('dates', () => {
  it.each([
    ['2023-01-05', 'auto'],
    ['2023/1/5', 'auto'],
    ['2023.01.05', 'auto'],
    ['2023年1月5日', 'auto'],
    ['2023-01-05 14:30:00', 'auto'],
    ['2023-01-05T14:30:00Z', 'iso'],
    ['2023/1/5', 'ymd_slash'],
    ['20230105', 'auto'],
    ['20230105', 'yyyymmdd'],
    ['44931', 'excel_serial'],
    ['44931', 'auto'],
    ['23015', 'sas'],
    ['23015', 'auto'],
    ['1672876800', 'unix_s'],
    ['1672876800000', 'unix_ms'],
    ['5/1/2023', 'dmy'],
    ['1/5/2023', 'mdy'],
  ] as const)('%s (%s) → 2023-01-05', async (value, format) => {
    expect(await parse({ kind: 'date', format }, value, 'date')).toBe('2023-01-05');
  });

  it.each(['2023-13-01', '2023-02-30', 'yesterday', '', '99999999', '5/1/2023'])('%s is invalid under auto → NULL', async (value) => {
    expect(await parse({ kind: 'date', format: 'auto' }, value, 'date')).toBeNull();
  });

  it('guesses the format of a column from its values', () => {
    expect(detectDateFormat(['2023/1/5', '2023/12/31'])).toBe('ymd');
    expect(detectDateFormat(['20230105', '20231231'])).toBe('yyyymmdd');
    expect(detectDateFormat(['44931', '45000'])).toBe('excel_serial');
    expect(detectDateFormat(['23015', '23100'])).toBe('sas');
    expect(detectDateFormat(['1672876800'])).toBe('unix_s');
    expect(detectDateFormat(['1672876800000'])).toBe('unix_ms');
    expect(detectDateFormat(['25/1/2023', '3/2/2023'])).toBe('dmy');
    expect(detectDateFormat(['1/25/2023', '3/2/2023'])).toBe('mdy');
  });
});

describe('amounts', () => {
  it.each([
    ['1,234,567.89', 1, 1234567.89],
    ['¥1,234.50', 1, 1234.5],
    ['￥ 2,000', 1, 2000],
    ['$300', 1, 300],
    ['RMB 300', 1, 300],
    ['300元', 1, 300],
    ['(1,000)', 1, -1000],
    ['-250', 1, -250],
    ['1.5万', 1, 15000],
    ['1.5万元', 1, 15000],
    ['2亿', 1, 2e8],
    ['3.2亿元', 1, 3.2e8],
    ['150', 10000, 1500000],
    ['4.35%', 1, 0.0435],
    ['4.35', 0.01, 0.0435],
    ['1.2e3', 1, 1200],
  ] as const)('%s × %s → %s', async (value, unit, expected) => {
    expect(await parse({ kind: 'number', unit }, value)).toBeCloseTo(expected, 8);
  });

  it('rejects text and parses integer fields only when whole', async () => {
    expect(await parse({ kind: 'number', unit: 1 }, 'n/a')).toBeNull();
    expect(await parse({ kind: 'number', unit: 1 }, '36 months', 'integer')).toBe(36);
    expect(await parse({ kind: 'number', unit: 1 }, '12个月', 'integer')).toBe(12);
    expect(await parse({ kind: 'number', unit: 1 }, '12.5', 'integer')).toBeNull();
  });
});

describe('five-category classes', () => {
  it.each([
    ['正常', 1], ['关注类', 2], ['次级', 3], ['可疑', 4], ['损失', 5],
    ['Normal', 1], ['special mention', 2], ['Special_Mention', 2], ['SUBSTANDARD', 3], ['doubtful', 4], ['loss', 5],
    ['1', 1], ['3', 3], ['5.0', 5],
  ] as const)('%s → %s', async (value, code) => {
    expect(await parse({ kind: 'class' }, value, 'class')).toBe(code);
  });

  it('takes user labels and leaves unknown labels NULL', async () => {
    expect(await parse({ kind: 'class' }, 'A', 'class')).toBeNull();
    expect(await parse({ kind: 'class', labels: { A: 1, E: 5 } }, 'e', 'class')).toBe(5);
  });
});

describe('flags', () => {
  const dflt: ParserSpec = { kind: 'flag', trueValues: ['1', 'y', 'yes', 'true', '是', '违约', 'chgoff'], falseValues: ['0', 'n', 'no', 'false', '否', '正常', 'p i f'] };
  it.each([
    ['1', true], ['0', false], ['Y', true], ['n', false], ['yes', true], ['No', false], ['TRUE', true], ['false', false],
    ['是', true], ['否', false], ['违约', true], ['正常', false], ['CHGOFF', true], ['P I F', false], ['maybe', null],
  ] as const)('%s → %s', async (value, expected) => {
    expect(await parse(dflt, value, 'boolean')).toBe(expected);
  });

  it("derives a flag from a label: creditability = 'bad'", async () => {
    const spec: ParserSpec = { kind: 'flag', trueValues: ['bad'], falseValues: [] };
    expect(await parse(spec, 'bad', 'boolean')).toBe(true);
    expect(await parse(spec, 'good', 'boolean')).toBe(false);
    expect(await parse(spec, null, 'boolean')).toBeNull();
  });
});
