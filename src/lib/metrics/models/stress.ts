import { rows } from '../../db/rows';
import type { SqlParam } from '../../db/types';
import { ident } from '../../sql/quote';
import { whereClause, type FilterSet } from '../../sql/filters';
import type { MetricQuery } from '../query';
import { sqlNumber } from '../drivers/source';
import { MODEL_SCORES } from './apply';

/** Dimensions a scenario shocks and results break down by; `band` needs an applied model. */
export const STRESS_DIMENSIONS = ['industry', 'region', 'enterprise_size', 'branch', 'product', 'band'] as const;
export type StressDimension = (typeof STRESS_DIMENSIONS)[number];

export interface PdShock {
  dimension: StressDimension;
  value: string;
  /** PD × multiplier (capped at 1) for loans in that segment; shocks on several dimensions multiply. */
  multiplier: number;
}

export interface Scenario {
  id: string;
  name: string;
  pdShocks: PdShock[];
  /** Added to every loan's LGD (0.10 = +10 pp), capped at 100 %. */
  lgdAddOn: number;
  /** Share by which collateral recoveries fall: secured LGD = 1 − (1 − LGD)·(1 − haircut). */
  collateralHaircut: number;
}

/**
 * Baseline PD of a performing loan: its own `pd` (rating master scale), the observed default rate
 * of its segment in the book, or the development bad rate of its score band. Loans already
 * non-performing (NPL class or over 90 DPD) have PD 1.
 */
export type PdSource = 'loan' | 'segment' | 'band';

export interface StressBaseline {
  pdSource: PdSource;
  /** LGD of every loan before shocks (e.g. the realised LGD of charged-off loans). */
  lgd: number;
  /** Results by this dimension. */
  segment: StressDimension;
  /** Band → PD, for pdSource 'band'. */
  bandPd?: Readonly<Record<string, number>>;
}

export interface StressRow {
  segment: string | null;
  loans: number;
  /** Exposure at default: outstanding balance. */
  ead: number;
  reserves: number;
  /** Balance of loans already non-performing. */
  nplBalance: number;
  /** Σ PD·EAD over performing loans: balance expected to turn non-performing. */
  basePdEad: number;
  stressedPdEad: number;
  /** EL after each step: baseline, each PD shock in turn, collateral haircut, LGD add-on (= stressed). */
  stages: number[];
}

export interface StressFigures {
  baseEl: number;
  stressedEl: number;
  /** (NPL balance + Σ PD·EAD) ÷ EAD. */
  baseNplRatio: number | null;
  stressedNplRatio: number | null;
  /** EL − reserves: positive = reserves fall short. */
  baseShortfall: number;
  stressedShortfall: number;
}

export function stressFigures(r: StressRow): StressFigures {
  const ratio = (x: number) => (r.ead > 0 ? (r.nplBalance + x) / r.ead : null);
  const baseEl = r.stages[0];
  const stressedEl = r.stages[r.stages.length - 1];
  return {
    baseEl,
    stressedEl,
    baseNplRatio: ratio(r.basePdEad),
    stressedNplRatio: ratio(r.stressedPdEad),
    baseShortfall: baseEl - r.reserves,
    stressedShortfall: stressedEl - r.reserves,
  };
}

export interface StressResult {
  rows: StressRow[];
  total: StressRow;
}

const NON_PERFORMING = '(coalesce(is_npl, FALSE) OR coalesce(dpd, 0) > 90)';
const SECURED = "(collateral_value > 0 AND coalesce(lower(collateral_type), '') <> 'none')";

function dimensionSql(d: StressDimension): string {
  if (!STRESS_DIMENSIONS.includes(d)) throw new Error(`Unknown stress dimension ${String(d)}`);
  return d === 'band' ? 'band' : `CAST(${ident(d)} AS VARCHAR)`;
}

const finite = (x: number, what: string) => {
  if (!Number.isFinite(x)) throw new Error(`${what} must be a number`);
  return x;
};
const fraction = (x: number, what: string) => Math.min(1, Math.max(0, finite(x, what)));

/** Whether the baseline or scenario reads the score band of the applied model. */
export function stressNeedsBand(baseline: StressBaseline, scenario: Scenario): boolean {
  return baseline.pdSource === 'band' || baseline.segment === 'band' || scenario.pdShocks.some((s) => s.dimension === 'band');
}

