import { describe, expect, it } from 'vitest';
import { bonferroniZ, normalQuantile, riskRatioCi, runDownToLimit } from '../../../src/lib/report';
import { normalCdf } from '../../../src/lib/models/normal';

describe('report statistics', () => {
  it('normal quantile inverts the normal CDF', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    for (const p of [1e-6, 0.001, 0.0125, 0.3, 0.9, 0.999]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 8);
  });

  it('Bonferroni z widens with the number of tests', () => {
    expect(bonferroniZ(0.95, 1)).toBeCloseTo(1.959964, 5);
    // 0.05 / 10 two-sided → upper 0.9975 quantile.
    expect(bonferroniZ(0.95, 10)).toBeCloseTo(2.807034, 5);
  });

  it('Katz log interval of a rate ratio matches a hand computation', () => {
    // 30/100 flagged vs 60/900 others: RR = 4.5, SE = √(1/30 − 1/100 + 1/60 − 1/900).
    const ci = riskRatioCi(30, 100, 60, 900, 1.959964)!;
    const se = Math.sqrt(1 / 30 - 1 / 100 + 1 / 60 - 1 / 900);
    expect(ci.ratio).toBeCloseTo(4.5, 12);
    expect(ci.low).toBeCloseTo(4.5 * Math.exp(-1.959964 * se), 10);
    expect(ci.high).toBeCloseTo(4.5 * Math.exp(1.959964 * se), 10);
    expect(ci.low).toBeGreaterThan(1);
  });

  it('has no interval when a group has no events', () => {
    expect(riskRatioCi(0, 100, 5, 100, 2)).toBeNull();
    expect(riskRatioCi(5, 100, 0, 100, 2)).toBeNull();
  });

  it('runs a segment down to its limit share', () => {
    // 35 of 100 at a 25 % limit: (35 − 25) ÷ 0.75 = 13.33…, leaving 21.67 of 86.67 = 25 %.
    const { runDown, growRest } = runDownToLimit(35, 100, 0.25);
    expect(runDown).toBeCloseTo(13.3333333, 6);
    expect((35 - runDown) / (100 - runDown)).toBeCloseTo(0.25, 12);
    expect(growRest).toBeCloseTo(40, 12);
    expect(runDownToLimit(10, 100, 0.25).runDown).toBe(0);
  });
});
