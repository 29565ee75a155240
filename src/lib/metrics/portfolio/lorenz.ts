import { rows } from '../../db/rows';
import type { FilterSet } from '../../sql/filters';
import type { MetricQuery } from '../query';
import { scope, type ScopeOptions } from './sql';
import { num, numOrNull } from './values';

export type LorenzUnit = 'loan' | 'borrower';

export interface LorenzPoint {
  /** Cumulative share of loans (or borrowers), smallest balances first. */
  population: number;
  /** Cumulative share of balance. */
  balance: number;
}

export interface Lorenz {
  unit: LorenzUnit;
  /** Loans (or borrowers) with a balance. */
  units: number;
  totalBalance: number;
  /** From (0, 0) to (1, 1), at most `maxPoints` points. */
  points: LorenzPoint[];
  /**
   * Gini = Σᵢ Σⱼ |xᵢ − xⱼ| ÷ (2 n² μ) (mean-absolute-difference form, DOMAIN.md), with the n²
   * ("population") convention, so it equals 1 − 2 × the trapezoid area under the full Lorenz
   * curve and is at most (n − 1) ÷ n. Multiply by n ÷ (n − 1) for the unbiased n(n − 1) form.
   */
  gini: number | null;
}

export interface LorenzOptions extends ScopeOptions {
  unit?: LorenzUnit;
  /** At least 3; defaults to 200. */
  maxPoints?: number;
}

/**
 * Lorenz curve of exposure (balance; original amount in a closed book) across live loans or borrowers (> 0: paid-off loans are not part
 * of the book's concentration and would inflate Gini), downsampled, with the Gini coefficient.
 */
export function lorenzQuery(filters: FilterSet, options: LorenzOptions = {}): MetricQuery<Lorenz> {
  const base = scope(filters, options);
  const unit = options.unit ?? 'loan';
  const maxPoints = Math.max(3, Math.floor(options.maxPoints ?? 200));
  const units =
    unit === 'loan'
      ? 'SELECT exposure AS x FROM f WHERE exposure > 0'
      : 'SELECT sum(exposure) AS x FROM f WHERE exposure > 0 AND borrower_id IS NOT NULL GROUP BY borrower_id';
  // Keep every step-th point and the last; with the origin added in shape() that is ≤ maxPoints.
  return {
    needs: unit === 'loan' ? [] : ['borrower_id'],
    sql: `${base.sql},
u AS (${units}),
ranked AS (
  SELECT x,
    row_number() OVER (ORDER BY x) AS i,
    count(*) OVER () AS n,
    sum(x) OVER (ORDER BY x ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum,
    sum(x) OVER () AS total
  FROM u),
g AS (SELECT 2 * sum(i * x) / nullif(max(n) * sum(x), 0) - (max(n) + 1) / max(n) AS gini FROM ranked),
step AS (SELECT greatest(1, CAST(ceil(count(*) / ?) AS BIGINT)) AS k FROM u)
SELECT ranked.i, ranked.n, ranked.cum, ranked.total, g.gini
FROM ranked, g, step
WHERE ranked.i % step.k = 0 OR ranked.i = ranked.n
ORDER BY ranked.i`,
    params: [...base.params, maxPoints - 2],
    shape(table) {
      const rs = rows(table);
      const n = num(rs[0]?.n);
      const total = num(rs[0]?.total);
      const points: LorenzPoint[] = n === 0 ? [] : [{ population: 0, balance: 0 }];
      for (const r of rs) points.push({ population: num(r.i) / n, balance: total > 0 ? num(r.cum) / total : 0 });
      return { unit, units: n, totalBalance: total, points, gini: numOrNull(rs[0]?.gini) };
    },
  };
}
