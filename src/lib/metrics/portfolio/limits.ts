import { rows, type Value } from '../../db/rows';
import type { Db } from '../../db/types';
import type { FilterSet } from '../../sql/filters';
import { ident, type Fragment } from '../../sql/quote';
import { runMetric, type MetricQuery } from '../query';
import { scope, type ScopeOptions } from './sql';
import { inclusiveTolerance } from './tolerance';
import { firstRow, num, numOrNull, ratio } from './values';
import { sourceField } from '../../schema/facts-columns';

/**
 * Concentration and tolerance limits. Shares are fractions (0.10); the inclusive tolerance is in
 * percentage points (3). DOMAIN.md: largest single borrower ≤ 10 % of net capital, largest group ≤ 15 %.
 */
export type Limit =
  | { kind: 'segment_share'; dimension: string; max: number }
  | { kind: 'borrower_share_of_capital'; netCapital: number; max: number }
  | { kind: 'inclusive_npl_tolerance'; maxPoints: number };

export interface LimitBreach {
  /** The segment value or borrower id (or 'inclusive_sme'). */
  key: Value;
  /** Its measured value, on the limit's scale. */
  value: number;
}

export interface LimitCheck {
  limit: Limit;
  /** The worst current value: largest segment share, largest borrower ÷ net capital, or the NPL gap in pp. */
  value: number | null;
  threshold: number;
  /** value > threshold (reaching the threshold exactly is within the limit); null when unknown. */
  breach: boolean | null;
  /** Everything above the threshold, worst first. */
  breaching: LimitBreach[];
}

/** Relative slack so that a share computed as 0.1000000000000002 does not breach a 10 % limit. */
const SLACK = 1e-12;
const over = (value: number, threshold: number) => value > threshold + SLACK * Math.max(1, Math.abs(threshold));

/** The query that checks one limit over the filtered population. */
export function limitQuery(filters: FilterSet, limit: Limit, options: ScopeOptions = {}): MetricQuery<LimitCheck> {
  switch (limit.kind) {
    case 'segment_share':
      // Loans with no value in the dimension form one segment, as in breakdowns.
      return rankedLimit(filters, options, limit, {
        needs: [sourceField(limit.dimension)],
        group: ident(limit.dimension),
        measure: 'exposure',
        denominator: { sql: 'sum(balance) OVER ()', params: [] },
      });
    case 'borrower_share_of_capital':
      // Loans without a borrower id are not one borrower: they are left out.
      return rankedLimit(filters, options, limit, {
        needs: ['balance', 'borrower_id'],
        group: 'borrower_id',
        measure: 'balance',
        where: 'WHERE borrower_id IS NOT NULL',
        denominator: { sql: 'CAST(? AS DOUBLE)', params: [limit.netCapital] },
      });
    case 'inclusive_npl_tolerance':
      return inclusiveLimit(filters, options, limit);
  }
}

/** Checks every limit (one query each). */
export function checkLimits(db: Db, filters: FilterSet, limits: readonly Limit[], options: ScopeOptions = {}): Promise<LimitCheck[]> {
  return Promise.all(limits.map((l) => runMetric(db, limitQuery(filters, l, options))));
}

interface RankedSpec {
  needs: string[];
  /** Grouping expression (already quoted). */
  group: string;
  where?: string;
  /** What is summed per group: `exposure` for shares of the book (original amount in a closed book), `balance` against net capital. */
  measure: 'exposure' | 'balance';
  /** What each group's sum is divided by. */
  denominator: Fragment;
}

/** Each group's balance ÷ a denominator (total balance or net capital), compared with the maximum. */
function rankedLimit(
  filters: FilterSet,
  options: ScopeOptions,
  limit: Extract<Limit, { max: number }>,
  spec: RankedSpec,
): MetricQuery<LimitCheck> {
  const base = scope(filters, options);
  const max = limit.max;
  return {
    needs: spec.needs,
    sql: `${base.sql},
g AS (SELECT ${spec.group} AS key, sum(${spec.measure}) AS balance FROM f ${spec.where ?? ''} GROUP BY 1 HAVING sum(${spec.measure}) > 0)
SELECT key, balance / nullif(${spec.denominator.sql}, 0) AS value FROM g ORDER BY value DESC, key NULLS LAST`,
    params: [...base.params, ...spec.denominator.params],
    shape(table) {
      const measured = rows(table)
        .map((r) => ({ key: r.key, value: numOrNull(r.value) }))
        .filter((r): r is LimitBreach => r.value !== null);
      const value = measured[0]?.value ?? null;
      return {
        limit,
        value,
        threshold: max,
        breach: value === null ? null : over(value, max),
        breaching: measured.filter((m) => over(m.value, max)),
      };
    },
  };
}

function inclusiveLimit(filters: FilterSet, options: ScopeOptions, limit: Extract<Limit, { kind: 'inclusive_npl_tolerance' }>): MetricQuery<LimitCheck> {
  const base = scope(filters, options);
  return {
    needs: ['balance', 'five_class', 'enterprise_size'],
    sql: `${base.sql}
SELECT
  coalesce(sum(balance) FILTER (WHERE is_npl), 0) AS npl, sum(balance) FILTER (WHERE five_class IS NOT NULL) AS classified,
  coalesce(sum(balance) FILTER (WHERE is_npl AND is_inclusive_sme), 0) AS incl_npl,
  sum(balance) FILTER (WHERE five_class IS NOT NULL AND is_inclusive_sme) AS incl_classified
FROM f`,
    params: base.params,
    shape(table) {
      const r = firstRow(rows(table));
      const t = inclusiveTolerance(
        ratio(num(r.incl_npl), numOrNull(r.incl_classified)),
        ratio(num(r.npl), numOrNull(r.classified)),
        limit.maxPoints,
      );
      return {
        limit,
        value: t.gapPoints,
        threshold: limit.maxPoints,
        breach: t.breach,
        breaching: t.breach && t.gapPoints !== null ? [{ key: 'inclusive_sme', value: t.gapPoints }] : [],
      };
    },
  };
}
