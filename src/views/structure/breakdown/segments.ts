import type { Segment } from '../../../lib/metrics/portfolio/breakdown';
import type { ExposureBasis } from '../../../lib/metrics/facts';
import { i18n, type MessageKey } from '../../../lib/i18n/index.svelte';
import { filters } from '../../../lib/state/filters.svelte';
import type { Measure } from '../params';
import { segmentLabel } from '../labels';

/** A segment ready for a chart: its label, the share being shown, its colour rate, and whether it is the selected one. */
export interface SegmentDatum extends Segment {
  label: string;
  share: number | null;
  /** The rate the segment is coloured by (see `colourRate`). */
  rate: number | null;
  selected: boolean;
}

/** What segments are coloured by: the NPL ratio where the book classes its loans, else the default rate. */
export type ColourRate = 'npl' | 'default';

export function colourRate(segments: readonly Segment[]): ColourRate {
  return segments.some((s) => s.nplRatio !== null) || !segments.some((s) => s.defaultRate !== null) ? 'npl' : 'default';
}

export function segmentData(dimension: string, segments: readonly Segment[], measure: Measure): SegmentDatum[] {
  const colour = colourRate(segments);
  const data = segments.map((s) => ({
    ...s,
    label: segmentLabel(dimension, s.value),
    share: measure === 'balance' ? s.exposureShare : s.countShare,
    rate: colour === 'npl' ? s.nplRatio : s.defaultRate,
    selected: filters.isSelected(dimension, s.value),
  }));
  return measure === 'count' ? data.sort((a, b) => b.loans - a.loans) : data;
}

/**
 * The words for what shares are measured on: the outstanding balance of a live book, the original
 * amount of a closed one (metrics/facts.ts `exposure`).
 */
export function exposureWords(basis: ExposureBasis | undefined) {
  const closed = basis === 'amount';
  return {
    choice: i18n.t(closed ? 'exposure.byAmount' : 'structure.byBalance'),
    column: i18n.t(closed ? 'exposure.col.amount' : 'structure.col.balance'),
    share: i18n.t(closed ? 'exposure.share.amount' : 'structure.col.balanceShare'),
    titleKey: (closed ? 'exposure.breakdownByAmount' : 'structure.breakdownByBalance') as MessageKey,
    /** The measure as a word inside a sentence ("by balance", "by original amount"). */
    word: i18n.t(closed ? 'exposure.word.amount' : 'exposure.word.balance'),
  };
}

/** The caption sentence saying what the colour is. */
export function colourCaption(colour: ColourRate): string {
  return i18n.t(colour === 'npl' ? 'structure.colourNpl' : 'exposure.colourDefault');
}

/** The short label beside each bar's share ("NPL 2.1 %" or "Default 14.3 %"). */
export function rateShort(colour: ColourRate): string {
  return i18n.t(colour === 'npl' ? 'structure.nplShort' : 'exposure.defaultShort');
}

/** Charts draw at most this many segments; the table always lists all of them. */
export const CHART_LIMIT = 30;

/** Upper end of the colour scale for rates: the largest one shown, at least 5 % so a clean book stays pale. */
export function rateDomainMax(values: readonly (number | null)[]): number {
  return Math.max(0.05, ...values.filter((v): v is number => v !== null));
}
