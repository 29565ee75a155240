import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../src/lib/db/node';
import type { Db } from '../../../src/lib/db/types';
import { rows, column } from '../../../src/lib/db/rows';
import { joinFragments } from '../../../src/lib/sql/quote';
import { runMetric } from '../../../src/lib/metrics/query';
import { discriminationQuery, equalsOutcome, woeQuery, type WoeTable } from '../../../src/lib/metrics/drivers';
import {
  DEFAULT_SCALING,
  designMatrix,
  fitLogistic,
  linearPredictor,
  pointsScoreSql,
  scalingConstants,
  scoreFromLogOdds,
  woeModelFromFit,
  woePointsTable,
  woeValueSql,
} from '../../../src/lib/models';
import { loadGermanCredit } from '../metrics/drivers/germanCredit';

const ATTRIBUTES = ['status_of_existing_checking_account', 'credit_history', 'savings_account_and_bonds'];
const bad = equalsOutcome('creditability', 'bad');

let db: Db;
let tables: WoeTable[];
beforeAll(async () => {
  db = await openNodeDb();
  await loadGermanCredit(db);
  tables = [];
  for (const a of ATTRIBUTES) tables.push(await runMetric(db, woeQuery({ column: a, binning: { kind: 'categorical' } }, { table: 'german', outcome: bad })));
});
afterAll(async () => db.close());

describe('scorecard scaling', () => {
  it('scores the base odds at the base score and adds PDO when the good:bad odds double', () => {
    const { factor, offset } = scalingConstants(DEFAULT_SCALING);
    expect(factor).toBeCloseTo(20 / Math.LN2, 12);
    expect(offset).toBeCloseTo(600 - (20 / Math.LN2) * Math.log(50), 12);
    expect(scoreFromLogOdds(Math.log(1 / 50))).toBeCloseTo(600, 10);
    expect(scoreFromLogOdds(Math.log(1 / 100))).toBeCloseTo(620, 10);
  });

  it('gives −B·coefficient·WoE points per bin and A − B·intercept as base', () => {
    const model = { intercept: 0.5, terms: [{ column: 'c', coefficient: -1, bins: [{ key: { kind: 'value' as const, value: 'x' }, woe: 0.2 }, { key: { kind: 'missing' as const }, woe: null }] }] };
    const t = woePointsTable(model);
    const B = 20 / Math.LN2;
    expect(t.basePoints).toBeCloseTo(scalingConstants().offset - B * 0.5, 12);
    expect(t.rows.map((r) => [r.label, r.points])).toEqual([
      ['x', 0.2 * B],
      ['missing', 0],
    ]);
    const spread = woePointsTable(model, DEFAULT_SCALING, { spreadBase: true, round: true });
    expect(spread.basePoints).toBe(0);
    expect(spread.rows[0].points).toBe(Math.round(0.2 * B + t.basePoints));
  });
});

describe('a WoE scorecard on German Credit', () => {
  it('turns the fitted WoE model into points whose SQL total equals A − B·ln(odds)', async () => {
    const woeColumns = tables.map(woeValueSql);
    const select = joinFragments(woeColumns.map((f, j) => ({ sql: `${f.sql} AS w${j}`, params: f.params })), ', ');
    const data = rows(await db.query(`SELECT ${select.sql}, CAST(creditability = 'bad' AS INTEGER) AS bad FROM german ORDER BY rowid`, select.params));
    const design = designMatrix(data, ['w0', 'w1', 'w2'], 'bad');
    const fit = fitLogistic(design.x, design.y);
    expect(fit.converged).toBe(true);
    // WoE is ln(%good ÷ %bad): higher WoE, fewer bads, so each coefficient is negative (≈ −1)
    expect(fit.coefficients.slice(1).every((b) => b < 0)).toBe(true);

    const points = woePointsTable(woeModelFromFit(fit, tables));
    expect(points.rows).toHaveLength(tables.reduce((s, t) => s + t.bins.length, 0));
    const score = pointsScoreSql(points);
    const sqlScores = column(await db.query(`SELECT ${score.sql} AS score FROM german ORDER BY rowid`, score.params), 'score') as number[];
    const expected = design.x.map((row) => scoreFromLogOdds(linearPredictor(row, fit.coefficients)));
    const worst = Math.max(...sqlScores.map((s, i) => Math.abs(s - expected[i])));
    expect(worst).toBeLessThan(1e-9);

    const source = { table: 'german', outcome: bad };
    const aucOfPoints = (await runMetric(db, discriminationQuery(score, { ...source, higherIsRiskier: false }))).auc!;
    const etaSql = joinFragments(
      [{ sql: String(fit.coefficients[0]), params: [] }, ...woeColumns.map((f, j) => ({ sql: `${fit.coefficients[j + 1]} * ${f.sql}`, params: f.params }))],
      ' + ',
    );
    const aucOfEta = (await runMetric(db, discriminationQuery(etaSql, source))).auc!;
    expect(aucOfPoints).toBeCloseTo(aucOfEta, 12);
    expect(aucOfPoints).toBeGreaterThan(0.7);
  });
});
