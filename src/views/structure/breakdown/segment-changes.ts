import { change, type ChangeKind } from '../../../lib/metrics/compare';
import type { PortfolioTotals, Segment } from '../../../lib/metrics/portfolio/breakdown';

/** The segment figures a compared breakdown table states the change of, and how (UX.md). */
export const COMPARED = [
  { field: 'loans', kind: 'count' },
  { field: 'exposureShare', kind: 'ratio' },
  { field: 'nplRatio', kind: 'ratio' },
  { field: 'defaultRate', kind: 'ratio' },
] as const satisfies readonly { field: keyof Segment; kind: ChangeKind }[];

export type ComparedField = (typeof COMPARED)[number]['field'];

export interface FigureChange {
  base: number | null;
  delta: number | null;
}

export type SegmentChanges = Record<ComparedField, FigureChange>;

type Figures = Partial<Record<ComparedField, number | null>>;

function changesOf(current: Figures, base: Figures | undefined): SegmentChanges {
  return Object.fromEntries(
    COMPARED.map(({ field, kind }) => {
      const b = base ? (base[field] ?? null) : null;
      // A segment the baseline does not have: it had no loans there.
      const baseValue = base === undefined && field === 'loans' ? 0 : b;
      return [field, { base: baseValue, delta: change(kind, current[field] ?? null, baseValue) }];
    }),
  ) as SegmentChanges;
}

/** Each current segment's change against the baseline segment of the same value, by the value's text. */
export function segmentChanges(current: readonly Segment[], baseline: readonly Segment[]): Map<string, SegmentChanges> {
  const byValue = new Map(baseline.map((s) => [String(s.value), s]));
  return new Map(current.map((s) => [String(s.value), changesOf(s, byValue.get(String(s.value)))]));
}

/** The total row's change (shares are 100 % on both sides: no change stated). */
export function totalChanges(current: PortfolioTotals, baseline: PortfolioTotals): SegmentChanges {
  return changesOf({ loans: current.loans, nplRatio: current.nplRatio, defaultRate: current.defaultRate }, { loans: baseline.loans, nplRatio: baseline.nplRatio, defaultRate: baseline.defaultRate });
}
