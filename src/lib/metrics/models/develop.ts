import type { Db } from '../../db/types';
import type { LogisticFit } from '../../models/logistic';
import type { ScorecardScaling } from '../../models/scorecard';
import { woeValueSql } from '../../models/scorecard';
import { joinFragments } from '../../sql/quote';
import { runMetric } from '../query';
import { booleanColumnOutcome } from '../drivers/outcome';
import { ivRankingQuery, type WoeTable } from '../drivers/woe';
import type { Binning } from '../drivers/binning';
import type { FilterSet } from '../../sql/filters';
import { DEV, MODEL_BASE, VAL } from './base';
import type { FeatureSpec } from './features';
import { monotonicCuts } from './monotonic';
import { bandCutsQuery, calibrationQuery, modelScoreSql, sampleDiscriminationQuery, type CalibrationRow } from './score';
import { BAND_LABELS, MIN_BIN_LOANS, type BinningChoice, type OutcomeSpec, type SplitSpec } from './spec';
import type { ScorecardModel, SampleFigures } from './model';

export const DEV_SOURCE = { table: MODEL_BASE, filters: DEV, outcome: booleanColumnOutcome('_y') };

/** Fits y on the row-major design (intercept column first); the app runs it in a worker. */
export type Fitter = (x: Float64Array[], y: Float64Array, names: string[]) => Promise<LogisticFit>;

export interface AttributeChoice {
  column: string;
  binning: BinningChoice;
}

/** A binning the SQL understands; monotonic bins become the cut points they merge to. */
export async function resolveBinning(db: Db, column: string, choice: BinningChoice): Promise<Binning> {
  if (choice.kind !== 'monotonic') return choice;
  const fine = await runMetric(db, ivRankingQuery([{ column, binning: { kind: 'quantile', bins: choice.bins } }], DEV_SOURCE));
  const table = fine[0];
  const minLoans = Math.max(MIN_BIN_LOANS, Math.round(table.count * 0.02));
  return { kind: 'cuts', cuts: monotonicCuts(table.bins, minLoans) };
}

export type DevelopmentWarning =
  | { kind: 'small_bin'; column: string; bin: string; loans: number }
  | { kind: 'zero_cell'; column: string; bin: string }
  | { kind: 'sign'; column: string }
  | { kind: 'insignificant'; column: string; pValue: number };

export interface Development {
  model: ScorecardModel;
  fit: LogisticFit;
  tables: WoeTable[];
  calibration: CalibrationRow[];
  warnings: DevelopmentWarning[];
}

export interface DevelopmentInput {
  features: FeatureSpec[];
  outcome: OutcomeSpec;
  split: SplitSpec;
  attributes: AttributeChoice[];
  scaling: ScorecardScaling;
  name: string;
  fitter: Fitter;
  signal?: AbortSignal;
}

/**
 * Develops a WoE scorecard on `model_base` (built beforehand with modelBaseSql): WoE bins on the
 * development sample, logistic regression of bad on the WoE values, scaling to points, rating
 * bands at development score quantiles, and AUC / Gini / KS on both samples.
 */
