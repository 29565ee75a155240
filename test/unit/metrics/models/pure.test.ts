import { describe, expect, it } from 'vitest';
import type { WoeBin } from '../../../../src/lib/metrics/drivers';
import { bandSql, correlation, inlineParams, monotonicCuts, vintageStability, type ScorecardModel } from '../../../../src/lib/metrics/models';
import { psiFromCounts as driverPsi } from '../../../../src/lib/metrics/drivers';

const bin = (lo: number | null, hi: number | null, count: number, bads: number) =>
  ({ key: { kind: 'range', lo, hi }, count, bads }) as unknown as WoeBin;

describe('monotonic bins', () => {
  it('merges adjacent bins until the bad rate only rises', () => {
    // rates 0.01, 0.03, 0.02, 0.05, 0.04 → merge (2,3) and (4,5): 0.01 | 0.025 | 0.045
    const cuts = monotonicCuts([bin(null, 10, 100, 1), bin(10, 20, 100, 3), bin(20, 30, 100, 2), bin(30, 40, 100, 5), bin(40, null, 100, 4)]);
    expect(cuts).toEqual([10, 30]);
  });

  it('follows a falling bad rate and merges small bins first', () => {
    const cuts = monotonicCuts([bin(null, 1, 100, 10), bin(1, 2, 5, 0), bin(2, 3, 100, 5), bin(3, null, 100, 2)], 50);
    // the 5-loan bin joins its right neighbour: 10/100, 5/105, 2/100 falls already
    expect(cuts).toEqual([1, 3]);
  });

  it('keeps the missing bin out of the cuts', () => {
    expect(monotonicCuts([bin(null, 5, 50, 1), { key: { kind: 'missing' }, count: 10, bads: 5 } as unknown as WoeBin])).toEqual([]);
  });
});

describe('SQL helpers', () => {
  it('bands a score from A (top) to H', () => {
    const sql = bandSql('s', [1, 2, 3, 4, 5, 6, 7]);
    expect(sql).toMatch(/>= CAST\(7 AS DOUBLE\) THEN 'A'/);
    expect(sql).toMatch(/ELSE 'H' END$/);
    expect(() => bandSql('s', [1, 2])).toThrow();
  });

  it('inlines parameters outside quotes only', () => {
    expect(inlineParams({ sql: `SELECT '?' AS q, "a?" FROM t WHERE x = ? AND y = ? AND z = ?`, params: ["it's", 2, null] })).toBe(
      `SELECT '?' AS q, "a?" FROM t WHERE x = 'it''s' AND y = 2 AND z = NULL`,
    );
    expect(() => inlineParams({ sql: 'SELECT ?', params: [] })).toThrow();
  });

  it('correlates columns', () => {
    expect(correlation([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(correlation([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(correlation([1, 1, 1], [3, 2, 1])).toBe(0);
  });
});

describe('band stability by vintage', () => {
  it('compares each vintage band mix with the development sample', () => {
    const devBands = Object.fromEntries(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'].map((b) => [b, { loans: 100, bads: 1 }]));
    const model = { devBands } as unknown as ScorecardModel;
    const grid = [
      { vintage: 2024, band: 'A', loans: 50, bads: 0 },
      { vintage: 2024, band: 'H', loans: 150, bads: 6 },
    ];
    const [v] = vintageStability(model, grid);
    expect(v.loans).toBe(200);
    expect(v.defaultRate).toBeCloseTo(0.03, 12);
    const expected = driverPsi(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'].map((k) => ({ key: k, expected: 100, actual: k === 'A' ? 50 : k === 'H' ? 150 : 0 })));
    expect(v.psi.psi).toBeCloseTo(expected.psi, 12);
    expect(v.psi.band).toBe('significant shift');
  });
});

describe('stress waterfall', () => {
  it('runs from baseline through each step to the stressed EL', async () => {
    const { waterfallSteps } = await import('../../../../src/lib/metrics/models');
    const steps = waterfallSteps([232_500, 255_000, 267_500, 273_500, 300_250]);
    expect(steps.map((s) => s.key)).toEqual(['baseline', 'pd', 'pd', 'haircut', 'lgd', 'stressed']);
    expect(steps[2]).toEqual({ key: 'pd', shock: 1, from: 255_000, to: 267_500 });
    expect(steps.at(-1)!.to).toBe(300_250);
    expect(waterfallSteps([1, 2, 3])).toHaveLength(4);
  });
});
