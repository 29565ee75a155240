import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../../src/lib/db/types';
import { rows } from '../../../../src/lib/db/rows';
import { DEFAULT_STAGE_RULES, readStageRules, stagedCte, stagingQuery, type StageRules } from '../../../../src/lib/metrics/ecl';
import { scope } from '../../../../src/lib/metrics/portfolio/sql';
import { loadLoans, loadSnapshots, openNodeDb, run, type FixtureRow } from '../portfolio/fixtures';

/** One crafted loan per rule; each meets that rule only (a performing loan otherwise). */
const base = { amount: 100, balance: 100, dpd: 0, five_class: 1, rating: 'A', origination_rating: 'A', is_restructured: false, default_flag: false, as_of_date: '2025-06-30' };
const LOANS: FixtureRow[] = (
  [
  { loan_id: 'performing', borrower_id: 'B0' },
  { loan_id: 'given3', ifrs9_stage: 3 },
  { loan_id: 'defaulted', default_flag: true, default_date: '2025-01-15' },
  { loan_id: 'dpd91', dpd: 91, five_class: 2 },
  { loan_id: 'npl', five_class: 3 },
  { loan_id: 'dpd31', dpd: 31 },
  { loan_id: 'dpd30', dpd: 30 },
  { loan_id: 'special', five_class: 2 },
  { loan_id: 'notch3', rating: 'B', origination_rating: 'A' },
  { loan_id: 'notch2', rating: ' bb', origination_rating: 'a' },
  { loan_id: 'restructured', is_restructured: true },
  { loan_id: 'watchedBorrower', borrower_id: 'B9' },
  { loan_id: 'watchedLoan' },
  { loan_id: 'cured' },
  { loan_id: 'curedLongAgo' },
  { loan_id: 'repaid', balance: 0, dpd: 100 },
  ] as FixtureRow[]
).map((l) => ({ ...base, ...l }));
const SNAPSHOTS = [
  { loan_id: 'cured', snapshot_date: '2025-04-30', dpd: 45, five_class: 2, balance: 100 },
  { loan_id: 'cured', snapshot_date: '2025-05-31', dpd: 0, five_class: 1, balance: 100 },
  { loan_id: 'cured', snapshot_date: '2025-06-30', dpd: 0, five_class: 1, balance: 100 },
  { loan_id: 'curedLongAgo', snapshot_date: '2024-12-31', dpd: 120, five_class: 3, balance: 100 },
  { loan_id: 'curedLongAgo', snapshot_date: '2025-06-30', dpd: 0, five_class: 1, balance: 100 },
];
const RULES: StageRules = { ...DEFAULT_STAGE_RULES, watchList: ['B9', 'watchedLoan'], cureMonths: 3 };

async function staged(rules: StageRules): Promise<Record<string, { stage: number; reason: string }>> {
  const s = scope([]);
  const t = await db.query(`${s.sql},\n${stagedCte(rules, undefined)}\nSELECT loan_id, stage, stage_reason FROM staged`, s.params);
  return Object.fromEntries(rows(t).map((r) => [String(r.loan_id), { stage: Number(r.stage), reason: String(r.stage_reason) }]));
}

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  await loadLoans(db, LOANS);
  await loadSnapshots(db, SNAPSHOTS);
});
afterAll(async () => db.close());

describe('IFRS 9 staging rules on crafted loans', () => {
  it('stages each loan by the rule it meets', async () => {
    const got = await staged(RULES);
    const expected: Record<string, [number, string]> = {
      performing: [1, 'performing'],
      given3: [3, 'given'],
      defaulted: [3, 'defaulted'],
      dpd91: [3, 'impaired_dpd'],
      npl: [3, 'impaired_npl'],
      dpd31: [2, 'dpd_backstop'],
      dpd30: [1, 'performing'],
      special: [2, 'class_downgrade'],
      notch3: [2, 'rating_downgrade'],
      notch2: [1, 'performing'],
      restructured: [2, 'restructured'],
      watchedBorrower: [2, 'watch_list'],
      watchedLoan: [2, 'watch_list'],
      cured: [2, 'cure'],
      curedLongAgo: [1, 'performing'],
      repaid: [3, 'impaired_dpd'],
    };
    expect(Object.fromEntries(Object.entries(got).map(([k, v]) => [k, [v.stage, v.reason]]))).toEqual(expected);
  });

  it('turns each rule off on its own', async () => {
    const off = await staged({
      ...RULES, useGiven: false, impairedDpd: null, impairedNpl: false, dpdBackstop: null, classDowngrade: null,
      ratingNotches: null, restructured: false, watchList: [], cureMonths: 0,
    });
    const notPerforming = Object.entries(off).filter(([, v]) => v.stage !== 1).map(([k, v]) => [k, v.reason]);
    // The outcome always makes a loan credit-impaired: it is not a rule the user can switch off.
    expect(notPerforming).toEqual([['defaulted', 'defaulted']]);
  });

  it('takes the thresholds the user sets', async () => {
    const got = await staged({ ...RULES, dpdBackstop: 29, ratingNotches: 2, classDowngrade: 3, impairedNpl: false, cureMonths: 1 });
    expect(got.dpd30).toEqual({ stage: 2, reason: 'dpd_backstop' });
    expect(got.notch2).toEqual({ stage: 2, reason: 'rating_downgrade' });
    expect(got.special).toEqual({ stage: 1, reason: 'performing' });
    expect(got.npl).toEqual({ stage: 2, reason: 'class_downgrade' });
    expect(got.cured).toEqual({ stage: 1, reason: 'performing' });
  });

  it('counts the stage mix of live loans and says how many stages were given', async () => {
    const mix = await run(db, stagingQuery([], { rules: RULES }));
    expect(mix.loans).toBe(15);
    expect(mix.stages.map((s) => s.loans)).toEqual([4, 7, 4]);
    expect(mix.givenLoans).toBe(1);
    expect(mix.stages[2].balanceShare).toBeCloseTo(4 / 15, 12);
  });

  it('stages as of a snapshot date from the snapshot DPD and class', async () => {
    const mix = await run(db, stagingQuery([], { rules: { ...RULES, cureMonths: 0 }, asOf: '2024-12-31' }));
    expect(mix.loans).toBe(1);
    expect(mix.reasons).toEqual([{ reason: 'impaired_dpd', stage: 3, loans: 1, balance: 100 }]);
  });

  it('reads stored rules, replacing and naming what it cannot read', () => {
    expect(readStageRules(DEFAULT_STAGE_RULES)).toEqual({ rules: DEFAULT_STAGE_RULES, problems: [] });
    const r = readStageRules({ dpdBackstop: '45', classDowngrade: 1, ratingNotches: null, watchList: [' L1 ', 'L1', ''], cureMonths: -2 });
    expect(r.rules.dpdBackstop).toBe(45);
    expect(r.rules.ratingNotches).toBeNull();
    expect(r.rules.watchList).toEqual(['L1']);
    expect(r.rules.classDowngrade).toBe(DEFAULT_STAGE_RULES.classDowngrade);
    expect(r.problems).toEqual(['classDowngrade', 'cureMonths']);
  });
});
