import { i18n } from '../../lib/i18n/index.svelte';
import type { Value } from '../../lib/db/rows';
import { formatColumnNumber } from '../../lib/i18n/format';

const RATIO_KEYS = new Set(['ltv', 'industry_npl_ratio', 'book_npl_ratio', 'interest_rate']);
const AMOUNT_KEYS = new Set(['amount', 'balance', 'approver_limit', 'collateral_value', 'chargeoff_amount', 'recovery_amount', 'credit_line', 'reserve']);

/** A data value as text for a person: dates, amounts, ratios, classes, booleans; never HTML. */
export function formatValue(key: string, value: Value | undefined): string {
  if (value === null || value === undefined || value === '') return '–';
  if (typeof value === 'boolean') return i18n.t(`value.${value}`);
  if (key === 'five_class' || key === 'min_class_for_dpd') return `${value} · ${i18n.message(`class.${value}`)}`;
  if (key === 'enterprise_size') return i18n.dimensionValue('enterprise_size', value);
  if (typeof value === 'number') {
    if (RATIO_KEYS.has(key)) return i18n.percent(value, 2);
    if (AMOUNT_KEYS.has(key)) return i18n.amount(value);
    return formatColumnNumber(key, value, i18n.locale);
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) return i18n.date(value);
  return value;
}

/** Name of a field (evidence key or column): the catalog's when it has one, else the raw key. */
export function fieldLabel(key: string): string {
  const own = i18n.message(`cases.field.${key}`);
  if (own !== `cases.field.${key}`) return own;
  const dim = i18n.dimension(key);
  return dim;
}

export function statusBadges(loan: { is_defaulted?: Value; is_npl?: Value; is_restructured?: Value; is_renewal?: Value; dpd?: Value; balance?: Value; chargeoff_amount?: Value }): string[] {
  const out: string[] = [];
  if (loan.is_defaulted === true) out.push('defaulted');
  if (loan.is_npl === true) out.push('npl');
  if (typeof loan.dpd === 'number' && loan.dpd > 0) out.push('overdue');
  if (loan.is_restructured === true) out.push('restructured');
  if (loan.is_renewal === true) out.push('renewal');
  if (typeof loan.chargeoff_amount === 'number') out.push('chargedOff');
  if (loan.balance === 0 && loan.is_defaulted !== true) out.push('repaid');
  return out;
}
