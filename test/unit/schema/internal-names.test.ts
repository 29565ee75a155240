import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../src/lib/db/node';
import type { Db } from '../../../src/lib/db/types';
import { rows } from '../../../src/lib/db/rows';
import { stringColumnsToIpc } from '../../../src/lib/ingest/raw-table';
import { proposeMapping } from '../../../src/lib/schema/propose';
import { buildBook } from '../../../src/lib/schema/build';
import { failure, importFixture } from '../ingest/helpers';

let db: Db;
let dir: string;
// ROWID repeats on purpose: database extracts carry their own row ids, which say nothing about the file's order.
const CSV = 'loan_id,amount,dpd,__reason,__lb_reason,ROWID\nL1,100,0,bad,worse,5\nL2,200,95,,x,5\nL3,400,10,oops,,6\n';

beforeAll(async () => {
  db = await openNodeDb();
  dir = mkdtempSync(join(tmpdir(), 'lbl-internal-'));
  writeFileSync(join(dir, 'clash.csv'), CSV);
  const names = ['loan_id', 'amount', 'dpd', '__reason', '__lb_reason', 'ROWID'];
  const cols = names.map((_, c) => CSV.trim().split('\n').slice(1).map((l) => l.split(',')[c] || null));
  writeFileSync(join(dir, 'clash.arrow'), stringColumnsToIpc(names, cols, 3));
  const native = await DuckDBInstance.create(':memory:');
  const conn = await native.connect();
  await conn.run(`COPY (SELECT loan_id, amount::DOUBLE AS amount, dpd::INTEGER AS dpd, "__reason", "__lb_reason", "ROWID"::BIGINT AS "ROWID" FROM read_csv('${join(dir, 'clash.csv')}', all_varchar = true)) TO '${join(dir, 'clash.parquet')}' (FORMAT parquet)`);
  conn.closeSync();
  native.closeSync();
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('source columns cannot collide with the build’s own names (issue 14 items 2 and 3)', () => {
  it.each(['clash.csv', 'clash.parquet', 'clash.arrow'])('%s: 3 rows in = 3 accepted, _row 1..3, the clashing columns kept as extras', async (name) => {
    const raw = await importFixture(db, name, {}, dir);
    expect(rows(await db.query(`SELECT _row, "ROWID" AS r FROM ${raw.table} ORDER BY _row`))).toEqual([
      { _row: 1, r: '5' },
      { _row: 2, r: '5' },
      { _row: 3, r: '6' },
    ]);
    const { mapping } = await proposeMapping(db, [{ raw, table: 'loans' }]);
    expect(await buildBook(db, mapping)).toEqual([{ table: 'loans', rowsIn: 3, accepted: 3, rejected: 0 }]);
    expect(rows(await db.query('SELECT loan_id, amount, "__reason", "src__lb_reason", "ROWID" AS r FROM loans ORDER BY _row'))).toEqual([
      { loan_id: 'L1', amount: 100, __reason: 'bad', src__lb_reason: 'worse', r: '5' },
      { loan_id: 'L2', amount: 200, __reason: null, src__lb_reason: 'x', r: '5' },
      { loan_id: 'L3', amount: 400, __reason: 'oops', src__lb_reason: null, r: '6' },
    ]);
  });

  it('a build whose rows in ≠ accepted + rejected stops with its own error', async () => {
    const raw = await importFixture(db, 'clash.csv', {}, dir);
    const { mapping: proposed } = await proposeMapping(db, [{ raw, table: 'loans' }]);
    // An extra attribute named r makes the build join the raw table to itself (its one scan carries
    // the raw columns in a struct of that name), and two raw rows with the same _row make the join count a row twice.
    await db.exec(`ALTER TABLE ${raw.table} ADD COLUMN r VARCHAR; UPDATE ${raw.table} SET _row = 1 WHERE _row = 2`);
    const mapping = { ...proposed, tables: proposed.tables.map((t) => ({ ...t, rawColumns: [...t.rawColumns, 'r'] })) };
    const err = await failure(buildBook(db, mapping, { prefix: 'bad_' }));
    expect(err.key).toBe('rows_unaccounted');
    expect(err.message).toMatch(/3 rows in but \d+ accepted \+ \d+ rejected/);
    expect(rows(await db.query("SELECT count(*)::DOUBLE AS n FROM duckdb_tables() WHERE table_name LIKE '__lb_build%'"))).toEqual([{ n: 0 }]);
  });
});