/**
 * Expected loss EL = PD × LGD × EAD per live loan (balance > 0), baseline and stressed, by segment.
 * Stages apply the PD shocks one at a time, then the collateral haircut, then the LGD add-on, so
 * the waterfall from baseline to stressed EL adds up exactly.
 */
export function stressQuery(baseline: StressBaseline, scenario: Scenario, filters: FilterSet = [], tag = ''): MetricQuery<StressResult> {
  const params: SqlParam[] = [];
  const withBand = stressNeedsBand(baseline, scenario);
  const where = whereClause(filters);
  const segment = dimensionSql(baseline.segment);

  let pd0: string;
  if (baseline.pdSource === 'loan') pd0 = 'coalesce(pd, segment_rate)';
  else if (baseline.pdSource === 'segment') pd0 = 'segment_rate';
  else {
    const entries = Object.entries(baseline.bandPd ?? {});
    if (!entries.length) throw new Error('Band PDs are needed for a band baseline');
    pd0 = `CASE ${entries.map(([band, p]) => (params.push(band, fraction(p, 'Band PD')), 'WHEN band = ? THEN ?')).join(' ')} END`;
  }
  const pdParams = [...params];
  params.length = 0;

  const multipliers = scenario.pdShocks.map((s) => {
    params.push(s.value, Math.max(0, finite(s.multiplier, 'A PD multiplier')));
    return `CASE WHEN ${dimensionSql(s.dimension)} = ? THEN ? ELSE 1 END`;
  });
  const shockParams = [...params];
  const lgd = sqlNumber(fraction(baseline.lgd, 'LGD'));
  const haircut = sqlNumber(fraction(scenario.collateralHaircut, 'The collateral haircut'));
  const addOn = sqlNumber(finite(scenario.lgdAddOn, 'The LGD add-on'));

  const pdStages = ['pd0', ...multipliers.map((_, k) => `pd${k + 1}`)];
  // Each stage reads the previous one (DuckDB lets a SELECT list reuse its own aliases).
  const pdColumns = multipliers.map((m, k) => `CASE WHEN npl THEN 1.0 ELSE least(1.0, pd${k} * (${m})) END AS pd${k + 1}`);
  const lastPd = pdStages[pdStages.length - 1];
  const stageSums = [
    ...pdStages.map((p) => `sum(${p} * ${lgd} * ead)`),
    `sum(${lastPd} * lgd_haircut * ead)`,
    `sum(${lastPd} * lgd_stressed * ead)`,
  ];

  const sql = `${tag}WITH src AS (
  SELECT f.*${withBand ? ', s.band' : ', CAST(NULL AS VARCHAR) AS band'} FROM loan_facts f${withBand ? ` LEFT JOIN ${MODEL_SCORES} s ON s.loan_id = f.loan_id` : ''}
  ${where.sql}),
rated AS (
  SELECT *, ${segment} AS segment, avg(CAST(is_defaulted AS DOUBLE)) OVER (PARTITION BY ${segment}) AS segment_rate FROM src),
live AS (
  SELECT segment, balance AS ead, coalesce(reserve, 0) AS reserve, ${NON_PERFORMING} AS npl,
    CASE WHEN ${NON_PERFORMING} THEN 1.0 ELSE least(1.0, greatest(0.0, coalesce(CAST(${pd0} AS DOUBLE), 0))) END AS pd0,
    CASE WHEN ${SECURED} THEN 1 - (1 - ${lgd}) * (1 - ${haircut}) ELSE ${lgd} END AS lgd_haircut,
    industry, region, enterprise_size, branch, product, band
  FROM rated WHERE balance > 0),
shocked AS (SELECT *${pdColumns.map((c) => `, ${c}`).join('')} FROM live),
final AS (SELECT *, least(1.0, greatest(0.0, lgd_haircut + ${addOn})) AS lgd_stressed FROM shocked)
SELECT segment, count(*) AS loans, sum(ead) AS ead, sum(reserve) AS reserves,
  coalesce(sum(ead) FILTER (WHERE npl), 0) AS npl_balance,
  coalesce(sum(pd0 * ead) FILTER (WHERE NOT npl), 0) AS base_pd_ead,
  coalesce(sum(${lastPd} * ead) FILTER (WHERE NOT npl), 0) AS stressed_pd_ead,
  [${stageSums.join(', ')}] AS stages
FROM final GROUP BY segment ORDER BY sum(ead) DESC`;
  return {
    needs: ['balance'],
    sql,
    params: [...where.params, ...pdParams, ...shockParams],
    shape: (t) => {
      const list = rows(t).map(
        (r): StressRow => ({
          segment: r.segment as string | null,
          loans: Number(r.loans),
          ead: Number(r.ead),
          reserves: Number(r.reserves),
          nplBalance: Number(r.npl_balance),
          basePdEad: Number(r.base_pd_ead),
          stressedPdEad: Number(r.stressed_pd_ead),
          stages: (JSON.parse(String(r.stages)) as number[]).map(Number),
        }),
      );
      return { rows: list, total: sumRows(list) };
    },
  };
}

