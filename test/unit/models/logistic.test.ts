import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../src/lib/db/node';
import type { Db } from '../../../src/lib/db/types';
import { rows } from '../../../src/lib/db/rows';
import { runMetric } from '../../../src/lib/metrics/query';
import { discriminationQuery, equalsOutcome } from '../../../src/lib/metrics/drivers';
import { designMatrix, fitLogistic, linearPredictor, normalCdf, twoSidedNormalP, type LogisticFit } from '../../../src/lib/models';
import { loadGermanCredit } from '../metrics/drivers/germanCredit';

let db: Db;
let fit: LogisticFit;
let design: ReturnType<typeof designMatrix>;
beforeAll(async () => {
  db = await openNodeDb();
  await loadGermanCredit(db);
  const data = rows(
    await db.query(`SELECT duration_in_month, credit_amount / 1000 AS credit_amount_k, age_in_years, CAST(creditability = 'bad' AS INTEGER) AS bad FROM german`),
  );
  design = designMatrix(data, ['duration_in_month', 'credit_amount_k', 'age_in_years'], 'bad');
  fit = fitLogistic(design.x, design.y, { names: design.names });
});
afterAll(async () => db.close());

/** AUC by comparing every bad with every good, ties ½. */
function pairwiseAuc(score: ArrayLike<number>, y: ArrayLike<number>): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 1) continue;
    for (let j = 0; j < y.length; j++) {
      if (y[j] !== 0) continue;
      pairs++;
      wins += score[i] > score[j] ? 1 : score[i] === score[j] ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

describe('logistic regression on German Credit (golden)', () => {
  it('reproduces the coefficients to 1e-5 and the log-likelihood to 1e-4', () => {
    expect(design.x).toHaveLength(1000);
    expect(design.dropped).toBe(0);
    const golden = [-1.0143345, 0.0331368, 0.0291337, -0.0187249];
    fit.coefficients.forEach((b, j) => expect(Math.abs(b - golden[j])).toBeLessThan(1e-5));
    expect(Math.abs(fit.logLikelihood - -584.158667)).toBeLessThan(1e-4);
    expect(fit.converged).toBe(true);
    expect(fit.warnings).toEqual([]);
    expect(fit.names).toEqual(['(intercept)', 'duration_in_month', 'credit_amount_k', 'age_in_years']);
  });

  it('gives consistent standard errors, Wald z and p-values', () => {
    for (let j = 0; j < 4; j++) {
      expect(fit.standardErrors[j]).toBeGreaterThan(0);
      expect(fit.z[j]).toBeCloseTo(fit.coefficients[j] / fit.standardErrors[j], 12);
      expect(fit.pValues[j]).toBeCloseTo(2 * (1 - normalCdf(Math.abs(fit.z[j]))), 12);
    }
    // duration is clearly significant; the null model is worse
    expect(fit.pValues[1]).toBeLessThan(0.001);
    expect(fit.nullLogLikelihood).toBeCloseTo(700 * Math.log(0.7) + 300 * Math.log(0.3), 9);
    expect(fit.logLikelihood).toBeGreaterThan(fit.nullLogLikelihood);
  });

  it('AUC of the fitted score via the SQL drivers equals a pairwise count', async () => {
    const [b0, b1, b2, b3] = fit.coefficients;
    const score = { sql: `${b0} + ${b1} * duration_in_month + ${b2} * (credit_amount / 1000) + ${b3} * age_in_years`, params: [] };
    const sqlAuc = (await runMetric(db, discriminationQuery(score, { table: 'german', outcome: equalsOutcome('creditability', 'bad') }))).auc!;
    const eta = design.x.map((row) => linearPredictor(row, fit.coefficients));
    expect(Math.abs(sqlAuc - pairwiseAuc(eta, design.y))).toBeLessThan(1e-12);
    expect(sqlAuc).toBeGreaterThan(0.6285929); // better than duration alone
  });
});

describe('logistic regression warnings', () => {
  it('warns about separation when a covariate splits the outcome perfectly', () => {
    const x = [1, 2, 3, 4, 5, 6].map((v) => Float64Array.from([1, v]));
    const f = fitLogistic(x, [0, 0, 0, 1, 1, 1], { maxIterations: 60 });
    expect(f.warnings.map((w) => w.kind)).toContain('separation');
  });

  it('warns about collinearity when a column duplicates another', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8].map((v) => Float64Array.from([1, v, 2 * v]));
    const f = fitLogistic(x, [0, 1, 0, 0, 1, 1, 0, 1]);
    expect(f.warnings.map((w) => w.kind)).toContain('collinearity');
    expect(f.standardErrors.every(Number.isNaN)).toBe(true);
  });

  it('rejects outcomes that are not 0/1', () => {
    expect(() => fitLogistic([Float64Array.from([1])], [2])).toThrow(/not 0 or 1/);
  });

  it('computes normal tail probabilities accurately', () => {
    expect(twoSidedNormalP(1.959963984540054)).toBeCloseTo(0.05, 14);
    expect(twoSidedNormalP(0)).toBe(1);
    // references: Python math.erfc(z / √2)
    expect(twoSidedNormalP(5) / 5.733031437583892e-7).toBeCloseTo(1, 12);
    expect(twoSidedNormalP(2.5) / 0.012419330651552278).toBeCloseTo(1, 12);
    expect(twoSidedNormalP(8) / 1.2441921148543639e-15).toBeCloseTo(1, 10);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 14);
  });
});