export async function developScorecard(db: Db, input: DevelopmentInput): Promise<Development> {
  if (!input.attributes.length) throw new Error('Choose at least one attribute');
  const options = { signal: input.signal };
  const binnings: { column: string; binning: Binning; choice: BinningChoice }[] = [];
  for (const a of input.attributes) binnings.push({ column: a.column, binning: await resolveBinning(db, a.column, a.binning), choice: a.binning });
  const ranked = await runMetric(db, ivRankingQuery(binnings, DEV_SOURCE), options);
  const tables = binnings.map((b) => ranked.find((t) => t.attribute === b.column)!);

  const woeColumns = tables.map((t, j) => {
    const f = woeValueSql(t);
    return { sql: `${f.sql} AS w${j}`, params: f.params };
  });
  const select = joinFragments(woeColumns, ', ');
  const data = await db.query(`SELECT ${select.sql}, CAST(_y AS DOUBLE) AS y FROM ${MODEL_BASE} WHERE _sample = 'dev' AND _y IS NOT NULL`, select.params, options);
  const columns = tables.map((_, j) => data.getChild(`w${j}`)!.toArray() as Float64Array);
  const y = Float64Array.from(data.getChild('y')!.toArray() as Float64Array);
  const x = Array.from({ length: y.length }, (_, i) => Float64Array.from([1, ...columns.map((c) => c[i])]));
  const fit = await input.fitter(x, y, ['(intercept)', ...tables.map((t) => t.attribute)]);

  const terms = tables.map((t, j) => ({
    column: t.attribute,
    coefficient: fit.coefficients[j + 1],
    standardError: fit.standardErrors[j + 1],
    pValue: fit.pValues[j + 1],
    iv: t.iv,
    binning: frozenBinning(binnings[j].binning),
    bins: t.bins.map((b) => ({ key: b.key, woe: b.woe, count: b.count, bads: b.bads })),
  }));
  const partial = { intercept: fit.coefficients[0], terms, scaling: input.scaling };
  const score = modelScoreSql(partial);
  const bandCuts = await runMetric(db, bandCutsQuery(score, DEV), options);
  const calibration = await runMetric(db, calibrationQuery(partial, bandCuts), options);
  const figures = async (filters: FilterSet): Promise<SampleFigures> => {
    const d = await runMetric(db, sampleDiscriminationQuery(score, filters), options);
    return { auc: d.auc, gini: d.gini, ks: d.ks, loans: d.bads + d.goods, bads: d.bads };
  };
  const devBands = Object.fromEntries(
    BAND_LABELS.map((band) => {
      const r = calibration.find((c) => c.sample === 'dev' && c.band === band);
      return [band, { loans: r?.loans ?? 0, bads: r?.bads ?? 0 }];
    }),
  );
  const usedFeatures = input.features.filter((f) => terms.some((t) => t.column === f.name));
  const model: ScorecardModel = {
    id: `model-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`,
    name: input.name,
    created: new Date().toISOString(),
    outcome: input.outcome,
    split: input.split,
    scaling: input.scaling,
    features: usedFeatures,
    intercept: fit.coefficients[0],
    interceptError: fit.standardErrors[0],
    terms,
    bandCuts,
    devBands,
    dev: await figures(DEV),
    val: await figures(VAL),
  };
  return { model, fit, tables, calibration, warnings: developmentWarnings(tables, fit) };
}

/** The binning as applied: monotonic bins are kept as the cut points they merged to. */
function frozenBinning(b: Binning): BinningChoice {
  if (b.kind === 'cuts') return { kind: 'cuts', cuts: [...b.cuts] };
  if (b.kind === 'categorical') return b.groups ? { kind: 'categorical', groups: b.groups.map((g) => [...g]) } : { kind: 'categorical' };
  return b;
}

/** Bins too small to trust, zero cells, coefficients whose sign contradicts the WoE (a collinearity symptom) or that add nothing (p > 0.05). */
export function developmentWarnings(tables: readonly WoeTable[], fit: LogisticFit): DevelopmentWarning[] {
  const out: DevelopmentWarning[] = [];
  tables.forEach((t, j) => {
    for (const b of t.bins) {
      if (b.count < MIN_BIN_LOANS) out.push({ kind: 'small_bin', column: t.attribute, bin: b.label, loans: b.count });
      else if (b.zeroCell) out.push({ kind: 'zero_cell', column: t.attribute, bin: b.label });
    }
    // WoE = ln(%good ÷ %bad): a model of bad should weigh it negatively.
    if (fit.coefficients[j + 1] > 0) out.push({ kind: 'sign', column: t.attribute });
    else if (fit.pValues[j + 1] > 0.05) out.push({ kind: 'insignificant', column: t.attribute, pValue: fit.pValues[j + 1] });
  });
  return out;
}

