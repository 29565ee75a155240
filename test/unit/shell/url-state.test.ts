import { describe, expect, it } from 'vitest';
import { decodeFilters, encodeFilters } from '../../../src/lib/state/filter-codec';
import { formatHash, parseHash } from '../../../src/lib/routes';
import { openNodeDb } from '../../../src/lib/db/node';
import { rows } from '../../../src/lib/db/rows';
import { whereClause } from '../../../src/lib/sql/filters';

describe('URL state', () => {
  it('round-trips a filter set with separators, Chinese text and missing values', () => {
    const set = [
      { dimension: 'industry', values: ['F', 'K'] },
      { dimension: 'branch', values: ['杭州城西支行', 'a|b;c:d~e', null] },
    ];
    const text = encodeFilters(set);
    expect(text.startsWith('industry:F|K;branch:')).toBe(true);
    expect(decodeFilters(text)).toEqual(set);
    expect(decodeFilters(new URLSearchParams(`f=${encodeURIComponent(text)}`).get('f'))).toEqual(set);
  });

  it('ignores malformed filter text instead of failing', () => {
    expect(decodeFilters('garbage;:x;industry:')).toEqual([]);
    expect(decodeFilters(null)).toEqual([]);
  });

  it('parses and formats hash routes, falling back to the Data screen', () => {
    const r = parseHash('#/structure?dim=industry&f=industry%3AF');
    expect(r.screen).toBe('structure');
    expect(r.params.get('dim')).toBe('industry');
    expect(formatHash(r)).toBe('#/structure?dim=industry&f=industry%3AF');
    expect(parseHash('#/nowhere').screen).toBe('data');
    expect(parseHash('').screen).toBe('data');
  });

  it('filters bind values as parameters, including hostile ones', async () => {
    const db = await openNodeDb();
    await db.exec(`CREATE TABLE t AS SELECT * FROM (VALUES ('F', 1), ('K', 2), ('x''); DROP TABLE t; --', 3), (NULL, 4)) v(industry, n)`);
    const where = whereClause([{ dimension: 'industry', values: ["x'); DROP TABLE t; --", null] }]);
    const result = rows(await db.query(`SELECT sum(n) AS s FROM t ${where.sql}`, where.params));
    expect(result[0].s).toBe(7);
    expect(rows(await db.query('SELECT count(*) AS n FROM t'))[0].n).toBe(4);
    await db.close();
  });
});
