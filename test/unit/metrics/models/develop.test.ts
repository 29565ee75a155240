import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../../src/lib/db/node';
import type { Db } from '../../../../src/lib/db/types';
import { column, rows } from '../../../../src/lib/db/rows';
import { runMetric } from '../../../../src/lib/metrics/query';
import { discriminationQuery, equalsOutcome, ivRankingQuery } from '../../../../src/lib/metrics/drivers';
import { DEFAULT_SCALING, fitLogistic } from '../../../../src/lib/models';
import { DEV, DEV_SOURCE, VAL, developScorecard, modelScoreSql, sampleSql, type Fitter } from '../../../../src/lib/metrics/models';
import { loadGermanCredit } from '../drivers/germanCredit';

const fitter: Fitter = async (x, y, names) => fitLogistic(x, y, { names });
const ATTRIBUTES = ['status_of_existing_checking_account', 'credit_history', 'duration_in_month', 'savings_account_and_bonds'];

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  await loadGermanCredit(db);
  const sample = sampleSql({ kind: 'random', seed: 7, devShare: 0.7 });
  await db.exec(
    `CREATE TABLE model_base AS SELECT *, CAST(creditability = 'bad' AS INTEGER) AS _y, ${sample.sql.replaceAll('loan_facts.loan_id', 'rowid')} AS _sample FROM german`,
    sample.params,
  );
});
afterAll(async () => db.close());

/** KS as max |F_bad − F_good| over distinct thresholds, and AUC from all pairs, in plain JS. */
function reference(score: number[], bad: number[]) {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < score.length; i++) {
    if (!bad[i]) continue;
    for (let j = 0; j < score.length; j++) {
      if (bad[j]) continue;
      pairs++;
      // higher score = safer: a bad ranks riskier when its score is lower
      wins += score[i] < score[j] ? 1 : score[i] === score[j] ? 0.5 : 0;
    }
  }
  const bads = bad.filter(Boolean).length;
  const goods = bad.length - bads;
  let ks = 0;
  for (const t of new Set(score)) {
    const fb = score.filter((s, i) => bad[i] && s <= t).length / bads;
    const fg = score.filter((s, i) => !bad[i] && s <= t).length / goods;
    ks = Math.max(ks, Math.abs(fb - fg));
  }
  return { auc: wins / pairs, ks };
}

describe('scorecard development on German Credit', () => {
  it('splits reproducibly near the asked share', async () => {
    const counts = rows(await db.query(`SELECT _sample, count(*) AS n FROM model_base GROUP BY 1 ORDER BY 1`));
    expect(counts.map((c) => c._sample)).toEqual(['dev', 'val']);
    expect(Number(counts[0].n) / 1000).toBeGreaterThan(0.64);
    expect(Number(counts[0].n) / 1000).toBeLessThan(0.76);
  });

  it('gives the fitted score the AUC and KS that the driver metrics and a pairwise count give', async () => {
    const d = await developScorecard(db, {
      features: [],
      outcome: { kind: 'default' },
      split: { kind: 'random', seed: 7, devShare: 0.7 },
      attributes: ATTRIBUTES.map((column) => ({ column, binning: column === 'duration_in_month' ? { kind: 'monotonic', bins: 10 } : { kind: 'categorical' } })),
      scaling: DEFAULT_SCALING,
      name: 'German',
      fitter,
    });
    expect(d.fit.converged).toBe(true);
    expect(d.model.terms.every((t) => t.coefficient < 0)).toBe(true);
    const score = modelScoreSql(d.model);
    for (const [filters, figures] of [[DEV, d.model.dev], [VAL, d.model.val]] as const) {
      const drivers = await runMetric(db, discriminationQuery(score, { table: 'model_base', filters, outcome: equalsOutcome('creditability', 'bad'), higherIsRiskier: false }));
      expect(figures.auc).toBeCloseTo(drivers.auc!, 12);
      expect(figures.ks).toBeCloseTo(drivers.ks!, 12);
      const sample = filters === DEV ? 'dev' : 'val';
      const t = await db.query(`SELECT ${score.sql} AS s, _y FROM model_base WHERE _sample = '${sample}'`, score.params);
      const ref = reference(column(t, 's') as number[], column(t, '_y') as number[]);
      expect(Math.abs(figures.auc! - ref.auc)).toBeLessThan(1e-9);
      expect(Math.abs(figures.ks! - ref.ks)).toBeLessThan(1e-9);
      expect(figures.gini).toBeCloseTo(2 * ref.auc - 1, 9);
    }
    expect(d.model.dev.auc).toBeGreaterThan(0.75);
    expect(d.model.val.auc).toBeGreaterThan(0.7);
    // monotonic duration bins: the bad rate only rises with the duration
    const duration = d.tables.find((t) => t.attribute === 'duration_in_month')!.bins.filter((b) => b.key.kind === 'range');
    for (let i = 1; i < duration.length; i++) expect(duration[i].badRate).toBeGreaterThanOrEqual(duration[i - 1].badRate);
    // bands: 8 cuts from development quantiles, calibration in both samples
    expect(d.model.bandCuts).toHaveLength(7);
    expect(new Set(d.calibration.map((c) => c.sample))).toEqual(new Set(['dev', 'val']));
    const devLoans = Object.values(d.model.devBands).reduce((s, b) => s + b.loans, 0);
    expect(devLoans).toBe(d.model.dev.loans);
  });

  it('warns about collinearity and sign when an attribute is entered twice under two names', async () => {
    await db.exec(`CREATE OR REPLACE TABLE model_base AS SELECT *, credit_history AS credit_history_copy FROM model_base`);
    const d = await developScorecard(db, {
      features: [],
      outcome: { kind: 'default' },
      split: { kind: 'random', seed: 7, devShare: 0.7 },
      attributes: ['credit_history', 'credit_history_copy'].map((column) => ({ column, binning: { kind: 'categorical' } })),
      scaling: DEFAULT_SCALING,
      name: 'twice',
      fitter,
    });
    expect(d.fit.warnings.map((w) => w.kind)).toContain('collinearity');
  });

  it('IV on the development sample differs from IV on all loans', async () => {
    const all = await runMetric(db, ivRankingQuery([{ column: 'credit_history', binning: { kind: 'categorical' } }], { table: 'model_base', outcome: DEV_SOURCE.outcome }));
    const dev = await runMetric(db, ivRankingQuery([{ column: 'credit_history', binning: { kind: 'categorical' } }], DEV_SOURCE));
    expect(dev[0].count).toBeLessThan(all[0].count);
  });
});
