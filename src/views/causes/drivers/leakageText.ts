import { i18n } from '../../../lib/i18n/index.svelte';
import { binText } from './binText';
import { LEAKAGE_IV, PURE_BIN_BAD_RATE, PURE_BINS_BAD_SHARE, type Leakage } from '../../../lib/metrics/drivers';

/** Why a column is marked as leakage, in the reader's language. */
export function leakageText(column: string, leakage: Leakage): string {
  switch (leakage.kind) {
    case 'pure_bins':
      return i18n.t('leakage.pure_bins', { bins: leakage.bins.map((b) => binText(column, b)).join(', '), rate: i18n.percent(PURE_BIN_BAD_RATE, 0), share: i18n.percent(leakage.badShare, 0) });
    case 'separation':
      return i18n.t('leakage.separation', { iv: leakage.iv.toFixed(2), threshold: LEAKAGE_IV.toFixed(1) });
    default:
      return i18n.t(`leakage.${leakage.kind}`);
  }
}

/** The rule, as the captions state it. */
export function leakageRuleText(): string {
  return i18n.t('leakage.caption', { rate: i18n.percent(PURE_BIN_BAD_RATE, 0), share: i18n.percent(PURE_BINS_BAD_SHARE, 0), iv: LEAKAGE_IV.toFixed(1) });
}
