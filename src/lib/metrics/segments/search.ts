import { whereClause, type FilterSet } from '../../sql/filters';
import { ident } from '../../sql/quote';
import { defaultOutcome, outcomeAsInteger, type Outcome } from '../drivers/outcome';
import type { MetricQuery } from '../query';
import { SEGMENT_ATTRIBUTES } from './attributes';
import { countCells, type AttributeProfile } from './count';
import { DEFAULT_SEGMENT_MIN_LOANS, selectSegments, type SegmentSearch, type SegmentSelectOptions } from './select';

export interface SegmentSearchOptions extends SegmentSelectOptions {
  /** Attribute columns to combine (default SEGMENT_ATTRIBUTES); those the filters fix to one value are dropped. */
  attributes?: readonly string[];
  /** Combine up to this many attributes: 2 or 3 (default 3). */
  depth?: 2 | 3;
  outcome?: Outcome;
}

/** The attributes searched under a filter set: a dimension the filters fix to one value cannot split it. */
export function searchedAttributes(filters: FilterSet, attributes: readonly string[] = SEGMENT_ATTRIBUTES): string[] {
  const fixed = new Set(filters.filter((c) => c.values.length === 1).map((c) => c.dimension));
  return attributes.filter((a) => !fixed.has(a));
}

/**
 * The segment finder's counts: one query groups the filtered `loan_facts` by all the attributes at
 * once (loans and bad loans of each distinct combination of values; loans whose outcome is unknown
 * are left out), and countCells adds those rows up into the population, each attribute alone and
 * every pair and triple of values with at least `minLoans` loans. The test and the ranking are
 * `selectSegments`. (Counting the pairs and triples in DuckDB, by GROUPING SETS, took one hash
 * table per combination of attributes: 2,300 of them for 24 attributes, over 3 GB in the browser.)
 */
export function segmentSearchQuery(filters: FilterSet, options: SegmentSearchOptions = {}): MetricQuery<SegmentSearch> {
  const attributes = searchedAttributes(filters, options.attributes ?? SEGMENT_ATTRIBUTES);
  const depth = options.depth ?? 3;
  const minLoans = options.minLoans ?? DEFAULT_SEGMENT_MIN_LOANS;
  const outcome = options.outcome ?? defaultOutcome();
  const y = outcomeAsInteger(outcome);
  const where = whereClause(filters);
  const alias = attributes.map((_, i) => `a${i}`);
  const sql = `WITH f AS (
  SELECT ${[...attributes.map((a, i) => `CAST(${ident(a)} AS VARCHAR) AS ${alias[i]}`), `${y.sql} AS y`].join(', ')}
  FROM loan_facts ${where.sql}
)
SELECT ${[...alias, 'count(*)::DOUBLE AS n', 'coalesce(sum(y), 0)::DOUBLE AS k'].join(', ')}
FROM f WHERE y IS NOT NULL${alias.length ? `\nGROUP BY ${alias.join(', ')}` : ''}`;
  return {
    needs: [...outcome.needs],
    sql,
    params: [...y.params, ...where.params],
    shape: (t) => {
      const columns = alias.map((a) => t.getChild(a)!.toArray() as (string | null)[]);
      const n = t.getChild('n')!.toArray() as Float64Array;
      const k = t.getChild('k')!.toArray() as Float64Array;
      const profiles: AttributeProfile[] = [];
      for (let r = 0; r < t.numRows; r++) if (n[r] > 0) profiles.push({ values: columns.map((c) => c[r] ?? null), loans: n[r], defaults: k[r] });
      return selectSegments(countCells(profiles, attributes, depth, minLoans), { alpha: options.alpha, minLoans });
    },
  };
}
