import type { Locale } from '../lib/i18n/types';
import { en, zh } from '../lib/i18n/catalog';
import { fillMessage } from '../lib/i18n/fill';
import { currencyUnit, defaultCurrency } from '../lib/i18n/format';
import type { ReportLanguage } from '../lib/report/text';

const catalogs: Record<Locale, Record<string, string>> = { en, zh };

/** The app's message lookup (i18n/index.svelte.ts) over all its catalogs, without Svelte state. */
export function language(locale: Locale, currency: string | null = null): ReportLanguage {
  const code = currency ?? defaultCurrency(locale);
  return {
    locale,
    currency: code,
    t: (key, vars = {}) => fillMessage(catalogs[locale][key] ?? catalogs.en[key] ?? key, { currency: currencyUnit(locale, code), ...vars }, locale),
  };
}
