import type { FilterSet } from '../sql/filters';
import type { ScopeOptions } from './portfolio/sql';

/**
 * Compare mode: every figure beside the same figure over a baseline population. The baseline is
 * the same metric query over a different scope, never a second copy of its SQL:
 * - `asof`: the book as of another snapshot date (the same filters);
 * - `rest`: the rest of the book outside the segment the filter on `dimension` selects
 *   ("branch X against the bank without it"), the other filters applied to both sides.
 */
export type Baseline = { kind: 'asof'; date: string } | { kind: 'rest'; dimension: string };

/** The URL form: `asof:2024-06-30`, `rest:branch`. Undefined when the text is not a baseline. */
export function parseBaseline(text: string): Baseline | undefined {
  const i = text.indexOf(':');
  if (i <= 0) return undefined;
  const kind = text.slice(0, i);
  const arg = text.slice(i + 1);
  if (kind === 'asof' && /^\d{4}-\d{2}-\d{2}$/.test(arg)) return { kind, date: arg };
  if (kind === 'rest' && /^\w+$/.test(arg)) return { kind, dimension: arg };
  return undefined;
}

export function formatBaseline(b: Baseline): string {
  return b.kind === 'asof' ? `asof:${b.date}` : `rest:${b.dimension}`;
}

/** A population a metric builder takes: its filter set and scope options. */
export interface Population<S extends ScopeOptions = ScopeOptions> {
  filters: FilterSet;
  scope: S;
}

/**
 * The baseline population of the current one (`filters` under `scope`), or null when the baseline
 * does not apply: a `rest` baseline whose dimension carries no filter (there is no segment), or an
 * `asof` baseline on the current side's own date.
 */
export function baselinePopulation<S extends ScopeOptions>(baseline: Baseline | null, filters: FilterSet, scope: S): Population<S> | null {
  if (!baseline) return null;
  if (baseline.kind === 'asof') {
    if (scope.asOf === baseline.date) return null;
    return { filters, scope: { ...scope, asOf: baseline.date } };
  }
  const segment = filters.find((c) => c.dimension === baseline.dimension && c.values.length > 0);
  if (!segment) return null;
  return {
    filters: filters.map((c) => (c === segment ? { ...c, exclude: true } : c)),
    scope,
  };
}

/** How a figure's change is stated (UX.md): ratios in percentage points, amounts in percent, counts as a difference. */
export type ChangeKind = 'ratio' | 'amount' | 'count';

/**
 * The change from the baseline to the current value: a ratio's difference (a fraction; 0.0042 is
 * +0.42 pp), an amount's relative change (0.1 is +10 %; null over a zero baseline), a count's
 * difference. Null when either side is missing.
 */
export function change(kind: ChangeKind, current: number | null | undefined, baseline: number | null | undefined): number | null {
  if (current === null || current === undefined || baseline === null || baseline === undefined) return null;
  if (!Number.isFinite(current) || !Number.isFinite(baseline)) return null;
  if (kind === 'amount') return baseline === 0 ? null : (current - baseline) / Math.abs(baseline);
  return current - baseline;
}
