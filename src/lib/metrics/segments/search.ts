import { rows } from '../../db/rows';
import { whereClause, type FilterSet } from '../../sql/filters';
import { ident } from '../../sql/quote';
import { defaultOutcome, outcomeAsInteger, type Outcome } from '../drivers/outcome';
import type { MetricQuery } from '../query';
import { SEGMENT_ATTRIBUTES } from './attributes';
import { DEFAULT_SEGMENT_MIN_LOANS, selectSegments, type SegmentCell, type SegmentSearch, type SegmentSelectOptions } from './select';

export interface SegmentSearchOptions extends SegmentSelectOptions {
  /** Attribute columns to combine (default SEGMENT_ATTRIBUTES); those the filters fix to one value are dropped. */
  attributes?: readonly string[];
  /** Combine up to this many attributes: 2 or 3 (default 3). */
  depth?: 2 | 3;
  outcome?: Outcome;
}

/** Every subset of 0 … depth of the indices 0 … n−1. */
function subsets(n: number, depth: number): number[][] {
  const out: number[][] = [[]];
  const grow = (start: number, chosen: number[]) => {
    for (let i = start; i < n; i++) {
      const next = [...chosen, i];
      out.push(next);
      if (next.length < depth) grow(i + 1, next);
    }
  };
  grow(0, []);
  return out;
}

/** The attributes searched under a filter set: a dimension the filters fix to one value cannot split it. */
export function searchedAttributes(filters: FilterSet, attributes: readonly string[] = SEGMENT_ATTRIBUTES): string[] {
  const fixed = new Set(filters.filter((c) => c.values.length === 1).map((c) => c.dimension));
  return attributes.filter((a) => !fixed.has(a));
}

/**
 * The segment finder's counts in one query: loans and defaults (the outcome; loans whose outcome is
 * unknown are left out) of every combination of values of up to `depth` attributes, by GROUPING SETS
 * over the filtered `loan_facts`: the population (no attribute), each attribute alone (the parents
 * of pairs) and every pair and triple with at least `minLoans` loans. The test and the ranking are
 * `selectSegments`.
 */
export function segmentSearchQuery(filters: FilterSet, options: SegmentSearchOptions = {}): MetricQuery<SegmentSearch> {
  const attributes = searchedAttributes(filters, options.attributes ?? SEGMENT_ATTRIBUTES);
  const depth = options.depth ?? 3;
  const minLoans = options.minLoans ?? DEFAULT_SEGMENT_MIN_LOANS;
  const outcome = options.outcome ?? defaultOutcome();
  const y = outcomeAsInteger(outcome);
  const where = whereClause(filters);
  const alias = attributes.map((_, i) => `a${i}`);
  const sets = subsets(attributes.length, depth).map((s) => `(${s.map((i) => alias[i]).join(', ')})`);
  const grouped = alias.map((a) => `grouping(${a})`).join(' + ') || '0';
  const sql = `WITH f AS (
  SELECT ${[...attributes.map((a, i) => `CAST(${ident(a)} AS VARCHAR) AS ${alias[i]}`), `${y.sql} AS y`].join(', ')}
  FROM loan_facts ${where.sql}
)
SELECT ${[...alias, ...alias.map((a, i) => `grouping(${a}) AS g${i}`), 'count(*) AS n', 'sum(y) AS k'].join(', ')}
FROM f WHERE y IS NOT NULL
GROUP BY GROUPING SETS (${sets.join(', ')})
HAVING count(*) >= ? OR ${grouped} >= ${attributes.length - 1}`;
  return {
    needs: [...outcome.needs],
    sql,
    params: [...y.params, ...where.params, minLoans],
    shape: (t) => {
      const cells: SegmentCell[] = rows(t).map((r) => {
        const idx = alias.map((_, i) => i).filter((i) => Number(r[`g${i}`]) === 0);
        return {
          attributes: idx.map((i) => attributes[i]),
          values: idx.map((i) => (r[`a${i}`] === null ? null : String(r[`a${i}`]))),
          loans: Number(r.n),
          defaults: Number(r.k ?? 0),
        };
      });
      return selectSegments(cells, { alpha: options.alpha, minLoans });
    },
  };
}
