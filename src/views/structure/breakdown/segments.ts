import type { Segment } from '../../../lib/metrics/portfolio/breakdown';
import { filters } from '../../../lib/state/filters.svelte';
import type { Measure } from '../params';
import { segmentLabel } from '../labels';

/** A segment ready for a chart: its label, the share being shown, and whether it is the selected one. */
export interface SegmentDatum extends Segment {
  label: string;
  share: number | null;
  selected: boolean;
}

export function segmentData(dimension: string, segments: readonly Segment[], measure: Measure): SegmentDatum[] {
  const data = segments.map((s) => ({
    ...s,
    label: segmentLabel(dimension, s.value),
    share: measure === 'balance' ? s.balanceShare : s.countShare,
    selected: filters.isSelected(dimension, s.value),
  }));
  return measure === 'count' ? data.sort((a, b) => b.loans - a.loans) : data;
}

/** Charts draw at most this many segments; the table always lists all of them. */
export const CHART_LIMIT = 30;

/** Upper end of the colour scale for NPL ratios: the largest one shown, at least 5 % so a clean book stays pale. */
export function rateDomainMax(values: readonly (number | null)[]): number {
  return Math.max(0.05, ...values.filter((v): v is number => v !== null));
}
