import type { Locale } from '../../../src/lib/i18n/types';
import { domain } from '../../../src/lib/i18n/catalog/domain';
import { flags } from '../../../src/lib/i18n/catalog/flags';
import { shell } from '../../../src/lib/i18n/catalog/shell';
import { report } from '../../../src/lib/i18n/catalog/report';
import type { ReportLanguage } from '../../../src/lib/report';

/** The app's lookup (i18n/index.svelte.ts) over the catalogs the report uses, without Svelte state. */
export function testLanguage(locale: Locale): ReportLanguage {
  const catalog: Record<string, string> = Object.assign({}, ...[shell, domain, flags, report].map((c) => c[locale]));
  return {
    locale,
    t: (key, vars = {}) => (catalog[key] ?? key).replace(/\{(\w+)\}/g, (_, k: string) => (k in vars ? String(vars[k]) : `{${k}}`)),
  };
}
