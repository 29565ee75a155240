import type { Limit } from '../metrics/portfolio/limits';

/**
 * The user's concentration and tolerance limits, and the bank's net capital they refer to.
 * Saved on every change (no save button) and exportable / importable as a JSON file.
 */
export type LimitSetting =
  | { id: string; kind: 'segment_share'; dimension: string; max: number }
  | { id: string; kind: 'borrower_share_of_capital'; max: number }
  | { id: string; kind: 'inclusive_npl_tolerance'; maxPoints: number };

export interface LimitsFile {
  format: 'loanbook-lab.limits';
  version: 1;
  /** Net capital in the book's currency; null until the user enters it. */
  netCapital: number | null;
  limits: LimitSetting[];
}

/** DOMAIN.md: one industry ≤ 25 % of the book, largest borrower ≤ 10 % of net capital, inclusive NPL ≤ bank + 3 pp. */
export const DEFAULT_LIMITS: readonly LimitSetting[] = [
  { id: 'industry-share', kind: 'segment_share', dimension: 'industry', max: 0.25 },
  { id: 'borrower-capital', kind: 'borrower_share_of_capital', max: 0.1 },
  { id: 'inclusive-npl', kind: 'inclusive_npl_tolerance', maxPoints: 3 },
];

const isShare = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x > 0;

/** Validates untrusted JSON (localStorage or an imported file); drops entries it does not understand. */
export function parseLimitsFile(x: unknown): LimitsFile | null {
  if (!x || typeof x !== 'object') return null;
  const o = x as Record<string, unknown>;
  if (o.format !== 'loanbook-lab.limits' || !Array.isArray(o.limits)) return null;
  const netCapital = isShare(o.netCapital) ? o.netCapital : null;
  const limits: LimitSetting[] = [];
  for (const raw of o.limits as unknown[]) {
    if (!raw || typeof raw !== 'object') continue;
    const l = raw as Record<string, unknown>;
    const id = typeof l.id === 'string' && l.id ? l.id : `lim-${limits.length}`;
    if (l.kind === 'segment_share' && typeof l.dimension === 'string' && /^\w+$/.test(l.dimension) && isShare(l.max))
      limits.push({ id, kind: 'segment_share', dimension: l.dimension, max: l.max });
    else if (l.kind === 'borrower_share_of_capital' && isShare(l.max)) limits.push({ id, kind: 'borrower_share_of_capital', max: l.max });
    else if (l.kind === 'inclusive_npl_tolerance' && typeof l.maxPoints === 'number' && Number.isFinite(l.maxPoints))
      limits.push({ id, kind: 'inclusive_npl_tolerance', maxPoints: l.maxPoints });
  }
  return { format: 'loanbook-lab.limits', version: 1, netCapital, limits };
}

/** The metric layer's form of a setting; null when it cannot be checked yet (no net capital). */
export function toLimit(s: LimitSetting, netCapital: number | null): Limit | null {
  if (s.kind === 'segment_share') return { kind: 'segment_share', dimension: s.dimension, max: s.max };
  if (s.kind === 'inclusive_npl_tolerance') return { kind: 'inclusive_npl_tolerance', maxPoints: s.maxPoints };
  return netCapital && netCapital > 0 ? { kind: 'borrower_share_of_capital', netCapital, max: s.max } : null;
}

/** The limits a report checks, and those it names as not checkable yet (a borrower limit without net capital). */
export function reportLimits(list: readonly LimitSetting[], netCapital: number | null): { limits: Limit[]; unchecked: { kind: string; missing: string[] }[] } {
  const limits: Limit[] = [];
  const unchecked: { kind: string; missing: string[] }[] = [];
  for (const s of list) {
    const l = toLimit(s, netCapital);
    if (l) limits.push(l);
    else unchecked.push({ kind: s.kind, missing: ['net_capital'] });
  }
  return { limits, unchecked };
}
