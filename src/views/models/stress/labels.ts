import { i18n } from '../../../lib/i18n/index.svelte';
import type { StressDimension } from '../../../lib/metrics/models';

export function stressDimensionLabel(d: StressDimension): string {
  return d === 'band' ? i18n.t('models.col.scoreBand') : i18n.dimension(d);
}

export function stressValueLabel(d: StressDimension, value: string | null): string {
  if (value === null) return i18n.t('stress.total');
  return d === 'band' ? value : i18n.dimensionValue(d, value);
}
