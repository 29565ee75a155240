import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../../src/lib/db/node';
import type { Db } from '../../../../src/lib/db/types';
import { runMetric } from '../../../../src/lib/metrics/query';
import { nplOutcome } from '../../../../src/lib/metrics/drivers';
import { FLAG_RULES, flagParetoQuery, flagStatsQuery, selectRules } from '../../../../src/lib/metrics/flags';
import { ALL_MAPPED, createBook, type LoanRow } from './canonicalBook';

/*
 * 11 loans, defaults 1 2 3 4 11.
 * renewal (P1/C2) on 1 2 5; no_guarantee (P4/C1) on 1 3 4 6; restructured (P4/C2) on 2 5.
 * loss: 1 charge-off 100 − recovery 20 = 80; 2 balance 50; 3 charge-off 30; 4 balance 10; 11 balance 40.
 */
const loan = (n: number, extra: LoanRow = {}): LoanRow => ({
  loan_id: `L${String(n).padStart(2, '0')}`,
  default_flag: [1, 2, 3, 4, 11].includes(n),
  is_renewal: [1, 2, 5].includes(n),
  guarantee_type: [1, 3, 4, 6].includes(n) ? 'none' : 'personal',
  is_restructured: [2, 5].includes(n),
  balance: 10,
  five_class: 1,
  industry: n <= 6 ? 'C' : 'F',
  ...extra,
});
const BOOK: LoanRow[] = [
  loan(1, { chargeoff_amount: 100, recovery_amount: 20, five_class: 3 }),
  loan(2, { balance: 50 }),
  loan(3, { chargeoff_amount: 30 }),
  loan(4),
  loan(5, { five_class: 4 }),
  ...[6, 7, 8, 9, 10].map((n) => loan(n)),
  loan(11, { balance: 40 }),
];
const RULES = FLAG_RULES.filter((r) => ['renewal', 'no_guarantee', 'restructured'].includes(r.id));

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  await createBook(db, BOOK);
});
afterAll(async () => db.close());
const active = () => selectRules(RULES, ALL_MAPPED).active;

describe('flag statistics on a hand-checked book', () => {
  it('gives flagged counts, default rate with and without, lift, coverage and precision', async () => {
    const s = await runMetric(db, flagStatsQuery(active()));
    expect([s.loans, s.defaults, s.defaultRate]).toEqual([11, 5, 5 / 11]);
    const byId = Object.fromEntries(s.rules.map((r) => [r.ruleId, r]));
    expect(byId.renewal).toMatchObject({ flagged: 3, flaggedDefaults: 2, problem: 'P1', cause: 'C2' });
    expect(byId.renewal.defaultRateWith).toBeCloseTo(2 / 3, 12);
    expect(byId.renewal.defaultRateWithout).toBeCloseTo(3 / 8, 12);
    expect(byId.renewal.lift).toBeCloseTo(16 / 9, 12);
    expect(byId.renewal.liftVsBook).toBeCloseTo(2 / 3 / (5 / 11), 12);
    expect(byId.renewal.coverage).toBeCloseTo(2 / 5, 12);
    expect(byId.renewal.precision).toBeCloseTo(2 / 3, 12);
    expect(byId.no_guarantee).toMatchObject({ flagged: 4, flaggedDefaults: 3 });
    expect(byId.no_guarantee.lift).toBeCloseTo(3 / 4 / (2 / 7), 12);
    expect(byId.no_guarantee.coverage).toBeCloseTo(3 / 5, 12);
    expect(byId.no_guarantee.precision).toBeCloseTo(3 / 4, 12);
    expect(byId.restructured).toMatchObject({ flagged: 2, flaggedDefaults: 1 });
  });

  it('respects the filter set', async () => {
    const s = await runMetric(db, flagStatsQuery(active(), { filters: [{ dimension: 'industry', values: ['F'] }] }));
    expect([s.loans, s.defaults]).toEqual([5, 1]);
    expect(s.rules.every((r) => r.flagged === 0 && r.lift === null && r.coverage === 0)).toBe(true);
  });

  it('builds the Pareto of defaults by count and by loss, by rule and by cause', async () => {
    const p = await runMetric(db, flagParetoQuery(active()));
    expect([p.targets, p.targetLoss]).toEqual([5, 210]);
    expect(p.unflagged).toEqual({ count: 1, loss: 40, share: 1 / 5, lossShare: 40 / 210 });
    expect(p.byRule.byCount.map((i) => [i.key, i.count, i.loss])).toEqual([
      ['no_guarantee', 3, 120],
      ['renewal', 2, 130],
      ['restructured', 1, 50],
    ]);
    expect(p.byRule.byCount.map((i) => i.cumulativeShare)).toEqual([3 / 6, 5 / 6, 1]);
    expect(p.byRule.byLoss.map((i) => i.key)).toEqual(['renewal', 'no_guarantee', 'restructured']);
    expect(p.byRule.byLoss[0].cumulativeShare).toBeCloseTo(130 / 300, 12);
    expect(p.byRule.byCount[0].shareOfTargets).toBe(3 / 5);
    // C2 = renewal ∪ restructured among defaults = loans 1, 2: counted once each
    expect(p.byCause.byCount.map((i) => [i.key, i.count, i.loss])).toEqual([
      ['C1', 3, 120],
      ['C2', 2, 130],
    ]);
    // P4 = no_guarantee (1, 3, 4) ∪ restructured (2) = 4 loans, loss 80 + 50 + 30 + 10
    expect(p.byProblem.byLoss.map((i) => [i.key, i.count, i.loss])).toEqual([
      ['P4', 4, 170],
      ['P1', 2, 130],
    ]);
    expect(p.fishbone.map((b) => [b.cause, b.count, b.rules.map((r) => `${r.ruleId}:${r.count}`)])).toEqual([
      ['C1', 3, ['no_guarantee:3']],
      ['C2', 2, ['renewal:2', 'restructured:1']],
      ['C3', 0, []],
      ['C4', 0, []],
    ]);
  });

  it('can take NPL loans as the targets instead of defaults', async () => {
    const p = await runMetric(db, flagParetoQuery(active(), { outcome: nplOutcome() }));
    // NPL: loan 1 (class 3, loss 80) and loan 5 (class 4, balance 10)
    expect([p.targets, p.targetLoss]).toEqual([2, 90]);
    expect(p.byRule.byCount.map((i) => [i.key, i.count])).toEqual([
      ['renewal', 2],
      ['no_guarantee', 1],
      ['restructured', 1],
    ]);
    expect(p.unflagged.count).toBe(0);
  });

  it('handles an empty rule list: every default is unflagged', async () => {
    const p = await runMetric(db, flagParetoQuery([]));
    expect(p.unflagged).toMatchObject({ count: 5, share: 1 });
    expect(p.byRule.byCount).toEqual([]);
  });
});
