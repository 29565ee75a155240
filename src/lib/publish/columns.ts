import { columnsRead } from '../schema/facts-columns';
import type { FilterSet } from '../sql/filters';
import type { Screen } from '../routes';
import { HEADLINE_LOAN_COLUMNS } from './dashboard-config.mjs';

/**
 * Loan columns to fetch before the first screen can show, or null when that screen needs the
 * whole book (then it is read in one go). Only the Overview has a known, small column set.
 */
export function firstScreenColumns(screen: Screen, filters: FilterSet, available: readonly string[]): string[] | null {
  if (screen !== 'overview') return null;
  const wanted = new Set<string>(HEADLINE_LOAN_COLUMNS);
  for (const clause of filters) for (const c of columnsRead(clause.dimension)) wanted.add(c);
  const columns = available.filter((c) => wanted.has(c));
  return columns.length < available.length ? columns : null;
}
