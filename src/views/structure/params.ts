import { router } from '../../lib/state/router.svelte';

/**
 * The Structure screen's URL state. Only what the user chose is written; a missing parameter means
 * the default, so a copied link restores exactly the view that was on screen.
 */
export const TABS = ['breakdown', 'concentration', 'dynamics'] as const;
export type Tab = (typeof TABS)[number];

/** Dimensions offered in the pickers (loan_facts columns); those the book does not map are hidden. */
export const DIMENSIONS = [
  'industry', 'region', 'enterprise_size', 'product', 'collateral_type', 'guarantee_type', 'term_bucket',
  'amount_bucket', 'rating', 'branch', 'officer_id', 'vintage_year',
] as const;

/** Canonical field a derived dimension comes from, to check whether the book maps it. */
const SOURCE_FIELD: Record<string, string> = { term_bucket: 'term_months', amount_bucket: 'amount', vintage_year: 'origination_date' };
export const sourceField = (dimension: string) => SOURCE_FIELD[dimension] ?? dimension;

/** Where a drill goes next by default: industry → branch → officer. */
export const DRILL_NEXT: Record<string, string> = { industry: 'branch', region: 'branch', branch: 'officer_id', product: 'branch' };

export type Measure = 'balance' | 'count';
export type Form = 'bar' | 'treemap' | 'table';
export type HeatMeasure = 'npl' | 'default' | 'lift';

function pick<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
  const v = router.param(name);
  return v !== null && (allowed as readonly string[]).includes(v) ? (v as T) : fallback;
}

function dimension(name: string, fallback: string): string {
  const v = router.param(name);
  return v && /^\w+$/.test(v) ? v : fallback;
}

export const view = {
  get tab(): Tab {
    return pick('tab', TABS, 'breakdown');
  },
  get dim(): string {
    return dimension('dim', 'industry');
  },
  get measure(): Measure {
    return pick('by', ['balance', 'count'] as const, 'balance');
  },
  get form(): Form {
    return pick('form', ['bar', 'treemap', 'table'] as const, 'bar');
  },
  get heatRows(): string {
    return dimension('hr', 'industry');
  },
  get heatColumns(): string {
    return dimension('hc', 'region');
  },
  get heatMeasure(): HeatMeasure {
    return pick('hm', ['npl', 'default', 'lift'] as const, 'npl');
  },
  get topN(): number {
    const n = Number(router.param('n'));
    return Number.isInteger(n) && n >= 1 && n <= 50 ? n : 3;
  },
  get lorenzUnit(): 'loan' | 'borrower' {
    return pick('unit', ['loan', 'borrower'] as const, 'loan');
  },
  param(name: string): string | null {
    return router.param(name);
  },
  /** Writes the user's choice; pushing makes Back undo it. */
  set(changes: Record<string, string | null>): void {
    router.setParams(changes, 'push');
  },
};
