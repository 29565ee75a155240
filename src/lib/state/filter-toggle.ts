import type { FilterClause, FilterSet } from '../sql/filters';

export type FilterValue = string | number | boolean | bigint | null;

/**
 * The filter set after a click on `value` of `dimension`: a plain click filters to the value
 * (or clears the clause when it was the only value); an additive (shift) click adds or removes it.
 */
export function toggled(set: FilterSet, dimension: string, value: string | null, additive: boolean): FilterSet {
  const clause = set.find((c) => c.dimension === dimension);
  const current = clause?.values.map(normalise);
  let values: (string | null)[];
  if (!additive) values = current?.length === 1 && current[0] === value ? [] : [value];
  else if (current?.includes(value)) values = current.filter((v) => v !== value);
  else values = [...(current ?? []), value];
  const others = set.filter((c) => c.dimension !== dimension);
  return values.length ? [...others, { dimension, values } satisfies FilterClause] : others;
}

export interface FilterPick {
  dimension: string;
  value: FilterValue;
}

/** One gesture on several dimensions (a heatmap cell): each toggled as by `toggled`, in order. */
export function toggledAll(set: FilterSet, picks: readonly FilterPick[], additive: boolean): FilterSet {
  return picks.reduce((next, p) => toggled(next, p.dimension, normalise(p.value), additive), set);
}

/** Values travel through the URL as text, so compare them as text. */
export function normalise(v: FilterValue): string | null {
  return v === null ? null : String(v);
}

