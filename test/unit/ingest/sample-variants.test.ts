import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../src/lib/db/node';
import type { Db } from '../../../src/lib/db/types';
import { rows } from '../../../src/lib/db/rows';
import { proposeMapping } from '../../../src/lib/schema/propose';
import { buildBook } from '../../../src/lib/schema/build';
import { importFixture } from './helpers';
import { dropRaw } from '../../../src/lib/ingest/raw-table';

const BANK_A = 'data-samples/bank-a';
const GENERATED = 'data-samples/generated/bank-a';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => db.close());

async function totals(name: string, dir: string) {
  const raw = await importFixture(db, name, {}, dir);
  const { mapping } = await proposeMapping(db, [{ raw, table: 'loans' }]);
  const [counts] = await buildBook(db, mapping);
  const [t] = rows(
    await db.query(
      `SELECT count(*)::DOUBLE AS n, round(sum(amount), 2) AS amount, round(sum(balance), 2) AS balance,
        count(*) FILTER (WHERE five_class >= 3)::DOUBLE AS npl, count(*) FILTER (WHERE default_flag)::DOUBLE AS defaults,
        min(origination_date) AS first_orig, max(origination_date) AS last_orig, count(DISTINCT industry)::DOUBLE AS industries
       FROM loans`,
    ),
  );
  await dropRaw(db, raw.table);
  return { counts, t };
}

describe('every variant of the Bank A loans imports through the importer to the same table', () => {
  let reference: Awaited<ReturnType<typeof totals>>['t'];
  beforeAll(async () => {
    reference = (await totals('loans.parquet', BANK_A)).t;
  });

  it('the Parquet original is read completely', () => {
    expect(reference.n).toBeGreaterThan(10000);
    expect(reference.npl).toBeGreaterThan(0);
  });

  it.each([
    ['loans.csv', GENERATED],
    ['loans-gbk.csv', GENERATED],
    ['loans.xlsx', BANK_A],
  ])('%s', async (name, dir) => {
    if (!existsSync(join(dir, name))) throw new Error(`${dir}/${name} is missing: run node scripts/ensure-sample.mjs`);
    const { counts, t } = await totals(name, dir);
    expect(counts.rejected).toBe(0);
    expect(t).toEqual(reference);
  }, 120_000);
});
