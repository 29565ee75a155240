import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../src/lib/db/node';
import { openNativeDb } from '../../../src/lib/db/native';
import { rows } from '../../../src/lib/db/rows';
import type { Db } from '../../../src/lib/db/types';
import { LOAN_FIELDS } from '../../../src/lib/schema/canonical';
import { maskedTable, maskKeyBytes, MaskKeyError, newMaskKey } from '../../../src/lib/publish/masking';

const KEY = 'a publisher’s secret, 2026';
/** The reference: node:crypto's HMAC, not the SQL under test. */
const reference = (column: string, value: string, key = KEY) => createHmac('sha256', Buffer.from(key, 'utf8')).update(`${column}:${value}`, 'utf8').digest('hex').slice(0, 16);

const LOANS = `CREATE OR REPLACE TABLE loans AS SELECT * FROM (VALUES
  ('L0000001', 'B000001', '宁波鑫源建设集团有限公司', 'G01', 'O7', DATE '2023-01-17', DATE '2024-12-31', 1000.0, 'extra note'),
  ('贷款-2', 'B000002', 'Acme Ltd', NULL, 'O7', DATE '2023-02-28', DATE '2024-12-31', 2000.0, NULL),
  (NULL, NULL, NULL, NULL, NULL, NULL, NULL, 3.0, NULL)
) t(loan_id, borrower_id, borrower_name, group_id, officer_id, origination_date, as_of_date, amount, remark)`;
const COLUMNS = ['loan_id', 'borrower_id', 'borrower_name', 'group_id', 'officer_id', 'origination_date', 'as_of_date', 'amount', 'remark'];

let tmp: string;
const engines: { name: string; db: Db }[] = [];
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'lbl-mask-'));
  engines.push({ name: 'DuckDB-WASM (the browser’s engine)', db: await openNodeDb() });
  engines.push({ name: 'native DuckDB (the command line’s)', db: await openNativeDb({ path: ':memory:', tempDirectory: tmp }) });
  for (const { db } of engines) await db.exec(LOANS);
}, 60_000);
afterAll(async () => {
  for (const { db } of engines) await db.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function masked(db: Db, options = { key: KEY, coarsenDates: true }) {
  const m = maskedTable('loans', COLUMNS, options);
  return { m, rows: rows(await db.query(`SELECT ${m.select} FROM loans`)) };
}

describe('masked publishing', () => {
  it('takes the roles from the schema: keys pseudonymised, names and unknown columns dropped, life dates coarsened', () => {
    const m = maskedTable('loans', COLUMNS, { key: KEY, coarsenDates: true });
    const role = (r: string) => LOAN_FIELDS.filter((f) => f.privacy === r).map((f) => f.name);
    expect(m.pseudonymised).toEqual(COLUMNS.filter((c) => [...role('loan_key'), ...role('borrower_key'), ...role('party_key')].includes(c)));
    expect(m.pseudonymised).toEqual(['loan_id', 'borrower_id', 'group_id', 'officer_id']);
    expect(m.dropped).toEqual(['borrower_name', 'remark']);
    expect(m.coarsened).toEqual(['origination_date']);
    expect(maskedTable('loans', COLUMNS, { key: KEY, coarsenDates: false }).coarsened).toEqual([]);
  });

  for (const i of [0, 1]) {
    it(`computes HMAC-SHA-256 pseudonyms equal to node:crypto's in ${['DuckDB-WASM', 'native DuckDB'][i]}`, async () => {
      const { db } = engines[i];
      const { rows: out } = await masked(db);
      expect(out.map((r) => r.loan_id)).toEqual([`L-${reference('loan_id', 'L0000001')}`, `L-${reference('loan_id', '贷款-2')}`, null]);
      expect(out.map((r) => r.borrower_id)).toEqual([`B-${reference('borrower_id', 'B000001')}`, `B-${reference('borrower_id', 'B000002')}`, null]);
      expect(out[0].officer_id).toBe(out[1].officer_id);
      expect(out[0].group_id).toBe(`G-${reference('group_id', 'G01')}`);
      expect(Object.keys(out[0])).not.toContain('borrower_name');
      expect(Object.keys(out[0])).not.toContain('remark');
      expect(out.map((r) => String(r.origination_date).slice(0, 10))).toEqual(['2023-01-01', '2023-02-01', 'null']);
      expect(String(out[0].as_of_date).slice(0, 10)).toBe('2024-12-31');
      expect(out.map((r) => r.amount)).toEqual([1000, 2000, 3]);
    });
  }

  it('gives the same pseudonyms in both engines and for the same key, other ones for another key', async () => {
    const [wasm, native] = await Promise.all(engines.map((e) => masked(e.db)));
    expect(wasm.rows).toEqual(native.rows);
    const again = await masked(engines[0].db);
    expect(again.rows).toEqual(wasm.rows);
    const other = await masked(engines[0].db, { key: newMaskKey(), coarsenDates: true });
    expect(other.rows[0].loan_id).not.toBe(wasm.rows[0].loan_id);
  });

  it('refuses a key too short or too long, and makes new keys of 64 hex digits', () => {
    expect(() => maskKeyBytes('short')).toThrow(MaskKeyError);
    expect(() => maskKeyBytes('x'.repeat(65))).toThrow(MaskKeyError);
    const a = newMaskKey();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(newMaskKey()).not.toBe(a);
  });
});
