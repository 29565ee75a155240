import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../../src/lib/db/node';
import type { Db } from '../../../../src/lib/db/types';
import { runMetric } from '../../../../src/lib/metrics/query';
import {
  booleanColumnOutcome,
  compareOutcome,
  discriminationQuery,
  filterCondition,
  ivBand,
  psiFromCounts,
  psiQuery,
  woeQuery,
} from '../../../../src/lib/metrics/drivers';

// seg A: 2 of 4 bad; seg B: 1 of 4 bad; seg missing: 0 of 2 bad (a zero cell). 3 bads in 10.
const SMALL = `CREATE TABLE small AS SELECT * FROM (VALUES
  ('A', TRUE, 5.0, 'p1', 100), ('A', TRUE, 15.0, 'p1', 95), ('A', FALSE, 15.0, 'p1', 10), ('A', FALSE, 25.0, 'p1', 0),
  ('B', TRUE, 5.0, 'p2', 50), ('B', FALSE, 5.0, 'p2', 50), ('B', FALSE, 15.0, 'p2', 20), ('B', FALSE, 25.0, 'p2', 50),
  (NULL, FALSE, 25.0, 'p2', 1), (NULL, FALSE, 25.0, 'p2', NULL)
) AS t(seg, bad, x, period, dpd)`;

const bad = booleanColumnOutcome('bad');
const seg = { column: 'seg', binning: { kind: 'categorical' as const } };

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  await db.exec(SMALL);
});
afterAll(async () => db.close());

describe('lift and WoE on a hand-checked fixture', () => {
  it('gives default rate and lift per segment, missing as its own bin', async () => {
    const t = await runMetric(db, woeQuery(seg, { table: 'small', outcome: bad }));
    expect(t.bins.map((b) => [b.label, b.count, b.bads, b.badRate])).toEqual([
      ['A', 4, 2, 0.5],
      ['B', 4, 1, 0.25],
      ['missing', 2, 0, 0],
    ]);
    expect(t.bins[0].lift).toBeCloseTo(0.5 / 0.3, 12);
    expect(t.bins[1].lift).toBeCloseTo(0.25 / 0.3, 12);
    expect(t.bins[2].lift).toBe(0);
  });

  it('adds 0.5 to both counts of a zero cell by default', async () => {
    const t = await runMetric(db, woeQuery(seg, { table: 'small', outcome: bad }));
    const [g, b] = [7.5, 3.5]; // adjusted totals: goods 2+3+2.5, bads 2+1+0.5
    const woe = [Math.log(2 / g / (2 / b)), Math.log(3 / g / (1 / b)), Math.log(2.5 / g / (0.5 / b))];
    t.bins.forEach((bin, i) => expect(bin.woe!).toBeCloseTo(woe[i], 12));
    expect(t.bins.map((x) => x.zeroCell)).toEqual([false, false, true]);
    const iv = [2 / g - 2 / b, 3 / g - 1 / b, 2.5 / g - 0.5 / b].reduce((s, d, i) => s + d * woe[i], 0);
    expect(t.iv).toBeCloseTo(iv, 12);
  });

  it('can skip zero cells instead, keeping raw denominators', async () => {
    const t = await runMetric(db, woeQuery(seg, { table: 'small', outcome: bad, zeroCell: { kind: 'skip' } }));
    expect(t.bins[0].woe!).toBeCloseTo(Math.log(2 / 7 / (2 / 3)), 12);
    expect(t.bins[2].woe).toBeNull();
    expect(t.bins[2].ivContribution).toBe(0);
  });

  it('applies the filter set and an outcome built from a comparison', async () => {
    const t = await runMetric(
      db,
      woeQuery(seg, { table: 'small', outcome: compareOutcome('dpd', '>', 90), filters: [{ dimension: 'seg', values: ['A', null] }] }),
    );
    // dpd NULL has an unknown outcome and is left out
    expect(t.bins.map((b) => [b.label, b.count, b.bads])).toEqual([
      ['A', 4, 2],
      ['missing', 1, 0],
    ]);
  });

  it('bins by user cut points as half-open intervals', async () => {
    const t = await runMetric(db, woeQuery({ column: 'x', binning: { kind: 'cuts', cuts: [20, 10] } }, { table: 'small', outcome: bad }));
    expect(t.bins.map((b) => [b.label, b.count, b.bads])).toEqual([
      ['< 10', 3, 2],
      ['[10, 20)', 3, 1],
      ['≥ 20', 4, 0],
    ]);
  });

  it('bands IV at 0.02, 0.1 and 0.3', () => {
    expect([0.019, 0.02, 0.099, 0.1, 0.3, 0.31].map(ivBand)).toEqual(['useless', 'weak', 'weak', 'medium', 'medium', 'strong']);
  });
});

