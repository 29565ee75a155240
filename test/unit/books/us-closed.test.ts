import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { openNodeDb } from '../../../src/lib/db/node';
import type { Db } from '../../../src/lib/db/types';
import { rows } from '../../../src/lib/db/rows';
import { proposeMapping } from '../../../src/lib/schema/propose';
import { buildBook } from '../../../src/lib/schema/build';
import { buildFacts, readBookOutcome } from '../../../src/lib/metrics/facts';
import { importFixture } from '../ingest/helpers';
import { generate, LOANS, PIF_WITH_DATE } from '../../fixtures/us-closed/generate.mjs';

const DIR = join(__dirname, '../../fixtures/us-closed');

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => db.close());

describe('test book (a): a US closed-loan export', () => {
  it('the committed file is what the seeded generator writes', () => {
    expect(readFileSync(join(DIR, 'loans.csv'), 'utf8')).toBe(generate());
  });

  it('imports through the real pipeline: SAS and m/d/Y dates, dollar amounts, status text outcome, every balance 0', async () => {
    const raw = await importFixture(db, 'loans.csv', {}, DIR);
    const { mapping } = await proposeMapping(db, [{ raw, table: 'loans' }]);
    const f = mapping.tables[0].fields;
    expect(f.loan_id?.source).toBe('LoanNr_ChkDgt');
    expect(f.amount?.source).toBe('DisbursementGross');
    expect(f.balance?.source).toBe('BalanceGross');
    expect(f.default_flag?.source).toBe('MIS_Status');
    expect(f.default_date?.source).toBe('Default Date');
    expect(f.approval_date?.parser).toEqual({ kind: 'date', format: 'sas' });
    const counts = await buildBook(db, mapping);
    expect(counts[0]).toMatchObject({ rowsIn: LOANS, accepted: LOANS, rejected: 0 });
    await buildFacts(db);
    const [r] = rows(await db.query(`SELECT count(*) AS n, sum(balance) AS balance, count(*) FILTER (WHERE is_defaulted) AS defaults,
      count(*) FILTER (WHERE default_date IS NOT NULL) AS dated, min(approval_date) AS first_approval FROM loan_facts`));
    // Independent reference from the raw text: CHGOFF rows, and rows with a default date.
    const lines = readFileSync(join(DIR, 'loans.csv'), 'utf8').trim().split('\n').slice(1);
    const chgoff = lines.filter((l) => l.includes(',CHGOFF,')).length;
    expect(r).toMatchObject({ n: LOANS, balance: 0, defaults: chgoff, dated: chgoff + PIF_WITH_DATE });
    expect(await readBookOutcome(db)).toMatchObject({ basis: 'flag', choosable: true, datedNotFlagged: PIF_WITH_DATE, flaggedUndated: 0 });
  });
});
