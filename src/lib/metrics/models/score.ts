import { rows } from '../../db/rows';
import { scalingConstants, woePointsTable, pointsScoreSql, type PointsTable, type ScorecardScaling } from '../../models/scorecard';
import type { Fragment } from '../../sql/quote';
import type { FilterSet } from '../../sql/filters';
import type { MetricQuery } from '../query';
import { booleanColumnOutcome } from '../drivers/outcome';
import { discriminationQuery, type Discrimination } from '../drivers/discrimination';
import { fromWhere, sqlNumber } from '../drivers/source';
import { MODEL_BASE } from './base';
import { BAND_COUNT, BAND_LABELS } from './spec';
import type { ScorecardModel } from './model';

export function pointsTableOf(model: Pick<ScorecardModel, 'intercept' | 'terms' | 'scaling'>): PointsTable {
  return woePointsTable(model, model.scaling);
}

/** The score of a row: base points + each attribute's points (higher = safer). */
export function modelScoreSql(model: Pick<ScorecardModel, 'intercept' | 'terms' | 'scaling'>): Fragment {
  return pointsScoreSql(pointsTableOf(model));
}

/** P(bad) that a score stands for: ln(odds) = (A − score) ÷ B. */
export function probabilitySql(scoreSql: string, scaling: ScorecardScaling): string {
  const { offset, factor } = scalingConstants(scaling);
  return `(1.0 / (1.0 + exp(-((${sqlNumber(offset)} - (${scoreSql})) / ${sqlNumber(factor)}))))`;
}

/** Band letter of a score: A at or above the highest cut … H below the lowest. */
export function bandSql(scoreSql: string, cuts: readonly number[]): string {
  if (cuts.length !== BAND_COUNT - 1) throw new Error(`Expected ${BAND_COUNT - 1} band cuts`);
  const whens = [...cuts]
    .reverse()
    .map((c, i) => `WHEN (${scoreSql}) >= ${sqlNumber(c)} THEN '${BAND_LABELS[i]}'`);
  return `CASE WHEN (${scoreSql}) IS NULL THEN NULL ${whens.join(' ')} ELSE '${BAND_LABELS[BAND_COUNT - 1]}' END`;
}

/** Score quantiles (1/8 … 7/8) of a sample: the band cuts. */
export function bandCutsQuery(score: Fragment, filters: FilterSet): MetricQuery<number[]> {
  const from = fromWhere({ table: MODEL_BASE, filters });
  const probabilities = Array.from({ length: BAND_COUNT - 1 }, (_, i) => sqlNumber((i + 1) / BAND_COUNT)).join(', ');
  return {
    needs: [],
    sql: `SELECT unnest(quantile_cont(s, [${probabilities}])) AS cut FROM (SELECT CAST((${score.sql}) AS DOUBLE) AS s ${from.sql}) WHERE s IS NOT NULL`,
    params: [...score.params, ...from.params],
    shape: (t) => rows(t).map((r) => Number(r.cut)),
  };
}

/** AUC, Gini, KS of the score (higher = safer) in one sample of `model_base`. */
export function sampleDiscriminationQuery(score: Fragment, filters: FilterSet): MetricQuery<Discrimination> {
  return discriminationQuery(score, { table: MODEL_BASE, filters, outcome: booleanColumnOutcome('_y'), higherIsRiskier: false });
}

export interface CalibrationRow {
  sample: 'dev' | 'val';
  band: string;
  loans: number;
  bads: number;
  observed: number;
  predicted: number;
  minScore: number;
  maxScore: number;
}

/** Predicted (mean P(bad) of the scores) vs observed bad rate per band and sample. */
export function calibrationQuery(model: Pick<ScorecardModel, 'intercept' | 'terms' | 'scaling'>, cuts: readonly number[]): MetricQuery<CalibrationRow[]> {
  const score = modelScoreSql(model);
  return {
    needs: [],
    sql: `WITH s AS (SELECT _sample, _y, ${score.sql} AS score FROM ${MODEL_BASE} WHERE _y IS NOT NULL)
SELECT _sample AS sample, ${bandSql('score', cuts)} AS band, count(*) AS loans, sum(_y) AS bads, avg(_y) AS observed,
  avg(${probabilitySql('score', model.scaling)}) AS predicted, min(score) AS min_score, max(score) AS max_score
FROM s GROUP BY ALL ORDER BY sample, band`,
    params: score.params,
    shape: (t) =>
      rows(t).map((r) => ({
        sample: r.sample as 'dev' | 'val',
        band: String(r.band),
        loans: Number(r.loans),
        bads: Number(r.bads),
        observed: Number(r.observed),
        predicted: Number(r.predicted),
        minScore: Number(r.min_score),
        maxScore: Number(r.max_score),
      })),
  };
}