describe('AUC with ties on the fixture', () => {
  it('counts tied bad/good pairs as one half', async () => {
    // bads at x 5, 15, 5; goods at 15, 25, 5, 15, 25, 25, 25
    // pairs bad>good: 5→0, 15→1 (5), 5→0; ties: 5 vs 5 (1 good) twice, 15 vs 15 (2 goods) once
    const d = await runMetric(db, discriminationQuery('x', { table: 'small', outcome: bad }));
    expect(d.auc!).toBeCloseTo((1 + 0.5 * (1 + 1 + 2)) / (3 * 7), 12);
    // F_bad − F_good at x ≤ 5: 2/3 − 1/7; at ≤ 15: 1 − 3/7
    expect(d.ks!).toBeCloseTo(Math.max(2 / 3 - 1 / 7, 1 - 3 / 7), 12);
    expect(d.ksThreshold).toBe(15);
  });
});

describe('PSI', () => {
  it('matches a hand computation on the same bins', async () => {
    const q = psiQuery(
      { column: 'x', binning: { kind: 'cuts', cuts: [10, 20] } },
      {
        table: 'small',
        baseline: filterCondition([{ dimension: 'period', values: ['p1'] }]),
        comparison: filterCondition([{ dimension: 'period', values: ['p2'] }]),
      },
    );
    const p = await runMetric(db, q);
    expect(p.bins.map((b) => [b.key.label, b.expected, b.actual])).toEqual([
      ['< 10', 1, 2],
      ['[10, 20)', 2, 1],
      ['≥ 20', 1, 3],
    ]);
    const E = [1 / 4, 2 / 4, 1 / 4];
    const A = [2 / 6, 1 / 6, 3 / 6];
    const psi = E.reduce((s, e, i) => s + (A[i] - e) * Math.log(A[i] / e), 0);
    expect(p.psi).toBeCloseTo(psi, 12);
    expect(p.band).toBe(psi < 0.1 ? 'stable' : psi < 0.25 ? 'moderate shift' : 'significant shift');
  });

  it('takes quantile cut points from the baseline', async () => {
    const q = psiQuery(
      { column: 'x', binning: { kind: 'quantile', bins: 2 } },
      { table: 'small', baseline: { sql: "period = 'p1'", params: [] }, comparison: { sql: "period = 'p2'", params: [] } },
    );
    const p = await runMetric(db, q);
    // p1 x: 5, 15, 15, 25 → median (quantile_disc) 15 → bins < 15 and ≥ 15
    expect(p.bins.map((b) => [b.key.label, b.expected, b.actual])).toEqual([
      ['< 15', 1, 2],
      ['≥ 15', 3, 4],
    ]);
  });

  it('adds 0.5 to both counts of an empty bin', () => {
    const p = psiFromCounts([
      { key: 'a', expected: 10, actual: 0 },
      { key: 'b', expected: 10, actual: 20 },
    ]);
    const E = [10.5 / 20.5, 10 / 20.5];
    const A = [0.5 / 20.5, 20 / 20.5];
    expect(p.psi).toBeCloseTo((A[0] - E[0]) * Math.log(A[0] / E[0]) + (A[1] - E[1]) * Math.log(A[1] / E[1]), 12);
    expect(p.bins[0].zeroCell).toBe(true);
  });
});
