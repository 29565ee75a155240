import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../../src/lib/db/node';
import type { Db } from '../../../../src/lib/db/types';
import { runMetric } from '../../../../src/lib/metrics/query';
import { discriminationQuery, equalsOutcome, ivRankingQuery, woeQuery } from '../../../../src/lib/metrics/drivers';
import { loadGermanCredit } from './germanCredit';

const TOL = 1e-6;
const bad = equalsOutcome('creditability', 'bad');
const source = { table: 'german', outcome: bad };

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  await loadGermanCredit(db);
});
afterAll(async () => db.close());

describe('German Credit golden values', () => {
  it('WoE of each checking-account category and IV 0.6660115', async () => {
    const t = await runMetric(db, woeQuery({ column: 'status_of_existing_checking_account', binning: { kind: 'categorical' } }, source));
    const expected: Record<string, [number, number, number]> = {
      '... < 0 DM': [139, 135, -0.8180987],
      '0 <= ... < 200 DM': [164, 105, -0.4013918],
      '... >= 200 DM / salary assignments for at least 1 year': [49, 14, 0.4054651],
      'no checking account': [348, 46, 1.1762632],
    };
    expect(t.bins.map((b) => b.label).sort()).toEqual(Object.keys(expected).sort());
    for (const b of t.bins) {
      const [goods, bads, woe] = expected[b.label];
      expect(b.goods).toBe(goods);
      expect(b.bads).toBe(bads);
      expect(b.woe!).toBeCloseTo(woe, 6);
      expect(Math.abs(b.woe! - woe)).toBeLessThan(TOL);
      expect(b.zeroCell).toBe(false);
    }
    expect(Math.abs(t.iv - 0.6660115)).toBeLessThan(TOL);
    expect(t.band).toBe('strong');
    expect(t.goods).toBe(700);
    expect(t.bads).toBe(300);
  });

  it('ranks six categorical attributes by IV with the golden values', async () => {
    const golden: Record<string, number> = {
      status_of_existing_checking_account: 0.6660115,
      credit_history: 0.293234,
      savings_account_and_bonds: 0.19601,
      purpose: 0.169195,
      property: 0.112638,
      housing: 0.083293,
    };
    const attributes = Object.keys(golden).reverse().map((column) => ({ column, binning: { kind: 'categorical' as const } }));
    const ranking = await runMetric(db, ivRankingQuery(attributes, source));
    expect(ranking.map((r) => r.attribute)).toEqual(Object.keys(golden));
    for (const r of ranking) expect(Math.abs(r.iv - golden[r.attribute])).toBeLessThan(TOL);
    expect(ranking.map((r) => r.band)).toEqual(['strong', 'medium', 'medium', 'medium', 'medium', 'weak']);
  });

  it.each([
    ['duration_in_month', 0.6285929, 0.1919048],
    ['credit_amount', 0.5548571, 0.1571429],
    ['age_in_years', 0.4293667, 0.1314286],
  ])('AUC and KS of %s as a score', async (column, auc, ks) => {
    const d = await runMetric(db, discriminationQuery(column, source));
    expect(Math.abs(d.auc! - auc)).toBeLessThan(TOL);
    expect(Math.abs(d.ks! - ks)).toBeLessThan(TOL);
    expect(d.gini!).toBeCloseTo(2 * auc - 1, 6);
    expect([d.bads, d.goods]).toEqual([300, 700]);
  });

  it('reverses the score direction on request', async () => {
    const d = await runMetric(db, discriminationQuery('age_in_years', { ...source, higherIsRiskier: false }));
    expect(Math.abs(d.auc! - (1 - 0.4293667))).toBeLessThan(TOL);
    expect(Math.abs(d.ks! - 0.1314286)).toBeLessThan(TOL);
  });

  it('bins a numeric attribute by quantiles with every loan in exactly one bin', async () => {
    const t = await runMetric(db, woeQuery({ column: 'duration_in_month', binning: { kind: 'quantile', bins: 5 } }, source));
    expect(t.bins.length).toBeGreaterThanOrEqual(3);
    expect(t.bins.length).toBeLessThanOrEqual(5);
    expect(t.count).toBe(1000);
    expect(t.bins[0].key).toMatchObject({ kind: 'range', lo: null });
    expect(t.bins.at(-1)!.key).toMatchObject({ kind: 'range', hi: null });
    // longer loans are riskier: WoE falls as duration rises
    expect(t.bins[0].woe!).toBeGreaterThan(t.bins.at(-1)!.woe!);
  });
});
