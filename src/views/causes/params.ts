import { defaultOutcome, nplOutcome, type Outcome } from '../../lib/metrics/drivers';
import { DEFAULT_SEGMENT_MIN_LOANS } from '../../lib/metrics/segments';
import { oneOf, text, urlParam, valuesOf, wholeNumber } from '../../lib/state/url-param';

/** The sub-tabs of the root-cause screen, in order. */
export const CAUSE_TABS = ['causes', 'drivers', 'segments', 'rules'] as const;
export type CauseTab = (typeof CAUSE_TABS)[number];

export const PARETO_GROUPS = ['cause', 'rule', 'problem'] as const;
export type ParetoGroup = (typeof PARETO_GROUPS)[number];
export const PARETO_MEASURES = ['count', 'loss'] as const;
export type ParetoMeasure = (typeof PARETO_MEASURES)[number];

export const FISHBONE_VIEWS = ['excess', 'count'] as const;
export type FishboneView = (typeof FISHBONE_VIEWS)[number];

export type OutcomeChoice = 'default' | 'npl';

export const SEGMENT_DEPTHS = ['2', '3'] as const;
export type SegmentDepth = (typeof SEGMENT_DEPTHS)[number];

/** Screen-local URL parameters, each with its default (never written to the URL). */
export const causeUrl = {
  tab: urlParam<CauseTab>('tab', 'causes', oneOf(CAUSE_TABS)),
  outcome: urlParam<OutcomeChoice>('outcome', 'default', oneOf(['default', 'npl'] as const)),
  group: urlParam<ParetoGroup>('group', 'cause', oneOf(PARETO_GROUPS)),
  measure: urlParam<ParetoMeasure>('by', 'count', oneOf(PARETO_MEASURES)),
  /** The fishbone ranks by excess defaults, or shows the count view. */
  fishbone: urlParam<FishboneView>('fb', 'excess', oneOf(FISHBONE_VIEWS)),
  /** Quantile bins of numeric drivers (2–20, default 5). */
  bins: urlParam('bins', 5, wholeNumber(2, 20)),
  attribute: urlParam('attr', null, text),
  /** Segment finder: combine up to two or three attributes (pairs are quick, triples take seconds). */
  segDepth: urlParam<SegmentDepth>('segdepth', '2', oneOf(SEGMENT_DEPTHS)),
  /** Segment finder: cells with fewer loans are not tested. */
  segMin: urlParam('segmin', DEFAULT_SEGMENT_MIN_LOANS, wholeNumber(20, 100_000)),
  /** The user's cut points for the selected numeric attribute, ascending; null when none. */
  cuts: urlParam<number[] | null>('cuts', null, { parse: (raw) => parseCuts(raw) ?? undefined, format: (cuts) => cuts?.join(',') ?? '' }),
};

/** Screen-local URL state, read with defaults. */
export const causeParams = valuesOf(causeUrl);

/** "1000, 5e4, 2" → [2, 1000, 50000]; null when empty or any part is not a number. */
export function parseCuts(text: string): number[] | null {
  const parts = text.split(/[,，\s]+/).filter(Boolean);
  if (!parts.length) return null;
  const values = parts.map(Number);
  if (values.some((v) => !Number.isFinite(v))) return null;
  return [...new Set(values)].sort((a, b) => a - b);
}

export function outcomeOf(choice: OutcomeChoice): Outcome {
  return choice === 'npl' ? nplOutcome() : defaultOutcome();
}
