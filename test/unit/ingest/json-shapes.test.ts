import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../src/lib/db/node';
import type { Db } from '../../../src/lib/db/types';
import { rows } from '../../../src/lib/db/rows';
import { proposeMapping } from '../../../src/lib/schema/propose';
import { buildBook } from '../../../src/lib/schema/build';
import { importFixture } from './helpers';

let db: Db;
let dir: string;
beforeAll(async () => {
  db = await openNodeDb();
  dir = mkdtempSync(join(tmpdir(), 'lbl-json-'));
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

async function read(name: string, text: string) {
  writeFileSync(join(dir, name), text);
  const raw = await importFixture(db, name, {}, dir);
  return { raw, rows: rows(await db.query(`SELECT * EXCLUDE (_row) FROM ${raw.table} ORDER BY _row`)) };
}

describe('JSON as real APIs and exports write it (issue 14 item 12)', () => {
  it('ids above 2^53 keep every digit (read as text, not rounded through a double)', async () => {
    const { rows: r } = await read('big.json', '[{"id": 12345678901234567891, "amount": 1.5, "note": "12345678901234567891 in text"}, {"id": -9007199254740993, "amount": 2e3, "note": null}]');
    expect(r).toEqual([
      { id: '12345678901234567891', amount: '1.5', note: '12345678901234567891 in text' },
      { id: '-9007199254740993', amount: '2000', note: null },
    ]);
  });

  it('NDJSON ids above 2^53 keep every digit', async () => {
    const { rows: r } = await read('big.ndjson', '{"id": 98765432109876543210, "amount": 3}\n{"id": 1, "amount": 4}\n');
    expect(r).toEqual([
      { id: '98765432109876543210', amount: '3' },
      { id: '1', amount: '4' },
    ]);
  });

  it.each([
    ['{"data": {"rows": [{"id": "L1", "amount": 5}, {"id": "L2", "amount": 6}]}}'],
    ['{"code": 0, "msg": "ok", "result": {"total": 2, "list": [{"id": "L1", "amount": 5}, {"id": "L2", "amount": 6}]}}'],
    ['{"data": [{"id": "L1", "amount": 5}, {"id": "L2", "amount": 6}]}'],
  ])('an API envelope is unwrapped to its one array of records: %s', async (text) => {
    const { rows: r } = await read('envelope.json', text);
    expect(r).toEqual([
      { id: 'L1', amount: '5' },
      { id: 'L2', amount: '6' },
    ]);
  });

  it('a __proto__ key is an ordinary column, and the book builds', async () => {
    const { raw, rows: r } = await read('proto.json', '[{"loan_id": "L1", "amount": 5, "dpd": 0, "__proto__": {"polluted": true}}, {"loan_id": "L2", "amount": 6, "dpd": 100, "__proto__": "x"}]');
    expect(raw.columns).toEqual(['loan_id', 'amount', 'dpd', '__proto__']);
    expect(rows(await db.query(`SELECT "__proto__" AS p FROM ${raw.table} ORDER BY _row`))).toEqual([{ p: '{"polluted":true}' }, { p: 'x' }]);
    expect(r).toHaveLength(2);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const { mapping } = await proposeMapping(db, [{ raw, table: 'loans' }]);
    expect(await buildBook(db, mapping)).toEqual([{ table: 'loans', rowsIn: 2, accepted: 2, rejected: 0 }]);
  });
});
