import { i18n } from '../../lib/i18n/index.svelte';

/**
 * A segment value as a reader knows it. GB/T 4754 section letters get their section name
 * ("E · Construction"), everything else goes through the shared dimension vocabulary.
 */
export function segmentLabel(dimension: string, value: unknown): string {
  if (dimension === 'industry' && typeof value === 'string' && /^[A-T]$/.test(value)) {
    const key = `structure.gbt.${value}`;
    const name = i18n.t(key);
    return name === key ? value : `${value} · ${name}`;
  }
  return i18n.dimensionValue(dimension, value);
}

/** Shorter form for tight places (chart axes): the section letter alone is too cryptic, the name alone is enough. */
export function shortSegmentLabel(dimension: string, value: unknown): string {
  const full = segmentLabel(dimension, value);
  return full.length > 18 ? `${full.slice(0, 17)}…` : full;
}
