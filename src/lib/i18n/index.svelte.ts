import type { Locale } from './types';
import { en, zh, type MessageKey } from './catalog';
import * as fmt from './format';
import { fillMessage } from './fill';
import { factColumnType } from '../schema/facts-columns';

const catalogs: Record<Locale, Record<MessageKey, string>> = { en, zh };

const lookup = (locale: Locale, key: string): string | undefined => (catalogs[locale] as Record<string, string>)[key];

const STORAGE_KEY = 'lbl.locale';

function initialLocale(): Locale {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'zh') return stored;
  const nav = globalThis.navigator?.language ?? 'en';
  return nav.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** The UI language: remembered across visits, defaulting to the browser's. */
class I18n {
  locale = $state<Locale>(initialLocale());
  /** The open book's currency (book_settings); null: the UI language's. */
  currency = $state<string | null>(null);

  get currencyCode(): string {
    return this.currency ?? fmt.defaultCurrency(this.locale);
  }

  set(locale: Locale): void {
    this.locale = locale;
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
    document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
  }

  /** A message in the current language, `{name}` placeholders filled from `vars`. Only keys of the catalog type-check. */
  t = (key: MessageKey, vars: Record<string, string | number> = {}): string => fillMessage(catalogs[this.locale][key], this.withCurrency(vars), this.locale);

  /**
   * A message whose key is computed at run time (`class.${n}`, `field.${name}`…), so the compiler cannot check it:
   * the current language, else English, else the key itself. Prefer `t` with a literal key.
   */
  message = (key: string, vars: Record<string, string | number> = {}): string => fillMessage(this.lookup(key) ?? lookup('en', key) ?? key, this.withCurrency(vars), this.locale);

  private lookup = (key: string): string | undefined => lookup(this.locale, key);

  /** Messages may write `{currency}` for the book's currency as a unit ("USD", "元"). */
  private withCurrency = (vars: Record<string, string | number>) => ({ currency: this.currencyUnit(), ...vars });

  count = (n: number | null | undefined) => fmt.formatCount(n, this.locale);
  year = (n: number | null | undefined) => fmt.formatYear(n);
  amount = (n: number | null | undefined, digits = 0) => fmt.formatAmount(n, this.locale, digits);
  /** Money for tiles, tips and text, in the book's currency ($254.2 K, 3,456万元). */
  compact = (n: number | null | undefined) => fmt.formatMoney(n, this.locale, this.currencyCode);
  /** The currency as a unit beside amounts ("USD", "元"). */
  currencyUnit = () => fmt.currencyUnit(this.locale, this.currencyCode);
  percent = (x: number | null | undefined, digits = 2) => fmt.formatPercent(x, digits);
  points = (d: number | null | undefined, digits = 2) => fmt.formatPoints(d, this.locale, digits);
  date = (iso: string | null | undefined) => fmt.formatDate(iso, this.locale);

  /** A canonical field's name as the user reads it (never the raw column name when a label exists). */
  field = (name: string) => this.lookup(`field.${name}`) ?? this.lookup(`dim.${name}`) ?? name;

  /** A dimension's name, falling back to the column name for a book's own attributes. */
  dimension = (column: string) => this.lookup(`dim.${column}`) ?? column;

  /** A dimension value as a person reads it (class codes, sizes, booleans, missing). */
  dimensionValue = (column: string, value: unknown): string => {
    if (value === null || value === undefined) return this.t('value.missing');
    if (column === 'five_class') return this.message(`class.${value}`);
    if (column === 'ifrs9_stage') return this.message(`stage.${value}`);
    if (column === 'enterprise_size') return this.lookup(`size.${value}`) ?? String(value);
    if (column === 'industry') {
      const trade = this.lookup(`industry.${value}`);
      if (trade) return `${value} · ${trade}`;
    }
    if (typeof value === 'boolean') return this.t(`value.${value}`);
    // A boolean column's value as the URL's filter set carries it: text.
    if ((value === 'true' || value === 'false') && factColumnType(column) === 'BOOLEAN') return this.t(`value.${value}`);
    // A canonical value of a mapped vocabulary (guarantee, collateral, product, repayment) by its label.
    return this.lookup(`values.${column}.${value}`) ?? String(value);
  };
}

export const i18n = new I18n();
export const t = i18n.t;
export type { MessageKey };
