import type { Value } from '../../lib/db/rows';
import type { PivotLevel } from '../../lib/metrics/pivot/layout';
import type { FilterClause, FilterSet } from '../../lib/sql/filters';
import { normalise } from '../../lib/state/filter-toggle';

/**
 * The app's filter clauses a pivot cell stands for: one per level of its row and column path.
 * A date level filters the loans' origination month (`vintage_month`): a month is one value, a
 * quarter its three months, a year `vintage_year`. Snapshot periods are not a property of a loan
 * and filter nothing (the as-of date does that on Overview).
 */
export function cellClauses(levels: readonly PivotLevel[], path: readonly Value[]): FilterClause[] {
  const out: FilterClause[] = [];
  levels.slice(0, path.length).forEach((l, i) => {
    const v = path[i];
    if (l.field === 'snapshot_date') return;
    if (l.field !== 'origination_date') {
      out.push({ dimension: l.field, values: [normalise(v as string | number | boolean | null)] });
      return;
    }
    if (v === null) {
      out.push({ dimension: 'vintage_month', values: [null] });
      return;
    }
    const [y, m] = String(v).split('-').map(Number);
    if (l.grain === 'year') out.push({ dimension: 'vintage_year', values: [String(y)] });
    else {
      const months = l.grain === 'quarter' ? [m, m + 1, m + 2] : [m];
      out.push({ dimension: 'vintage_month', values: months.map((x) => `${y}-${String(x).padStart(2, '0')}-01`) });
    }
  });
  return out;
}

/**
 * The filter set after a click: the cell's clauses replace those on the same dimensions; clicking
 * the cell that is already the filter clears its clauses (as a second click on a bar does).
 */
export function clickedFilters(set: FilterSet, clauses: readonly FilterClause[]): FilterSet {
  const dims = new Set(clauses.map((c) => c.dimension));
  const others = set.filter((c) => !dims.has(c.dimension));
  return cellSelected(set, clauses) ? others : [...others, ...clauses];
}

/** Whether the filters are already exactly the cell's (for every clause the cell stands for). */
export function cellSelected(set: FilterSet, clauses: readonly FilterClause[]): boolean {
  const same = (a: FilterClause) => set.some((c) => c.dimension === a.dimension && JSON.stringify(c.values.map((v) => (v === null ? null : String(v)))) === JSON.stringify(a.values));
  return clauses.length > 0 && clauses.every(same);
}
