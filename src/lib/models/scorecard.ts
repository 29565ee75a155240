import { ident, type Fragment } from '../sql/quote';
import type { SqlParam } from '../db/types';
import { binConditionSql, binLabel, type BinKey } from '../metrics/drivers/binning';
import type { WoeTable } from '../metrics/drivers/woe';
import type { LogisticFit } from './logistic';

/**
 * Scorecard scaling: score = A − B·ln(odds), odds = bad:good (the odds a logistic model of
 * "bad" predicts), B = PDO ÷ ln 2. `baseOdds` is stated the usual way, as good:bad (50 means
 * 50 goods per bad), and scores `baseScore` there; every PDO points the good:bad odds double.
 */
export interface ScorecardScaling {
  baseScore: number;
  baseOdds: number;
  pdo: number;
}

export const DEFAULT_SCALING: ScorecardScaling = { baseScore: 600, baseOdds: 50, pdo: 20 };

export interface ScalingConstants {
  /** A. */
  offset: number;
  /** B = PDO ÷ ln 2. */
  factor: number;
}

export function scalingConstants(s: ScorecardScaling = DEFAULT_SCALING): ScalingConstants {
  if (!(s.pdo > 0) || !(s.baseOdds > 0)) throw new Error('PDO and base odds must be positive');
  const factor = s.pdo / Math.LN2;
  return { factor, offset: s.baseScore - factor * Math.log(s.baseOdds) };
}

/** Score of a bad:good log-odds (a logistic model's linear predictor). */
export function scoreFromLogOdds(logOdds: number, s: ScorecardScaling = DEFAULT_SCALING): number {
  const { offset, factor } = scalingConstants(s);
  return offset - factor * logOdds;
}

export function scoreFromProbability(pBad: number, s: ScorecardScaling = DEFAULT_SCALING): number {
  return scoreFromLogOdds(Math.log(pBad / (1 - pBad)), s);
}

/** A logistic model of bad on WoE-transformed attributes: ln(odds) = intercept + Σ coefficient·WoE. */
export interface WoeModel {
  intercept: number;
  terms: readonly WoeModelTerm[];
}

export interface WoeModelTerm {
  column: string;
  coefficient: number;
  /** Bins with their WoE; a null WoE (skipped zero cell) and unseen values count as WoE 0. */
  bins: readonly { key: BinKey; woe: number | null }[];
}

/**
 * A WoE model from a fit whose design was [intercept, WoE of tables[0], WoE of tables[1], …]
 * (e.g. built with `woeValueSql` for each table).
 */
export function woeModelFromFit(fit: LogisticFit, tables: readonly WoeTable[]): WoeModel {
  if (fit.coefficients.length !== tables.length + 1) throw new Error(`Expected ${tables.length + 1} coefficients (intercept first)`);
  return {
    intercept: fit.coefficients[0],
    terms: tables.map((t, j) => ({ column: t.attribute, coefficient: fit.coefficients[j + 1], bins: t.bins })),
  };
}

export interface PointsRow {
  column: string;
  key: BinKey;
  label: string;
  woe: number | null;
  points: number;
}

export interface PointsTable {
  scaling: ScorecardScaling;
  constants: ScalingConstants;
  /** A − B·intercept, or 0 when spread over the attributes. */
  basePoints: number;
  rows: PointsRow[];
  /** Points of a value not seen in any bin (its WoE taken as 0), per attribute. */
  otherPoints: Record<string, number>;
}

export interface PointsOptions {
  /** Spread the base points evenly over the attributes instead of showing them apart. */
  spreadBase?: boolean;
  /** Round points to whole numbers (the score then differs from A − B·ln(odds) by rounding). */
  round?: boolean;
}

/** Points per bin: −B·coefficient·WoE (+ (A − B·intercept) ÷ k when the base is spread). */
export function woePointsTable(model: WoeModel, scaling: ScorecardScaling = DEFAULT_SCALING, options: PointsOptions = {}): PointsTable {
  const constants = scalingConstants(scaling);
  const base = constants.offset - constants.factor * model.intercept;
  const k = model.terms.length;
  const share = options.spreadBase && k > 0 ? base / k : 0;
  const finish = (v: number) => (options.round ? Math.round(v) : v);
  const pointsFor = (coefficient: number, woe: number | null) => finish(-constants.factor * coefficient * (woe ?? 0) + share);
  return {
    scaling,
    constants,
    basePoints: options.spreadBase && k > 0 ? 0 : finish(base),
    rows: model.terms.flatMap((t) =>
      t.bins.map((b) => ({ column: t.column, key: b.key, label: binLabel(b.key), woe: b.woe, points: pointsFor(t.coefficient, b.woe) })),
    ),
    otherPoints: Object.fromEntries(model.terms.map((t) => [t.column, pointsFor(t.coefficient, 0)])),
  };
}

/** `CASE WHEN <column in bin> THEN value … ELSE otherwise END` for one attribute. */
export function binCaseSql(column: string, bins: readonly { key: BinKey; value: number }[], otherwise: number): Fragment {
  const col = ident(column);
  const params: SqlParam[] = [];
  const whens = bins.map((b) => {
    const condition = binConditionSql(col, b.key);
    params.push(...condition.params);
    return `WHEN ${condition.sql} THEN ${numberLiteral(b.value)}`;
  });
  return { sql: `CASE ${whens.join(' ')} ELSE ${numberLiteral(otherwise)} END`, params };
}

/** SQL giving each row its WoE in a table (unseen values 0): a design column for a WoE model. */
export function woeValueSql(table: WoeTable): Fragment {
  return binCaseSql(table.attribute, table.bins.map((b) => ({ key: b.key, value: b.woe ?? 0 })), 0);
}

/** SQL of the total score: base points + one CASE per attribute. */
export function pointsScoreSql(table: PointsTable): Fragment {
  const columns = [...new Set(table.rows.map((r) => r.column))];
  const cases = columns.map((c) =>
    binCaseSql(c, table.rows.filter((r) => r.column === c).map((r) => ({ key: r.key, value: r.points })), table.otherPoints[c]),
  );
  return {
    sql: `(${[numberLiteral(table.basePoints), ...cases.map((c) => c.sql)].join(' + ')})`,
    params: cases.flatMap((c) => c.params),
  };
}

function numberLiteral(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`Not a finite number: ${v}`);
  return `CAST(${String(v)} AS DOUBLE)`;
}
