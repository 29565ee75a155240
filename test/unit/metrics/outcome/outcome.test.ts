import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../../src/lib/db/types';
import { readBookOutcome } from '../../../../src/lib/metrics/facts';
import { writeBookSettings } from '../../../../src/lib/book/settings';
import { overviewQuery } from '../../../../src/lib/metrics/portfolio/overview';
import { hhiQuery } from '../../../../src/lib/metrics/portfolio/concentration';
import { loadLoans, openNodeDb, run, type FixtureRow } from '../portfolio/fixtures';

/*
 * Five loans: P paid in full with a charge-off date (flag false, date set), D defaulted with a date,
 * U defaulted without a date, N neither, E an empty flag with a date. Under the flag rule (the
 * default) D, U and E (empty flag → its date) default: 3 of 5; under the date rule D, P and E: 3 of 5
 * but other loans; under "flag or date" D, U, P and E: 4 of 5.
 */
const BOOK: FixtureRow[] = [
  { loan_id: 'P', amount: 100, origination_date: '2020-01-31', default_flag: false, default_date: '2020-03-01' },
  { loan_id: 'D', amount: 100, origination_date: '2020-01-15', default_flag: true, default_date: '2020-02-03' },
  { loan_id: 'U', amount: 100, origination_date: '2020-01-15', default_flag: true },
  { loan_id: 'N', amount: 100, origination_date: '2020-01-15', default_flag: false },
  { loan_id: 'E', amount: 100, origination_date: '2020-01-15', default_date: '2020-12-31' },
];

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => db.close());

const defaulted = async () => {
  const t = await db.query("SELECT string_agg(loan_id, ',' ORDER BY loan_id) AS ids FROM loan_facts WHERE is_defaulted");
  return t.get(0)!.toJSON().ids as string;
};

describe('the one outcome of a book (loan_facts.is_defaulted)', () => {
  it('follows the flag where one is mapped, and counts the loans where flag and date disagree', async () => {
    await loadLoans(db, BOOK);
    expect(await readBookOutcome(db)).toEqual({ basis: 'flag', rule: 'flag', choosable: true, datedNotFlagged: 1, flaggedUndated: 1, exposureBasis: 'amount' });
    expect(await defaulted()).toBe('D,E,U');
    const f = (await run(db, overviewQuery([]))).figures;
    expect(f.defaultRate.value).toBeCloseTo(3 / 5, 12);
  });

  it('gives the default date only to loans that defaulted, and counts months on book by reporting month', async () => {
    await loadLoans(db, BOOK);
    const t = await db.query("SELECT loan_id, CAST(default_on AS VARCHAR) AS d, months_to_default AS m FROM loan_facts ORDER BY loan_id");
    const byId = Object.fromEntries([...t].map((r) => [r.loan_id, [r.d, r.m === null ? null : Number(r.m)]]));
    // D: out on 15 Jan, defaulted 3 Feb → month 1 (DOMAIN.md); P's charge-off date is not a default.
    expect(byId).toEqual({ D: ['2020-02-03', 1], E: ['2020-12-31', 11], N: [null, null], P: [null, null], U: [null, null] });
  });

  it('lets the user choose the date or either, kept in book_settings', async () => {
    await loadLoans(db, BOOK);
    await writeBookSettings(db, { outcomeRule: 'date' });
    expect((await readBookOutcome(db)).basis).toBe('date');
    expect(await defaulted()).toBe('D,E,P');
    await writeBookSettings(db, { outcomeRule: 'flag_or_date' });
    expect(await defaulted()).toBe('D,E,P,U');
    expect((await run(db, overviewQuery([]))).figures.defaultRate.value).toBeCloseTo(4 / 5, 12);
    await writeBookSettings(db, { outcomeRule: 'flag' });
    expect(await defaulted()).toBe('D,E,U');
  });

  it('without a flag uses the date, then DPD > 90, then an NPL class, and says which', async () => {
    await loadLoans(db, [
      { loan_id: 'a', amount: 1, default_date: '2021-01-01', dpd: 0, five_class: 1 },
      { loan_id: 'b', amount: 1, dpd: 120, five_class: 1 },
      { loan_id: 'c', amount: 1, dpd: 0, five_class: 4 },
    ]);
    expect((await readBookOutcome(db)).basis).toBe('date');
    expect(await defaulted()).toBe('a');
    await loadLoans(db, [
      { loan_id: 'b', amount: 1, dpd: 120, five_class: 1 },
      { loan_id: 'c', amount: 1, dpd: 0, five_class: 4 },
    ]);
    expect((await readBookOutcome(db)).basis).toBe('dpd');
    expect(await defaulted()).toBe('b');
    await loadLoans(db, [
      { loan_id: 'b', amount: 1, five_class: 1 },
      { loan_id: 'c', amount: 1, five_class: 4 },
    ]);
    expect((await readBookOutcome(db)).basis).toBe('class');
    expect(await defaulted()).toBe('c');
    await loadLoans(db, [{ loan_id: 'x', amount: 1 }]);
    const none = await readBookOutcome(db);
    expect(none.basis).toBeNull();
    expect((await run(db, overviewQuery([]))).figures.defaultRate).toEqual({ value: null, missing: ['outcome'] });
  });
});

describe('a closed book measures concentration on the original amount', () => {
  it('exposure is the balance of a live book and the amount of a book with no outstanding balance', async () => {
    await loadLoans(db, [
      { loan_id: 'a', amount: 300, balance: 0, industry: 'X' },
      { loan_id: 'b', amount: 100, balance: 0, industry: 'Y' },
    ]);
    expect((await readBookOutcome(db)).exposureBasis).toBe('amount');
    const h = await run(db, hhiQuery([], { dimension: 'industry' }));
    // Shares 0.75 and 0.25 of the original amount.
    expect(h.raw).toBeCloseTo(0.75 ** 2 + 0.25 ** 2, 12);
    await loadLoans(db, [
      { loan_id: 'a', amount: 300, balance: 100, industry: 'X' },
      { loan_id: 'b', amount: 100, balance: 100, industry: 'Y' },
    ]);
    expect((await readBookOutcome(db)).exposureBasis).toBe('balance');
    expect((await run(db, hhiQuery([], { dimension: 'industry' }))).raw).toBeCloseTo(0.5, 12);
  });
});
