import { toggled } from '../state/filter-toggle';
import type { FilterSet } from '../sql/filters';

/** At most this many values of one dimension are answered ahead (a class, a stage, a region: a few dozen). */
export const MAX_PREFETCH_VALUES = 40;
/** At most this many answers per wave: the engine must stay free for what the user does next. */
export const MAX_PREFETCH_ANSWERS = 120;

/** Marks a query run ahead of a click: the benchmark counts it as background work, like a cube build. */
export const PREFETCH_MARK = '/* lbl_preagg prefetch */ ';

/**
 * The filter sets a plain click on one value of a hot dimension would give, from the filters now:
 * the clause of that dimension replaced by the value, or dropped when the value was the only one
 * selected (as filter-toggle.ts does it, so the SQL is the same text the views will issue).
 */
export function clickTargets(filters: FilterSet, values: ReadonlyMap<string, readonly string[]>): FilterSet[] {
  const out: FilterSet[] = [];
  for (const [dimension, vs] of values) {
    if (vs.length > MAX_PREFETCH_VALUES) continue;
    for (const v of vs) out.push(toggled(filters, dimension, v, false));
  }
  return out;
}
