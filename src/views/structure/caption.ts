import { i18n } from '../../lib/i18n/index.svelte';
import type { FilterSet } from '../../lib/sql/filters';
import { segmentLabel } from './labels';

/** The filters in force, as the caption under a chart states them. */
export function describeFilters(set: FilterSet): string {
  if (!set.length) return i18n.t('filters.none');
  return set.map((c) => `${i18n.dimension(c.dimension)} = ${c.values.map((v) => segmentLabel(c.dimension, v)).join(' / ')}`).join('; ');
}

/** "{n} loans · {filters}" (or borrowers), plus a note when the chart's own dimension is highlighted rather than filtered. */
export function caption(count: number, set: FilterSet, options: { unit?: 'loan' | 'borrower'; ownFilterIgnored?: boolean } = {}): string {
  const key = options.unit === 'borrower' ? 'structure.captionBorrowers' : 'structure.captionLoans';
  const text = i18n.t(key, { n: i18n.count(count), filters: describeFilters(set) });
  return options.ownFilterIgnored ? `${text} ${i18n.t('structure.ownFilterNote')}` : text;
}
