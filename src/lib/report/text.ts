import type { Locale } from '../i18n/types';
import { formatCompact, formatCount, formatDecimal, formatMoney, formatPercent, formatPoints } from '../i18n/format';
import type { Headline, Message, NumberKind, Part } from './types';

/** What formatting needs: the language and its message lookup (the app's `i18n.t`, or a test's). */
export interface ReportLanguage {
  locale: Locale;
  t: (key: string, vars?: Record<string, string | number>) => string;
  /** The book's currency (ISO 4217), written beside every amount. */
  currency: string;
}

export function formatNumber(kind: NumberKind, value: number | null, locale: Locale, currency?: string): string {
  if (value === null || !Number.isFinite(value)) return '–';
  switch (kind) {
    case 'count':
      return formatCount(value, locale);
    case 'amount':
      return formatCount(Math.round(value), locale);
    case 'compact':
      return currency ? formatMoney(value, locale, currency) : formatCompact(value, locale);
    case 'rate':
      return formatPercent(value, 2);
    case 'share':
      return formatPercent(value, 1);
    case 'ratio':
      return `${formatDecimal(value, 2)}×`;
    case 'points':
      return formatPoints(value, locale);
    case 'decimal':
      return formatDecimal(value, 2);
  }
}

export function formatPart(part: Part, lang: ReportLanguage): string {
  if (part.kind === 'text') return part.value;
  if (part.kind === 'message') return formatMessage({ key: part.key, vars: part.vars ?? {} }, lang);
  if (part.kind === 'list') return part.items.map((p) => formatPart(p, lang)).join(lang.locale === 'zh' ? '、' : ', ') || '–';
  return formatNumber(part.kind, part.value, lang.locale, lang.currency);
}

const SLOT = '\u{e000}';

/**
 * A finding's statement split around its headline figure, so the figure is written once, where the sentence
 * names it ("34 of 1,204 past-due loans…", not "34 34 of…"). Without a slot the figure leads the sentence.
 */
export function statementAround(statement: Message, headline: Headline, lang: ReportLanguage): [before: string, after: string] {
  const leading = (): [string, string] => ['', ` ${formatMessage(statement, lang)}`];
  if (!headline.slot || !(headline.slot in statement.vars)) return leading();
  const text = formatMessage({ ...statement, vars: { ...statement.vars, [headline.slot]: { kind: 'text', value: SLOT } } }, lang);
  const at = text.indexOf(SLOT);
  return at < 0 ? leading() : [text.slice(0, at), text.slice(at + SLOT.length)];
}

/** A message in the reader's language; an unknown dimension name falls back to the column name. */
export function formatMessage(m: Message, lang: ReportLanguage): string {
  const vars = Object.fromEntries(Object.entries(m.vars).map(([k, p]) => [k, formatPart(p, lang)]));
  const out = lang.t(m.key, vars);
  if (out === m.key && m.key.startsWith('dim.')) return m.key.slice(4);
  return out;
}