function sumRows(list: readonly StressRow[]): StressRow {
  const stages = list[0]?.stages.map((_, i) => list.reduce((s, r) => s + r.stages[i], 0)) ?? [];
  const sum = (f: (r: StressRow) => number) => list.reduce((s, r) => s + f(r), 0);
  return {
    segment: null,
    loans: sum((r) => r.loans),
    ead: sum((r) => r.ead),
    reserves: sum((r) => r.reserves),
    nplBalance: sum((r) => r.nplBalance),
    basePdEad: sum((r) => r.basePdEad),
    stressedPdEad: sum((r) => r.stressedPdEad),
    stages,
  };
}

export interface RealisedLgd {
  lgd: number | null;
  loans: number;
}

/** Realised LGD of charged-off loans: 1 − Σ recoveries ÷ Σ charge-off amounts (exposure at charge-off). */
export function realisedLgdQuery(filters: FilterSet = []): MetricQuery<RealisedLgd> {
  const where = whereClause(filters);
  return {
    needs: ['chargeoff_amount', 'recovery_amount'],
    sql: `SELECT 1 - coalesce(sum(recovery_amount), 0) / nullif(sum(chargeoff_amount), 0) AS lgd, count(*) AS loans
FROM loan_facts ${where.sql ? `${where.sql} AND` : 'WHERE'} chargeoff_amount > 0`,
    params: where.params,
    shape: (t) => {
      const r = rows(t)[0];
      return { lgd: (r?.lgd as number | null) ?? null, loans: Number(r?.loans ?? 0) };
    },
  };
}

/** Values of a dimension among live loans, largest balance first: the choices for a PD shock. */
export function dimensionValuesQuery(dimension: StressDimension, tag = ''): MetricQuery<string[]> {
  const withBand = dimension === 'band';
  return {
    needs: [],
    sql: `${tag}SELECT ${dimensionSql(dimension)} AS v FROM loan_facts f${withBand ? ` JOIN ${MODEL_SCORES} s ON s.loan_id = f.loan_id` : ''}
WHERE balance > 0 GROUP BY 1 HAVING v IS NOT NULL ORDER BY sum(balance) DESC LIMIT 200`,
    params: [],
    shape: (t) => rows(t).map((r) => String(r.v)),
  };
}

export interface WaterfallStep {
  key: 'baseline' | 'pd' | 'haircut' | 'lgd' | 'stressed';
  /** Index of the PD shock for 'pd' steps. */
  shock?: number;
  from: number;
  to: number;
}

/** Baseline EL, one step per shock and LGD change, stressed EL: each step's bar runs from → to. */
export function waterfallSteps(stages: readonly number[]): WaterfallStep[] {
  if (stages.length < 3) return [];
  const last = stages.length - 1;
  const steps: WaterfallStep[] = [{ key: 'baseline', from: 0, to: stages[0] }];
  for (let i = 1; i <= last - 2; i++) steps.push({ key: 'pd', shock: i - 1, from: stages[i - 1], to: stages[i] });
  steps.push({ key: 'haircut', from: stages[last - 2], to: stages[last - 1] });
  steps.push({ key: 'lgd', from: stages[last - 1], to: stages[last] });
  steps.push({ key: 'stressed', from: 0, to: stages[last] });
  return steps;
}
