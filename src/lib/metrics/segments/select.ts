import { clopperPearson, upperTail } from './binomial';

/** One cell of the search: loans sharing a value of each of its attributes (none for the whole population). */
export interface SegmentCell {
  /** Attribute columns, in SEGMENT_ATTRIBUTES order. */
  attributes: string[];
  /** Each attribute's value as text, as the filter set carries it; null for missing. */
  values: (string | null)[];
  loans: number;
  defaults: number;
}

export interface FoundSegment extends SegmentCell {
  rate: number;
  /** Clopper–Pearson bounds of the rate, each one-sided at alpha ÷ tested. */
  low: number;
  high: number;
  /** rate ÷ the population's rate, and the interval's ends divided by it alike. */
  lift: number;
  liftLow: number;
  liftHigh: number;
  /** Defaults beyond what the rest of the population's rate gives its loans (the Root causes ranking's excess). */
  excess: number;
}

export interface SegmentSelectOptions {
  /** Family-wise chance of listing any segment whose rate is not above the population's (default 0.05). */
  alpha?: number;
  /** Cells with fewer loans are not tested (and not counted in the Bonferroni divisor). */
  minLoans?: number;
}

export interface SegmentSearch {
  loans: number;
  defaults: number;
  rate: number | null;
  /** Cells of two or more attributes with at least `minLoans` loans: the Bonferroni divisor m. */
  tested: number;
  alpha: number;
  minLoans: number;
  /** The level each cell is tested at: alpha ÷ tested (Bonferroni). */
  level: number;
  /** Segments that pass both tests, by excess defaults (largest first). */
  found: FoundSegment[];
}

export const DEFAULT_SEGMENT_ALPHA = 0.05;
export const DEFAULT_SEGMENT_MIN_LOANS = 100;
/** One-sided level of "each attribute adds": a screen on the survivors, so it cannot add false positives. */
export const ADDS_LEVEL = 0.05;

const keyOf = (attributes: readonly string[], values: readonly (string | null)[]) =>
  JSON.stringify(attributes.map((a, i) => [a, values[i]]));

/**
 * The segments that concentrate defaults, from the counted cells (segments/search.ts):
 * 1. every cell of two or three attributes with at least `minLoans` loans is tested, m of them;
 * 2. it is kept when an exact one-sided binomial test at alpha ÷ m (Bonferroni) says its defaults
 *    are more than the population's rate gives: P(X ≥ defaults | loans, rate) < alpha ÷ m, which is
 *    the Clopper–Pearson lower bound of its rate lying above the population's, its lift's lower
 *    bound above 1. The chance that any listed segment is there by chance alone is at most alpha;
 * 3. and each of its attributes adds: the same test at one-sided 5 % against the rate of every
 *    segment it extends (the cell without one of its attributes) rejects too, so "micro × no
 *    statements" is not listed when "no statements" alone explains it;
 * 4. kept segments are ranked by excess defaults: defaults − loans × the rate of the rest of the
 *    population (outside the segment), the definition the Root causes ranking uses for a flag.
 */
export function selectSegments(cells: readonly SegmentCell[], options: SegmentSelectOptions = {}): SegmentSearch {
  const alpha = options.alpha ?? DEFAULT_SEGMENT_ALPHA;
  const minLoans = options.minLoans ?? DEFAULT_SEGMENT_MIN_LOANS;
  const total = cells.find((c) => c.attributes.length === 0);
  const N = total?.loans ?? 0;
  const K = total?.defaults ?? 0;
  const rate = N > 0 ? K / N : null;
  const byKey = new Map(cells.map((c) => [keyOf(c.attributes, c.values), c]));
  const tested = cells.filter((c) => c.attributes.length >= 2 && c.loans >= minLoans);
  const level = alpha / Math.max(1, tested.length);
  const found: FoundSegment[] = [];
  if (rate !== null && rate > 0) {
    for (const c of tested) {
      if (!(c.defaults / c.loans > rate) || !(upperTail(c.defaults, c.loans, rate) < level)) continue;
      const adds = c.attributes.every((_, drop) => {
        const parent = byKey.get(keyOf(c.attributes.filter((_, i) => i !== drop), c.values.filter((_, i) => i !== drop)));
        if (parent === undefined || parent.loans <= 0) return false;
        const parentRate = parent.defaults / parent.loans;
        return c.defaults / c.loans > parentRate && upperTail(c.defaults, c.loans, parentRate) < ADDS_LEVEL;
      });
      if (!adds) continue;
      const ci = clopperPearson(c.defaults, c.loans, level);
      const restRate = N > c.loans ? (K - c.defaults) / (N - c.loans) : 0;
      found.push({
        ...c,
        rate: c.defaults / c.loans,
        low: ci.low,
        high: ci.high,
        lift: c.defaults / c.loans / rate,
        liftLow: ci.low / rate,
        liftHigh: ci.high / rate,
        excess: c.defaults - c.loans * restRate,
      });
    }
  }
  found.sort((a, b) => b.excess - a.excess || b.liftLow - a.liftLow);
  return { loans: N, defaults: K, rate, tested: tested.length, alpha, minLoans, level, found };
}
