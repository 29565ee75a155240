import type { Value } from '../../lib/db/rows';
import { i18n } from '../../lib/i18n/index.svelte';
import { MEASURE_KIND, type PivotLevel, type PivotMeasure } from '../../lib/metrics/pivot/layout';

/** A level's name: the dimension's, a date's with its grain ("Origination date (quarter)"). */
export function levelLabel(l: PivotLevel): string {
  if (!l.grain) return i18n.dimension(l.field);
  return `${i18n.message(`pivot.level.${l.field}`)} (${i18n.message(`pivot.grain.${l.grain}`)})`;
}

/** A period as its reader writes it: 2023-04, 2023 Q2 (2023年第2季度), 2023. */
function periodLabel(grain: string, v: string): string {
  const [y, m] = v.split('-');
  if (grain === 'year') return y;
  if (grain === 'quarter') {
    const q = Math.floor((Number(m) - 1) / 3) + 1;
    return i18n.locale === 'zh' ? `${y}年第${q}季度` : `${y} Q${q}`;
  }
  return `${y}-${m}`;
}

export function valueLabel(l: PivotLevel, v: Value): string {
  if (l.grain && v !== null) return periodLabel(l.grain, String(v));
  return i18n.dimensionValue(l.field, v);
}

export function measureLabel(m: PivotMeasure): string {
  return i18n.message(`pivot.measure.${m}`);
}

/** A value as the table writes it (UX.md): counts whole, amounts in full, rates 2 decimals, shares 1. */
export function formatValue(m: PivotMeasure, v: number | null): string {
  if (v === null) return '–';
  switch (MEASURE_KIND[m]) {
    case 'count':
      return i18n.count(v);
    case 'amount':
      return i18n.amount(v);
    case 'rate':
      return i18n.percent(v, 2);
    case 'share':
      return i18n.percent(v, 1);
    case 'ratio':
      return v.toFixed(2);
  }
}
