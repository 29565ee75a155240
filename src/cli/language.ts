import type { Locale } from '../lib/i18n/types';
import { en, zh } from '../lib/i18n/catalog';
import { fillMessage } from '../lib/i18n/fill';
import type { ReportLanguage } from '../lib/report/text';

const catalogs: Record<Locale, Record<string, string>> = { en, zh };

/** The app's message lookup (i18n/index.svelte.ts) over all its catalogs, without Svelte state. */
export function language(locale: Locale): ReportLanguage {
  return {
    locale,
    t: (key, vars = {}) => fillMessage(catalogs[locale][key] ?? catalogs.en[key] ?? key, vars, locale),
  };
}
