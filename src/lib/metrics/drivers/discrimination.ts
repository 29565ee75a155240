import { rows } from '../../db/rows';
import { ident, type Fragment } from '../../sql/quote';
import type { MetricQuery } from '../query';
import { canonicalNeeds, defaultOutcome, outcomeAsInteger, type Outcome } from './outcome';
import { fromWhere, type DriverSource } from './source';

export interface DiscriminationOptions extends DriverSource {
  outcome?: Outcome;
  /** Default true: a higher score means riskier (more likely bad). */
  higherIsRiskier?: boolean;
}

export interface Discrimination {
  /** P(score of a random bad is riskier than that of a random good), ties counting ½. */
  auc: number | null;
  /** 2·AUC − 1. */
  gini: number | null;
  /** max |F_bad − F_good| over thresholds between distinct scores (tied scores move together). */
  ks: number | null;
  /** Score at which KS is reached: the split is score ≤ threshold vs above. */
  ksThreshold: number | null;
  bads: number;
  goods: number;
}

/** A column name, or a numeric SQL expression such as a fitted linear predictor. */
export type ScoreInput = string | Fragment;

/**
 * AUC, Gini and KS of a numeric score against the outcome, computed over distinct score values:
 * AUC = Σ_s bads(s)·(goods below s + ½·goods at s) ÷ (bads·goods); KS from the cumulative
 * distributions at each distinct score. Rows with a NULL score or outcome are left out.
 */
export function discriminationQuery(score: ScoreInput, options: DiscriminationOptions = {}): MetricQuery<Discrimination> {
  const outcome = options.outcome ?? defaultOutcome();
  const scoreSql: Fragment = typeof score === 'string' ? { sql: ident(score), params: [] } : score;
  const sign = options.higherIsRiskier === false ? '-' : '';
  const y = outcomeAsInteger(outcome);
  const from = fromWhere(options);
  const sql = `WITH scored AS (
  SELECT ${sign}CAST((${scoreSql.sql}) AS DOUBLE) AS s, ${y.sql} AS y ${from.sql}),
by_score AS (
  SELECT s, count(*) FILTER (WHERE y = 1) AS bads, count(*) FILTER (WHERE y = 0) AS goods
  FROM scored WHERE s IS NOT NULL AND y IS NOT NULL GROUP BY s),
cumulative AS (
  SELECT s, bads, goods,
    CAST(sum(goods) OVER up_to AS DOUBLE) AS goods_le, CAST(sum(bads) OVER up_to AS DOUBLE) AS bads_le,
    CAST(sum(goods) OVER () AS DOUBLE) AS total_goods, CAST(sum(bads) OVER () AS DOUBLE) AS total_bads
  FROM by_score WINDOW up_to AS (ORDER BY s ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)),
gaps AS (SELECT *, abs(bads_le / nullif(total_bads, 0) - goods_le / nullif(total_goods, 0)) AS gap FROM cumulative)
SELECT
  sum(bads * (goods_le - goods + 0.5 * goods)) / nullif(max(total_bads) * max(total_goods), 0) AS auc,
  max(gap) AS ks,
  ${sign}arg_max(s, gap) AS ks_threshold,
  coalesce(max(total_bads), 0) AS bads, coalesce(max(total_goods), 0) AS goods
FROM gaps`;
  return {
    needs: [...new Set([...outcome.needs, ...(typeof score === 'string' ? canonicalNeeds(score) : [])])],
    sql,
    params: [...scoreSql.params, ...y.params, ...from.params],
    shape: (t) => {
      const r = rows(t)[0];
      const auc = (r?.auc as number | null) ?? null;
      return {
        auc,
        gini: auc === null ? null : 2 * auc - 1,
        ks: (r?.ks as number | null) ?? null,
        ksThreshold: (r?.ks_threshold as number | null) ?? null,
        bads: (r?.bads as number) ?? 0,
        goods: (r?.goods as number) ?? 0,
      };
    },
  };
}

export interface ScoreFigures {
  auc: number | null;
  /** AUC read in the attribute's riskier direction: max(AUC, 1 − AUC). */
  orientedAuc: number | null;
  /** True when higher values are the riskier ones. */
  higherIsRiskier: boolean;
  gini: number | null;
  ks: number | null;
}

/** AUC, Gini and KS of each numeric attribute taken as a score, in one query. */
export function scoreRankingQuery(columns: readonly string[], options: DiscriminationOptions): MetricQuery<Record<string, ScoreFigures>> {
  const queries = columns.map((c) => ({ c, q: discriminationQuery(c, options) }));
  return {
    needs: [...new Set(queries.flatMap(({ q }) => q.needs))],
    sql: queries.map(({ q }) => `SELECT ? AS col, * FROM (${q.sql})`).join('\nUNION ALL\n'),
    params: queries.flatMap(({ c, q }) => [c, ...q.params]),
    shape: (t) =>
      Object.fromEntries(
        rows(t).map((r) => {
          const auc = r.auc === null ? null : Number(r.auc);
          const oriented = auc === null ? null : Math.max(auc, 1 - auc);
          return [
            String(r.col),
            {
              auc,
              orientedAuc: oriented,
              higherIsRiskier: auc === null || auc >= 0.5,
              gini: oriented === null ? null : 2 * oriented - 1,
              ks: r.ks === null ? null : Number(r.ks),
            },
          ];
        }),
      ),
  };
}
