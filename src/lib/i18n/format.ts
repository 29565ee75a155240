import type { Locale } from './types';

const tags: Record<Locale, string> = { en: 'en-US', zh: 'zh-CN' };

/** Integers with thousands separators. */
export function formatCount(n: number | null | undefined, locale: Locale): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–';
  return new Intl.NumberFormat(tags[locale], { maximumFractionDigits: 0 }).format(n);
}

/** Full amounts for tables: separators, two decimals at most. */
export function formatAmount(n: number | null | undefined, locale: Locale, digits = 0): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–';
  return new Intl.NumberFormat(tags[locale], { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
}

/**
 * Amounts for tiles. English: 1.2 M, 345.6 K. Chinese: 万 and 亿 as bank reports write them
 * (1.23亿, 3,456万). The unit is always visible.
 */
export function formatCompact(n: number | null | undefined, locale: Locale): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–';
  const sign = n < 0 ? '-' : '';
  const a = Math.abs(n);
  if (locale === 'zh') {
    if (a >= 1e8) return `${sign}${trim(a / 1e8, 2)}亿`;
    if (a >= 1e4) return `${sign}${formatAmount(Math.round(a / 1e4), 'zh')}万`;
    return `${sign}${formatAmount(a, 'zh')}`;
  }
  if (a >= 1e9) return `${sign}${trim(a / 1e9, 2)} B`;
  if (a >= 1e6) return `${sign}${trim(a / 1e6, 1)} M`;
  if (a >= 1e3) return `${sign}${trim(a / 1e3, 1)} K`;
  return `${sign}${formatAmount(a, 'en')}`;
}

/** The currency a book without one is shown in: the UI language's (DOMAIN.md: Bank A's books are in yuan). */
export function defaultCurrency(locale: Locale): string {
  return locale === 'zh' ? 'CNY' : 'USD';
}

/** Chinese names of currencies as amounts are written (3,456万元, 1.2亿美元); others keep their code. */
const ZH_CURRENCY: Record<string, string> = { CNY: '元', USD: '美元', EUR: '欧元', GBP: '英镑', HKD: '港元', JPY: '日元' };

/** The unit beside amounts in labels and headers: the ISO code in English ("USD"), the word in Chinese ("元"). */
export function currencyUnit(locale: Locale, currency: string): string {
  return locale === 'zh' ? (ZH_CURRENCY[currency] ?? ` ${currency}`).trim() : currency;
}

const signs = new Map<string, string>();

/** The sign English writes before an amount ($, €, CN¥), looked up once per currency: amounts are formatted on every render. */
function currencySign(currency: string): string {
  let sign = signs.get(currency);
  if (sign === undefined) {
    try {
      const parts = new Intl.NumberFormat('en-US', { style: 'currency', currency }).formatToParts(0);
      sign = parts.find((p) => p.type === 'currency')?.value ?? `${currency} `;
    } catch {
      sign = `${currency} `;
    }
    signs.set(currency, sign);
  }
  return sign;
}

/**
 * An amount of money for tiles, tips and text, its currency always visible: $254.2 K, CN¥1.2 M,
 * €3.4 K in English; 3,456万元, 1.23亿美元 in Chinese (万 and 亿 only there).
 */
export function formatMoney(n: number | null | undefined, locale: Locale, currency: string): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–';
  const magnitude = formatCompact(Math.abs(n), locale);
  const sign = n < 0 ? '-' : '';
  if (locale === 'zh') {
    const word = ZH_CURRENCY[currency];
    return word ? `${sign}${magnitude}${word}` : `${sign}${magnitude} ${currency}`;
  }
  return `${sign}${currencySign(currency)}${magnitude}`;
}

/** A fraction as a percentage: rates with 2 decimals, shares with 1. */
export function formatPercent(x: number | null | undefined, digits = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return `${(x * 100).toFixed(digits)} %`;
}

/** A change of two fractions, in percentage points with a sign: +0.42 pp. */
export function formatPoints(delta: number | null | undefined, locale: Locale, digits = 2): string {
  if (delta === null || delta === undefined || !Number.isFinite(delta)) return '–';
  const v = (delta * 100).toFixed(digits);
  const signed = delta > 0 ? `+${v}` : v;
  return locale === 'zh' ? `${signed} 个百分点` : `${signed} pp`;
}

/**
 * A column that holds calendar years (vintage_year, OriginationYear, ApprovalFY, 年份): its values are
 * written as a year is, never grouped like a count ("2006", not "2,006").
 */
export function isYearColumn(name: string): boolean {
  return /year$|^year(_|$)|(^|_)fy$|年份|年度/i.test(name) || /^Year[A-Z]|[a-z]FY$/.test(name);
}

/** A calendar year as written: digits only, no separators. */
export function formatYear(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–';
  return String(Math.trunc(n));
}

/** A number from a column: a year as a year, other integers as counts, fractions to two decimals. */
export function formatColumnNumber(column: string, n: number, locale: Locale): string {
  if (isYearColumn(column) && Number.isInteger(n)) return formatYear(n);
  return Number.isInteger(n) ? formatCount(n, locale) : n.toFixed(2);
}

/** Plain decimal (ratios such as lift or HHI). */
export function formatDecimal(x: number | null | undefined, digits = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return x.toFixed(digits);
}

/** ISO date in English; 2026年11月28日 in Chinese. */
export function formatDate(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return '–';
  const [y, m, d] = iso.slice(0, 10).split('-');
  if (locale === 'zh' && y && m && d) return `${y}年${Number(m)}月${Number(d)}日`;
  return iso.slice(0, 10);
}

function trim(x: number, digits: number): string {
  return x.toFixed(digits).replace(/\.?0+$/, '');
}
