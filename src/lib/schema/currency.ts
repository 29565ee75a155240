import type { Locale } from '../i18n/types';
import type { ColumnProfile } from './propose';
import type { TableMapping } from './mapping';

/** Currencies a book can be kept in (ISO 4217); any other code can still be typed in a profile. */
export const CURRENCIES = ['CNY', 'USD', 'EUR', 'GBP', 'HKD', 'JPY'] as const;

/** Why a currency was proposed: a sign in the amounts, a word in a header, or only the UI language. */
export type CurrencyReason =
  | { by: 'values'; column: string; sign: string }
  | { by: 'header'; column: string; sign: string }
  | { by: 'language' };

export interface CurrencyProposal {
  code: string;
  why: CurrencyReason;
}

/** Signs in a value or header and the currency each announces; longer signs first (HK$ before $). */
const SIGNS: readonly [RegExp, string, string][] = [
  [/HK\$|HKD|港元|港币/i, 'HKD', 'HK$'],
  [/US\$|USD|美元/i, 'USD', 'USD'],
  [/\$/, 'USD', '$'],
  [/€|EUR|欧元/i, 'EUR', '€'],
  [/£|GBP|英镑/i, 'GBP', '£'],
  [/JPY|日元/i, 'JPY', 'JPY'],
  [/[¥￥]|RMB|CNY|人民币|万元|亿元|千元|元/i, 'CNY', '元'],
];

/** Amount fields whose values and headers tell the book's currency. */
const MONEY_FIELDS = ['amount', 'balance', 'credit_line', 'loss_amount', 'chargeoff_amount', 'recovered_amount', 'provision'];

function signOf(text: string): { code: string; sign: string } | null {
  for (const [re, code] of SIGNS) {
    const m = re.exec(text);
    if (m) return { code, sign: m[0] };
  }
  return null;
}

/**
 * The book's currency, proposed from what the export writes: a currency sign or word in the values
 * of its amount columns (`$12,500`, `¥3,000`, `12.5万元`), else in their headers (`贷款金额（万元）`,
 * `Amount (USD)`), else a Chinese export (Chinese headers: yuan); otherwise the UI language's
 * (Chinese: CNY, English: USD). The user can always change it.
 */
export function proposeCurrency(tables: readonly TableMapping[], profiles: readonly ColumnProfile[], locale: Locale): CurrencyProposal {
  const loans = tables.find((t) => t.table === 'loans');
  const sources = MONEY_FIELDS.map((f) => loans?.fields[f]?.source).filter((s): s is string => !!s);
  for (const column of sources) {
    const samples = profiles.find((p) => p.column === column)?.samples ?? [];
    for (const v of samples) {
      const s = signOf(v);
      if (s) return { code: s.code, why: { by: 'values', column, sign: s.sign } };
    }
  }
  for (const column of sources) {
    const s = signOf(column);
    if (s) return { code: s.code, why: { by: 'header', column, sign: s.sign } };
  }
  const chinese = (loans?.rawColumns ?? []).find((c) => /[\u4e00-\u9fff]/.test(c));
  if (chinese) return { code: 'CNY', why: { by: 'header', column: chinese, sign: '中文' } };
  return { code: locale === 'zh' ? 'CNY' : 'USD', why: { by: 'language' } };
}
