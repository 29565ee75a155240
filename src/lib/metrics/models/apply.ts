import { rows } from '../../db/rows';
import { OUTCOME_NEED } from '../facts';
import type { Db, SqlParam } from '../../db/types';
import { literal, type Fragment } from '../../sql/quote';
import { whereClause, type FilterSet } from '../../sql/filters';
import type { MetricQuery } from '../query';
import { psiFromCounts, type Psi } from '../drivers/psi';
import { featureRowsSql } from './features';
import type { ScorecardModel } from './model';
import { bandSql, modelScoreSql, probabilitySql } from './score';
import { BAND_LABELS } from './spec';

/** One row per loan of the applied model: `loan_id`, `score`, `band`, `pd`, `model_id`. */
export const MODEL_SCORES = 'model_scores';
/** `loan_facts` with `score` and `score_band` of the applied model (NULL before one is applied). */
export const MODEL_FACTS = 'model_facts';

/** `SELECT loan_id, score, band, pd FROM <loan_facts + features>`: the model applied to every loan. */
export function scoredLoansSql(model: ScorecardModel): Fragment {
  const score = modelScoreSql(model);
  const features = featureRowsSql(model.features);
  return {
    sql: `SELECT loan_id, score, ${bandSql('score', model.bandCuts)} AS band, ${probabilitySql('score', model.scaling)} AS pd
FROM (SELECT loan_id, CAST(${score.sql} AS DOUBLE) AS score FROM (${features.sql}))`,
    params: [...score.params, ...features.params],
  };
}

/** Statements that store the scores (`model_scores`) and expose them next to the facts (`model_facts`). */
export function applyModelStatements(model: ScorecardModel): Fragment[] {
  const scored = scoredLoansSql(model);
  return [
    { sql: `CREATE OR REPLACE TABLE ${MODEL_SCORES} AS SELECT *, CAST(? AS VARCHAR) AS model_id FROM (${scored.sql})`, params: [model.id, ...scored.params] },
    {
      sql: `CREATE OR REPLACE VIEW ${MODEL_FACTS} AS SELECT f.*, s.score, s.band AS score_band, s.pd AS score_pd FROM loan_facts f LEFT JOIN ${MODEL_SCORES} s ON s.loan_id = f.loan_id`,
      params: [],
    },
  ];
}

/** Bound parameters written into the text (outside quotes), for an SQL file a person can run anywhere. */
export function inlineParams(fragment: Fragment): string {
  const params = [...fragment.params];
  let out = '';
  let quote: string | null = null;
  for (const ch of fragment.sql) {
    if (quote) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else if (ch === '?') {
      if (!params.length) throw new Error('More placeholders than parameters');
      out += sqlValue(params.shift()!);
    } else out += ch;
  }
  if (params.length) throw new Error('More parameters than placeholders');
  return out;
}

function sqlValue(v: SqlParam): string {
  if (v === null) return 'NULL';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (v instanceof Date) return `DATE ${literal(v.toISOString().slice(0, 10))}`;
  return literal(v);
}

/** The scorecard as one SQL query over `loan_facts`. */
export function modelSqlText(model: ScorecardModel): string {
  return `-- Scorecard "${model.name.replace(/[\r\n]/g, ' ')}" (${model.id}), developed ${model.created.slice(0, 10)}
-- score = base points + attribute points; ${model.scaling.baseScore} points at good:bad odds ${model.scaling.baseOdds}:1, +${model.scaling.pdo} points per doubling.
${inlineParams(scoredLoansSql(model))};
`;
}

/** A leading SQL comment naming the applied model, so that cached results follow a re-apply. */
export const appliedTag = (modelId: string, revision: number) => `/* ${MODEL_SCORES} ${modelId.replace(/\*\//g, '')} #${revision} */ `;

export interface BandRow {
  band: string;
  loans: number;
  bads: number;
  defaultRate: number | null;
  meanPd: number | null;
  liveLoans: number;
  liveBalance: number;
}

/** Loans, defaults and live balance per band of the applied model (after the app's filters). */
export function bandSummaryQuery(filters: FilterSet, tag: string): MetricQuery<BandRow[]> {
  const where = whereClause(filters);
  return {
    needs: [OUTCOME_NEED],
    sql: `${tag}SELECT score_band AS band, count(*) AS loans, count(*) FILTER (WHERE is_defaulted) AS bads,
  avg(CAST(is_defaulted AS DOUBLE)) AS default_rate, avg(score_pd) AS mean_pd,
  count(*) FILTER (WHERE balance > 0) AS live_loans, coalesce(sum(balance) FILTER (WHERE balance > 0), 0) AS live_balance
FROM ${MODEL_FACTS} ${where.sql} GROUP BY ALL HAVING score_band IS NOT NULL ORDER BY band`,
    params: where.params,
    shape: (t) =>
      rows(t).map((r) => ({
        band: String(r.band),
        loans: Number(r.loans),
        bads: Number(r.bads),
        defaultRate: r.default_rate as number | null,
        meanPd: r.mean_pd as number | null,
        liveLoans: Number(r.live_loans),
        liveBalance: Number(r.live_balance),
      })),
  };
}

export interface VintageBandRow {
  vintage: number;
  band: string;
  loans: number;
  bads: number;
}

/** Loans and defaults per origination year and band: the monitoring grid. */
export function bandVintageQuery(filters: FilterSet, tag: string): MetricQuery<VintageBandRow[]> {
  const where = whereClause(filters);
  return {
    needs: ['origination_date', OUTCOME_NEED],
    sql: `${tag}SELECT vintage_year AS vintage, score_band AS band, count(*) AS loans, count(*) FILTER (WHERE is_defaulted) AS bads
FROM ${MODEL_FACTS} ${where.sql} GROUP BY ALL HAVING score_band IS NOT NULL AND vintage_year IS NOT NULL ORDER BY vintage, band`,
    params: where.params,
    shape: (t) => rows(t).map((r) => ({ vintage: Number(r.vintage), band: String(r.band), loans: Number(r.loans), bads: Number(r.bads) })),
  };
}

export interface VintageStability {
  vintage: number;
  loans: number;
  defaultRate: number;
  /** Band mix of the vintage against the development sample. */
  psi: Psi<string>;
}

/** PSI of each vintage's band mix against the model's development sample. */
export function vintageStability(model: ScorecardModel, grid: readonly VintageBandRow[]): VintageStability[] {
  const vintages = [...new Set(grid.map((g) => g.vintage))].sort((a, b) => a - b);
  return vintages.map((vintage) => {
    const cells = grid.filter((g) => g.vintage === vintage);
    const counts = BAND_LABELS.map((band) => ({
      key: band as string,
      expected: model.devBands[band]?.loans ?? 0,
      actual: cells.find((c) => c.band === band)?.loans ?? 0,
    }));
    const loans = cells.reduce((s, c) => s + c.loans, 0);
    const bads = cells.reduce((s, c) => s + c.bads, 0);
    return { vintage, loans, defaultRate: loans ? bads / loans : 0, psi: psiFromCounts(counts) };
  });
}

/** Writes the scores table and view of `model` on the engine, statement by statement. */
export async function applyModel(db: Db, model: ScorecardModel, signal?: AbortSignal): Promise<void> {
  for (const s of applyModelStatements(model)) await db.exec(s.sql, s.params, { signal });
}
