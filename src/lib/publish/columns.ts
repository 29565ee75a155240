import { OUTCOME_SOURCES } from '../metrics/facts';
import type { FilterSet } from '../sql/filters';
import type { Screen } from '../routes';
import { HEADLINE_LOAN_COLUMNS } from './dashboard-config.mjs';

/** Derived dimensions of `loan_facts` (facts.ts) and the loan columns they are computed from. */
const DERIVED_SOURCES: Record<string, readonly string[]> = {
  is_npl: ['five_class'],
  vintage_year: ['origination_date'],
  vintage_month: ['origination_date'],
  term_bucket: ['term_months'],
  amount_bucket: ['amount'],
  dpd_bucket: ['dpd'],
  ltv: ['collateral_value', 'balance', 'amount'],
  is_inclusive_sme: ['enterprise_size', 'credit_line', 'amount'],
  is_defaulted: OUTCOME_SOURCES,
  default_on: OUTCOME_SOURCES,
  months_to_default: [...OUTCOME_SOURCES, 'origination_date'],
  exposure: ['balance', 'amount'],
};

/**
 * Loan columns to fetch before the first screen can show, or null when that screen needs the
 * whole book (then it is read in one go). Only the Overview has a known, small column set.
 */
export function firstScreenColumns(screen: Screen, filters: FilterSet, available: readonly string[]): string[] | null {
  if (screen !== 'overview') return null;
  const wanted = new Set<string>(HEADLINE_LOAN_COLUMNS);
  for (const clause of filters) for (const c of DERIVED_SOURCES[clause.dimension] ?? [clause.dimension]) wanted.add(c);
  const columns = available.filter((c) => wanted.has(c));
  return columns.length < available.length ? columns : null;
}
