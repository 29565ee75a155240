import { describe, expect, it } from 'vitest';
import { clopperPearson, logGamma, lowerTail, upperTail } from '../../../../src/lib/metrics/segments/binomial';

describe('binomial tails and Clopper–Pearson bounds', () => {
  it('ln Γ matches factorials', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(11)).toBeCloseTo(Math.log(3628800), 10);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 10);
  });

  it('tails by hand: n = 4, p = ½ gives 1, 4, 6, 4, 1 sixteenths', () => {
    expect(upperTail(3, 4, 0.5)).toBeCloseTo(5 / 16, 14);
    expect(lowerTail(1, 4, 0.5)).toBeCloseTo(5 / 16, 14);
    expect(upperTail(0, 4, 0.5)).toBe(1);
    expect(upperTail(5, 4, 0.5)).toBe(0);
    // P(X ≥ 2 | 10, 0.1) = 1 − 0.9¹⁰ − 10·0.1·0.9⁹
    expect(upperTail(2, 10, 0.1)).toBeCloseTo(1 - 0.9 ** 10 - 0.9 ** 9, 13);
  });

  it('a far tail keeps its relative precision', () => {
    // P(X ≥ 20 | 20, 0.1) = 1e-20
    expect(upperTail(20, 20, 0.1) / 1e-20).toBeCloseTo(1, 10);
  });

  it('Clopper–Pearson: with no events the upper bound is 1 − tail^(1/n); with all events the lower is tail^(1/n)', () => {
    expect(clopperPearson(0, 50, 0.025).high).toBeCloseTo(1 - 0.025 ** (1 / 50), 12);
    expect(clopperPearson(50, 50, 0.025).low).toBeCloseTo(0.025 ** (1 / 50), 12);
    // The textbook interval of 3/20 at 95 %: 0.0321 to 0.3789.
    const ci = clopperPearson(3, 20, 0.025);
    expect(ci.low).toBeCloseTo(0.0321, 4);
    expect(ci.high).toBeCloseTo(0.3789, 4);
  });
});
