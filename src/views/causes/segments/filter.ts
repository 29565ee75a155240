import type { FoundSegment } from '../../../lib/metrics/segments';
import type { FilterClause, FilterSet } from '../../../lib/sql/filters';

/** A segment as the app's filter clauses: one value per attribute (null for missing). */
export function segmentClauses(s: Pick<FoundSegment, 'attributes' | 'values'>): FilterClause[] {
  return s.attributes.map((dimension, i) => ({ dimension, values: [s.values[i]] }));
}

/** The filter set after choosing a segment: its clauses replace those on the same dimensions, the others stay. */
export function withSegment(set: FilterSet, s: Pick<FoundSegment, 'attributes' | 'values'>): FilterSet {
  const clauses = segmentClauses(s);
  const dims = new Set(clauses.map((c) => c.dimension));
  return [...set.filter((c) => !dims.has(c.dimension)), ...clauses];
}
