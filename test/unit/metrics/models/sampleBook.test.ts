import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../../src/lib/db/types';
import { rows, scalar } from '../../../../src/lib/db/rows';
import { runMetric } from '../../../../src/lib/metrics/query';
import { ivRankingQuery } from '../../../../src/lib/metrics/drivers';
import { FLAG_RULES, selectRules } from '../../../../src/lib/metrics/flags';
import { DEFAULT_SCALING, fitLogistic } from '../../../../src/lib/models';
import {
  DEV_SOURCE,
  applyModelStatements,
  availableFeatureSpecs,
  bandSummaryQuery,
  bandVintageQuery,
  developScorecard,
  modelBaseSql,
  modelSqlText,
  realisedLgdQuery,
  stressQuery,
  rankModelCandidates,
  vintageStability,
  warningListQuery,
  warningRules,
  type Development,
} from '../../../../src/lib/metrics/models';
import { openSampleBook } from '../cases/sampleBook';

/** Each planted driver (data-samples/README.md), as a raw column or as the red flag that reads it. */
const PLANTED = [
  ['flag_no_timely_inspection'],
  ['has_financial_statements', 'flag_missing_financials'],
  ['relationship_months', 'flag_new_to_bank'],
  ['officer_tenure_months', 'flag_new_officer'],
  ['officer_training_hours', 'flag_untrained_officer'],
];

let db: Db;
let mapped: Set<string>;
let development: Development;
beforeAll(async () => {
  const opened = await openSampleBook();
  db = opened.db;
  mapped = new Set(opened.shape.mapped);
  const features = availableFeatureSpecs(mapped);
  const split = { kind: 'random' as const, seed: 42, devShare: 0.7 };
  const base = modelBaseSql(features, { kind: 'default' }, split, true);
  await db.exec(base.sql, base.params);
  const { ranked, suggestion } = await rankModelCandidates(db, mapped, { bins: 10 });
  const candidates = ranked.map((r) => r.attribute);
  development = await developScorecard(db, {
    features,
    outcome: { kind: 'default' },
    split,
    attributes: suggestion.picked.map((column) => ({ column, binning: candidates.find((c) => c.column === column)!.numeric ? { kind: 'monotonic', bins: 10 } : { kind: 'categorical' } })),
    scaling: DEFAULT_SCALING,
    name: 'Bank A',
    fitter: async (x, y, names) => fitLogistic(x, y, { names }),
  });
}, 120_000);
afterAll(async () => db.close());

describe('a scorecard on the sample Bank A book', () => {
  it('picks the planted drivers and validates out of sample', () => {
    const columns = development.model.terms.map((t) => t.column);
    // every planted driver enters the model through one of its forms, clearly significant
    for (const forms of PLANTED) expect(development.model.terms.some((t) => forms.includes(t.column) && t.pValue < 0.001), forms.join(' / ')).toBe(true);
    // the strongest attributes (by IV) are the bank's pricing and then the planted drivers
    expect(columns.slice(1, 5)).toEqual(['flag_no_timely_inspection', 'has_financial_statements', 'relationship_months', 'officer_tenure_months']);
    expect(development.model.dev.auc).toBeGreaterThan(0.75);
    expect(development.model.val.auc).toBeGreaterThan(0.75);
    expect(development.model.val.ks).toBeGreaterThan(0.35);
    console.info('sample scorecard', JSON.stringify({ dev: development.model.dev, val: development.model.val, terms: columns }));
  });

  it('applies the model as score and band, riskier bands defaulting more', async () => {
    for (const s of applyModelStatements(development.model)) await db.exec(s.sql, s.params);
    expect(await scalar(db, 'SELECT count(*) FROM model_scores')).toBe(20000);
    const bands = await runMetric(db, bandSummaryQuery([], ''));
    expect(bands.map((b) => b.band)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H']);
    expect(bands[7].defaultRate!).toBeGreaterThan(4 * bands[0].defaultRate!);
    const grid = await runMetric(db, bandVintageQuery([], ''));
    const stability = vintageStability(development.model, grid);
    expect(stability.map((s) => s.vintage)).toEqual([2021, 2022, 2023, 2024, 2025]);
    console.info('vintage PSI', stability.map((s) => [s.vintage, s.psi.psi.toFixed(3), s.defaultRate.toFixed(4)]).join(' '));
    expect(stability.every((s) => Number.isFinite(s.psi.psi))).toBe(true);
    // the exported SQL scores every loan as the app does
    const text = modelSqlText(development.model);
    const diff = await scalar(db, `SELECT max(abs(a.score - b.score)) FROM (${text.replace(/;\s*$/, '').replace(/^--.*$/gm, '')}) a JOIN model_scores b USING (loan_id)`);
    expect(Number(diff)).toBeLessThan(1e-9);
  });

  it('lists performing loans, worst band first, with reasons and flags', async () => {
    const rules = warningRules(selectRules(FLAG_RULES, mapped).active);
    const list = await runMetric(db, warningListQuery(development.model, rules, { limit: 50 }));
    expect(list.total).toBeGreaterThan(5000);
    expect(list.loans).toHaveLength(50);
    expect(list.loans[0].band).toBe('H');
    expect(list.loans.every((l) => l.balance > 0 && l.reasons.length > 0)).toBe(true);
    expect(list.loans.some((l) => l.flags.includes('no_timely_inspection'))).toBe(true);
    const ids = list.loans.map((l) => `'${l.loanId}'`).join(',');
    const status = rows(await db.query(`SELECT count(*) FILTER (WHERE default_flag OR five_class >= 3 OR dpd > 90) AS bad FROM loans WHERE loan_id IN (${ids})`));
    expect(Number(status[0].bad)).toBe(0);
  });

  it('runs a construction-downturn scenario on the book with the band PDs', async () => {
    const lgd = await runMetric(db, realisedLgdQuery());
    expect(lgd.lgd!).toBeGreaterThan(0.5);
    expect(lgd.lgd!).toBeLessThan(0.65);
    const bandPd = Object.fromEntries(Object.entries(development.model.devBands).map(([b, c]) => [b, c.bads / c.loans]));
    const result = await runMetric(
      db,
      stressQuery(
        { pdSource: 'band', lgd: lgd.lgd!, segment: 'industry', bandPd },
        { id: 's', name: 'E ×2', pdShocks: [{ dimension: 'industry', value: 'E', multiplier: 2 }], lgdAddOn: 0, collateralHaircut: 0 },
      ),
    );
    const live = Number(await scalar(db, 'SELECT sum(balance) FROM loans WHERE balance > 0'));
    expect(Math.abs(result.total.ead - live)).toBeLessThan(1);
    const e = result.rows.find((r) => r.segment === 'E')!;
    const others = result.rows.filter((r) => r.segment !== 'E');
    expect(e.stages[1]).toBeGreaterThan(e.stages[0]);
    for (const r of others) expect(r.stages[1]).toBeCloseTo(r.stages[0], 6);
  });
});
