import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../src/lib/db/node';
import type { Db } from '../../../src/lib/db/types';
import { scalar } from '../../../src/lib/db/rows';
import type { FieldType } from '../../../src/lib/schema/canonical';
import { PARSER_MACROS_SQL, parseExpr, unreadableSql, type ParserSpec } from '../../../src/lib/schema/parsers';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  await db.exec(PARSER_MACROS_SQL);
});
afterAll(async () => db.close());

const parse = (spec: ParserSpec, value: string | null, type: FieldType = 'double') =>
  scalar(db, `SELECT ${parseExpr(spec, 'x', type)} AS v FROM (SELECT CAST(? AS VARCHAR) AS x)`, [value]);
const why = (spec: ParserSpec, value: string) => scalar(db, `SELECT ${unreadableSql(spec, 'x', 'a number')} AS v FROM (SELECT CAST(? AS VARCHAR) AS x)`, [value]);

const comma: ParserSpec = { kind: 'number', unit: 1, decimal: ',' };
const point: ParserSpec = { kind: 'number', unit: 1 };

describe('item 4: decimal separators', () => {
  it.each([
    ['71.654,27', 71654.27],
    ['4824390,03', 4824390.03],
    ['2,5', 2.5],
    ['1.234.567,5', 1234567.5],
    ['1.234', 1234],
    ['-12,75', -12.75],
    ['(1.000,50)', -1000.5],
    ['€ 1 234,56', 1234.56],
    ['12,5万', 125000],
    ['300', 300],
  ] as const)('decimal-comma column: %s → %s', async (value, expected) => {
    expect(await parse(comma, value)).toBeCloseTo(expected, 8);
  });

  it.each([
    ['1,234,567.89', 1234567.89],
    ['1,234', 1234],
    ['2.5', 2.5],
  ] as const)('decimal-point column: %s → %s', async (value, expected) => {
    expect(await parse(point, value)).toBeCloseTo(expected, 8);
  });

  it.each([
    [point, '4824390,03'],
    [point, '2,5'],
    [point, '71.654,27'],
    [point, '1.234.567'],
    [comma, '1.5'],
    [comma, '1,234.56'],
    [comma, '12,345,678'],
  ] as const)('an ambiguous value is unreadable, with its reason, never rescaled (%o %s)', async (spec, value) => {
    expect(await parse(spec, value)).toBeNull();
    expect(await why(spec, value)).toMatch(/^does not fit the decimal separator "[.,]"$/);
  });
});

describe('item 8: non-finite numbers and units in cells', () => {
  it.each(['Infinity', '-Infinity', 'inf', 'NaN', 'nan', '1e309', '-1e309'])('%s is not a number', async (value) => {
    expect(await parse(point, value)).toBeNull();
    expect(await parse(point, value, 'integer')).toBeNull();
    expect(await why(point, value)).toBe('is not a finite number');
  });

  it('text is "not a number"', async () => {
    expect(await why(point, 'abc')).toBe('is not a number');
  });

  it('the unit written in a cell wins over the column unit', async () => {
    const wan: ParserSpec = { kind: 'number', unit: 1e4 };
    expect(await parse(wan, '125,000元')).toBe(125000);
    expect(await parse(wan, '125000 元')).toBe(125000);
    expect(await parse(wan, '12.5万元')).toBe(125000);
    expect(await parse(wan, '12.5万')).toBe(125000);
    expect(await parse(wan, '0.5亿元')).toBe(5e7);
    expect(await parse(wan, '12.5')).toBe(125000);
  });
});

describe('item 8: a large number in a date column is not a date', () => {
  it.each(['1000000000', '1,000,000,000', '1672876800000'])('%s under auto → NULL', async (value) => {
    expect(await parse({ kind: 'date', format: 'auto' }, value, 'date')).toBeNull();
  });
  it('an explicit unix-seconds column still reads', async () => {
    expect(await parse({ kind: 'date', format: 'unix_s' }, '1672876800', 'date')).toBe('2023-01-05');
  });
});
