import { rows } from '../../db/rows';
import { binCaseSql } from '../../models/scorecard';
import { ident, joinFragments } from '../../sql/quote';
import { whereClause, type FilterSet } from '../../sql/filters';
import type { BinKey } from '../drivers/binning';
import type { ActiveRule } from '../flags/select';
import type { MetricQuery } from '../query';
import { featureRowsSql } from './features';
import type { ScorecardModel } from './model';
import { bandSql, modelScoreSql, pointsTableOf, probabilitySql } from './score';

/** Live loans not (yet) in trouble: positive balance, not defaulted, not NPL, not over 90 DPD. */
export const PERFORMING_SQL = 'balance > 0 AND NOT coalesce(is_defaulted, FALSE) AND NOT coalesce(is_npl, FALSE) AND coalesce(dpd, 0) <= 90';

export interface WarningReason {
  column: string;
  bin: BinKey;
  /** Points below the attribute's best bin: how much this attribute pulls the score down. */
  pointsLost: number;
}

export interface WarningLoan {
  loanId: string;
  borrower: string | null;
  branch: string | null;
  officer: string | null;
  balance: number;
  score: number;
  band: string;
  pd: number;
  flags: string[];
  reasons: WarningReason[];
}

export interface WarningList {
  loans: WarningLoan[];
  /** Performing loans in scope before the limit. */
  total: number;
}

/** The flags that can explain a performing loan (not the ones that read a default). */
export const warningRules = (active: readonly ActiveRule[]) => active.filter((a) => a.rule.id !== 'early_default');

/**
 * Performing loans, riskiest first: worst band, then most red flags, then lowest score. Each comes
 * with its fired flags and the attributes that cost it most points against their best bin.
 */
export function warningListQuery(
  model: ScorecardModel,
  rules: readonly ActiveRule[],
  options: { filters?: FilterSet; limit?: number; reasons?: number } = {},
): MetricQuery<WarningList> {
  const points = pointsTableOf(model);
  const score = modelScoreSql(model);
  const flagColumns = rules.map((a) => ({ sql: `coalesce((${a.condition.sql}), FALSE) AS ${ident(`_flag_${a.rule.id}`)}`, params: a.condition.params }));
  const features = featureRowsSql(model.features, { columns: flagColumns });
  const where = whereClause(options.filters ?? []);
  const binIndex = model.terms.map((t, j) => {
    const f = binCaseSql(t.column, t.bins.map((b, i) => ({ key: b.key, value: i })), -1);
    return { sql: `${f.sql} AS ${ident(`_bin${j}`)}`, params: f.params };
  });
  const flags = rules.map((a) => `, ${ident(`_flag_${a.rule.id}`)}`).join('');
  const extra = joinFragments(binIndex.map((f) => ({ sql: `, ${f.sql}`, params: f.params })), '');
  const flagCount = rules.length ? rules.map((a) => `CAST(${ident(`_flag_${a.rule.id}`)} AS INTEGER)`).join(' + ') : '0';
  const limit = Math.max(1, Math.min(100000, Math.trunc(options.limit ?? 500)));
  const sql = `WITH r AS (${features.sql}),
s AS (SELECT loan_id, borrower_name, borrower_id, branch, officer_id, balance, CAST(${score.sql} AS DOUBLE) AS score${extra.sql}${flags}
  FROM r WHERE ${PERFORMING_SQL} ${where.sql ? `AND ${where.sql.slice(6)}` : ''}),
b AS (SELECT *, ${bandSql('score', model.bandCuts)} AS band, ${probabilitySql('score', model.scaling)} AS pd, ${flagCount} AS flag_count, count(*) OVER () AS total FROM s)
SELECT * FROM b ORDER BY band DESC, flag_count DESC, score ASC, loan_id LIMIT ${limit}`;
  const reasonsWanted = options.reasons ?? 3;
  // Points rows follow each term's bins in order, so a bin's index finds its points.
  const termPoints = model.terms.map((t) => points.rows.filter((r) => r.column === t.column).map((r) => r.points));
  const best = model.terms.map((t, j) => Math.max(...termPoints[j], points.otherPoints[t.column]));
  return {
    needs: ['loan_id', 'balance'],
    sql,
    params: [...features.params, ...score.params, ...extra.params, ...where.params],
    shape: (t) => {
      const list = rows(t);
      return {
        total: Number(list[0]?.total ?? 0),
        loans: list.map((r) => {
          const reasons: WarningReason[] = model.terms
            .map((term, j) => {
              const index = Number(r[`_bin${j}`]);
              const bin = term.bins[index];
              const earned = bin ? termPoints[j][index] : points.otherPoints[term.column];
              return { column: term.column, bin: bin?.key ?? { kind: 'missing' as const }, pointsLost: best[j] - earned };
            })
            .filter((x) => x.pointsLost > 0.5)
            .sort((a, b) => b.pointsLost - a.pointsLost)
            .slice(0, reasonsWanted);
          return {
            loanId: String(r.loan_id),
            borrower: (r.borrower_name ?? r.borrower_id ?? null) as string | null,
            branch: r.branch as string | null,
            officer: r.officer_id as string | null,
            balance: Number(r.balance),
            score: Number(r.score),
            band: String(r.band),
            pd: Number(r.pd),
            flags: rules.filter((a) => r[`_flag_${a.rule.id}`] === true).map((a) => a.rule.id),
            reasons,
          };
        }),
      };
    },
  };
}
