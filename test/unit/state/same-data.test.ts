import { describe, expect, it } from 'vitest';
import { sameData } from '../../../src/lib/state/same-data';

describe('sameData', () => {
  it('is true for equal nested plain data', () => {
    const a = { classes: [{ key: 1, loans: 3, share: 0.25 }], unclassified: { loans: 0, balance: null }, tag: 'x' };
    const b = { classes: [{ key: 1, loans: 3, share: 0.25 }], unclassified: { loans: 0, balance: null }, tag: 'x' };
    expect(sameData(a, b)).toBe(true);
    expect(sameData(Number.NaN, Number.NaN)).toBe(true);
  });

  it('sees any changed, missing or extra value', () => {
    const base = { rows: [{ k: 'a', v: 1 }], n: 2 };
    expect(sameData(base, { rows: [{ k: 'a', v: 1.0000001 }], n: 2 })).toBe(false);
    expect(sameData(base, { rows: [{ k: 'a', v: 1 }] })).toBe(false);
    expect(sameData(base, { rows: [{ k: 'a', v: 1 }], n: 2, extra: undefined })).toBe(false);
    expect(sameData(base, { rows: [{ k: 'a', v: 1 }, { k: 'b', v: 2 }], n: 2 })).toBe(false);
    expect(sameData([1, 2], { 0: 1, 1: 2 })).toBe(false);
    expect(sameData(null, {})).toBe(false);
    expect(sameData(0, -0)).toBe(false);
  });

  it('counts non-plain objects as different unless identical', () => {
    expect(sameData(new Date(0), new Date(0))).toBe(false);
    const d = new Date(0);
    expect(sameData({ d }, { d })).toBe(true);
    expect(sameData(new Map(), new Map())).toBe(false);
  });
});
