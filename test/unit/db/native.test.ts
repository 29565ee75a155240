import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNativeDb } from '../../../src/lib/db/native';
import { openNodeDb } from '../../../src/lib/db/node';
import { DbError, type Db } from '../../../src/lib/db/types';
import { rows, scalar } from '../../../src/lib/db/rows';

/*
 * The native engine (the command line's) must hand every metric the same plain values the
 * browser's DuckDB-WASM does: the same query on both engines gives the same rows.
 */
let native: Db;
let wasm: Db;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'native-db-test-'));
  native = await openNativeDb({ path: join(dir, 'db.duckdb'), tempDirectory: join(dir, 'tmp'), threads: 2 });
  wasm = await openNodeDb();
});
afterAll(async () => {
  await native?.close();
  await wasm?.close();
  await rm(dir, { recursive: true, force: true });
});

const TYPES = `SELECT 42::TINYINT AS i8, 4200::SMALLINT AS i16, 42::INTEGER AS i32, 9007199254740::BIGINT AS i64,
  sum(x)::HUGEINT AS huge, 12.345::DECIMAL(10,3) AS dec, 0.25::FLOAT AS f32, 1.5::DOUBLE AS f64,
  DATE '2025-12-31' AS d, DATE '1969-07-20' AS old, TIMESTAMP '2025-06-01 12:34:56' AS ts,
  '贷款 loan' AS s, true AS b, NULL::VARCHAR AS nothing, NULL::DATE AS no_date, NULL::DOUBLE AS no_num,
  count(*) AS n, count(*) FILTER (WHERE x > 1) / count(*) AS share
FROM (VALUES (1), (2), (3)) t(x)`;

describe('native engine', () => {
  it('returns the values DuckDB-WASM returns, type by type', async () => {
    const expected = rows(await wasm.query(TYPES));
    expect(rows(await native.query(TYPES))).toEqual(expected);
    expect(expected[0]).toMatchObject({ d: '2025-12-31', old: '1969-07-20', ts: '2025-06-01T12:34:56Z', dec: 12.345, huge: 6, i64: 9007199254740 });
  });

  it('binds parameters as the browser does, a Date as its ISO text', async () => {
    const sql = 'SELECT ? AS s, ? + 1 AS n, ? * 2 AS x, ? AS b, ? IS NULL AS missing, CAST(? AS DATE) AS d';
    const params = ["x'); DROP TABLE t; --", 41, 1.25, true, null, new Date('2025-03-04T00:00:00Z')];
    expect(rows(await native.query(sql, params))).toEqual(rows(await wasm.query(sql, params)));
  });

  it('returns an empty result with its columns', async () => {
    const t = await native.query('SELECT 1 AS a, DATE \'2020-01-01\' AS d WHERE FALSE');
    expect(t.numRows).toBe(0);
    expect(t.schema.fields.map((f) => f.name)).toEqual(['a', 'd']);
  });

  it('runs a multi-statement script in one call and rolls back a failed transaction', async () => {
    await native.exec('CREATE TABLE t AS SELECT range AS i FROM range(10); CREATE TABLE u AS SELECT sum(i) AS s FROM t');
    expect(await scalar(native, 'SELECT s FROM u')).toBe(45);
    await expect(native.exec('BEGIN TRANSACTION; DROP TABLE t; SELECT * FROM no_such_table; COMMIT')).rejects.toMatchObject({ kind: 'catalog' });
    expect(await scalar(native, 'SELECT count(*) FROM t')).toBe(10);
  });

  it('reads a registered buffer by its name and forgets it when dropped', async () => {
    await native.registerBuffer('in/small.csv', new TextEncoder().encode('id,amount\n1,100.5\n2,200\n'));
    expect(rows(await native.query("SELECT count(*) AS n, sum(amount) AS total FROM read_csv('in/small.csv')"))).toEqual([{ n: 2, total: 300.5 }]);
    await native.dropFile('in/small.csv');
    await expect(native.query("SELECT * FROM read_csv('in/small.csv')")).rejects.toBeInstanceOf(DbError);
    await expect(native.registerBuffer('../escape.csv', new Uint8Array(1))).rejects.toMatchObject({ kind: 'io' });
  });

  it('cancels a running query when its signal aborts', async () => {
    const ctl = new AbortController();
    const slow = native.query('SELECT count(*) FROM range(100000000000) a', [], { signal: ctl.signal });
    setTimeout(() => ctl.abort(), 200);
    await expect(slow).rejects.toMatchObject({ kind: 'cancelled' });
  });

  it('classifies errors as the browser engine does', async () => {
    await expect(native.query('SELEC 1')).rejects.toMatchObject({ kind: 'syntax' });
    await expect(native.query('SELECT nope FROM range(1)')).rejects.toMatchObject({ kind: 'binder' });
  });
});
