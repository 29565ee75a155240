import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../src/lib/db/node';
import { scalar } from '../../../src/lib/db/rows';
import type { Db } from '../../../src/lib/db/types';
import { activateStaged, discardStaged } from '../../../src/lib/book/activate';
import { LOAN_FIELDS, sqlType } from '../../../src/lib/schema/canonical';
import { ident } from '../../../src/lib/sql/quote';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => db.close());

/** A staged loans table with every canonical column, `n` loans of amount 100 each. */
async function stageLoans(n: number, extra = ''): Promise<void> {
  const cols = LOAN_FIELDS.map((f) => {
    if (f.name === 'loan_id') return `'L' || i AS loan_id`;
    if (f.name === 'borrower_id') return `'B' || (i % 3) AS borrower_id`;
    if (f.name === 'amount' || f.name === 'balance') return `100.0 AS ${f.name}`;
    if (f.name === 'five_class') return `CAST(CASE WHEN i = 0 THEN 3 ELSE 1 END AS TINYINT) AS five_class`;
    return `CAST(NULL AS ${sqlType(f.type)}) AS ${f.name}`;
  });
  await db.exec(`CREATE OR REPLACE TABLE stage_loans AS SELECT ${cols.join(', ')}${extra} FROM range(${n}) t(i)`);
}

describe('activating a book', () => {
  it('swaps staged tables in, builds loan_facts and creates empty optional tables', async () => {
    await stageLoans(10);
    const shape = await activateStaged(db);
    expect(shape).toMatchObject({ loans: 10, borrowers: 3, snapshots: 0 });
    expect(shape.mapped).toEqual(['loan_id', 'borrower_id', 'amount', 'balance', 'five_class']);
    expect(await scalar(db, 'SELECT count(*) FILTER (WHERE is_npl) FROM loan_facts')).toBe(1);
    expect(await scalar(db, 'SELECT count(*) FROM snapshots')).toBe(0);
    expect(await scalar(db, "SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'stage_%'")).toBe(0);
  });

  it('leaves the previous book intact when the new one cannot be activated', async () => {
    // A staged book without the derived-column inputs makes loan_facts fail inside the transaction.
    await db.exec(`CREATE OR REPLACE TABLE stage_loans AS SELECT 'X' AS loan_id FROM range(5)`);
    await expect(activateStaged(db)).rejects.toThrow();
    await discardStaged(db);
    expect(await scalar(db, 'SELECT count(*) FROM loans')).toBe(10);
    expect(await scalar(db, 'SELECT count(*) FROM loan_facts')).toBe(10);
  });

  it('refuses to activate when nothing was staged', async () => {
    await expect(activateStaged(db)).rejects.toThrow(/No loans table/);
    expect(await scalar(db, 'SELECT count(*) FROM loans')).toBe(10);
  });
});

describe('a book kept before a canonical field was added', () => {
  it('opens, with the later field empty', async () => {
    const db = await openNodeDb();
    const columns = LOAN_FIELDS.filter((f) => f.name !== 'origination_rating').map((f) => `CAST(NULL AS ${sqlType(f.type)}) AS ${ident(f.name)}`);
    await db.exec(`CREATE TABLE stage_loans AS SELECT ${columns.join(', ')} FROM range(3)`);
    const shape = await activateStaged(db);
    expect(shape.loans).toBe(3);
    expect(await scalar(db, 'SELECT count(origination_rating) FROM loan_facts')).toBe(0);
    await db.close();
  });
});
