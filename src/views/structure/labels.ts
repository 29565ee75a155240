import { i18n } from '../../lib/i18n/index.svelte';

/** A segment value as a reader knows it (industry letters carry their GB/T 4754 section name). */
export function segmentLabel(dimension: string, value: unknown): string {
  return i18n.dimensionValue(dimension, value);
}

/** Shorter form for tight places (chart axes): the section letter alone is too cryptic, the name alone is enough. */
export function shortSegmentLabel(dimension: string, value: unknown): string {
  const full = segmentLabel(dimension, value);
  return full.length > 18 ? `${full.slice(0, 17)}…` : full;
}
