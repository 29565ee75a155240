import { i18n } from '../../lib/i18n/index.svelte';
import type { FilterSet } from '../../lib/sql/filters';

/** A chart caption: how many loans are behind it and which filters are in force. */
export function filterCaption(loans: number, set: FilterSet): string {
  const described = set.length
    ? set.map((c) => `${i18n.dimension(c.dimension)} = ${c.values.map((v) => i18n.dimensionValue(c.dimension, v)).join(' / ')}`).join('; ')
    : i18n.t('filters.none');
  return i18n.t('overview.caption', { loans: i18n.count(loans), filters: described });
}
