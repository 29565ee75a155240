import type { Catalog, Locale } from '../lib/i18n/types';
import type { ReportLanguage } from '../lib/report/text';

/** Every catalog part of the app (the glob also picks up parts added later). */
const parts = Object.values(import.meta.glob<Record<string, Catalog>>('../lib/i18n/catalog/*.ts', { eager: true })).flatMap((m) => Object.values(m));

/** The app's message lookup (i18n/index.svelte.ts) over all its catalogs, without Svelte state. */
export function language(locale: Locale): ReportLanguage {
  const own: Record<string, string> = Object.assign({}, ...parts.map((p) => p[locale]));
  const en: Record<string, string> = Object.assign({}, ...parts.map((p) => p.en));
  return {
    locale,
    t: (key, vars = {}) => (own[key] ?? en[key] ?? key).replace(/\{(\w+)\}/g, (_, k: string) => (k in vars ? String(vars[k]) : `{${k}}`)),
  };
}
