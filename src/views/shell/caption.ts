import { i18n } from '../../lib/i18n/index.svelte';
import type { FilterSet } from '../../lib/sql/filters';

/** The filters in force, as the caption under a chart states them. */
export function describeFilters(set: FilterSet): string {
  if (!set.length) return i18n.t('filters.none');
  return set.map((c) => `${i18n.dimension(c.dimension)} = ${c.values.map((v) => i18n.dimensionValue(c.dimension, v)).join(' / ')}`).join('; ');
}

/** "{n} loans · {filters}" (or borrowers), plus a note when the chart's own dimension is highlighted rather than filtered. */
export function caption(count: number, set: FilterSet, options: { unit?: 'loan' | 'borrower'; ownFilterIgnored?: boolean } = {}): string {
  const key = options.unit === 'borrower' ? 'caption.borrowers' : 'caption.loans';
  const text = i18n.t(key, { n: i18n.count(count), filters: describeFilters(set) });
  return options.ownFilterIgnored ? sentences(text, i18n.t('caption.ownFilterNote')) : text;
}

/** Joins caption sentences, adding the full stop a sentence lacks. */
export function sentences(...parts: (string | false | undefined)[]): string {
  return parts
    .filter((p): p is string => !!p)
    .map((p) => (/[.。!?）)]$/.test(p.trim()) ? p.trim() : `${p.trim()}${/[\u4e00-\u9fff]/.test(p) ? '。' : '.'}`))
    .join(' ');
}
