import { i18n } from '../../../lib/i18n/index.svelte';
import { formatYear, isYearColumn } from '../../../lib/i18n/format';
import type { BinKey } from '../../../lib/metrics/drivers';

const rounded = (x: number) => Number(x.toPrecision(4)).toLocaleString(i18n.locale === 'zh' ? 'zh-CN' : 'en');

/** A bin as a reader sees it: a value, a half-open range with rounded bounds, or "missing". */
export function binText(column: string, key: BinKey): string {
  const short = isYearColumn(column) ? (x: number) => formatYear(Math.round(x)) : rounded;
  switch (key.kind) {
    case 'missing':
      return i18n.t('value.missing');
    case 'value':
      return key.members ? key.members.map((m) => i18n.dimensionValue(column, m)).join(' + ') : i18n.dimensionValue(column, key.value);
    case 'range':
      if (key.lo === null && key.hi === null) return i18n.t('drivers.bin.all');
      if (key.lo === null) return `< ${short(key.hi!)}`;
      if (key.hi === null) return `≥ ${short(key.lo)}`;
      return `[${short(key.lo)}, ${short(key.hi)})`;
  }
}
