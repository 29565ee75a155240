import type { Locale } from '../../../src/lib/i18n/types';
import { en as domainEn } from '../../../src/lib/i18n/catalog/domain/en';
import { zh as domainZh } from '../../../src/lib/i18n/catalog/domain/zh';
import { en as flagsEn } from '../../../src/lib/i18n/catalog/flags/en';
import { zh as flagsZh } from '../../../src/lib/i18n/catalog/flags/zh';
import { en as shellEn } from '../../../src/lib/i18n/catalog/shell/en';
import { zh as shellZh } from '../../../src/lib/i18n/catalog/shell/zh';
import { en as reportEn } from '../../../src/lib/i18n/catalog/report/en';
import { zh as reportZh } from '../../../src/lib/i18n/catalog/report/zh';
import { en as outcomeEn } from '../../../src/lib/i18n/catalog/outcome/en';
import { zh as outcomeZh } from '../../../src/lib/i18n/catalog/outcome/zh';
import { en as exposureEn } from '../../../src/lib/i18n/catalog/exposure/en';
import { zh as exposureZh } from '../../../src/lib/i18n/catalog/exposure/zh';
import type { ReportLanguage } from '../../../src/lib/report';
import { fillMessage } from '../../../src/lib/i18n/fill';

/** Only the areas the report uses: a report key borrowed from another screen's area shows up raw. */
const catalogs: Record<Locale, Record<string, string>> = {
  en: { ...shellEn, ...domainEn, ...flagsEn, ...reportEn, ...outcomeEn, ...exposureEn },
  zh: { ...shellZh, ...domainZh, ...flagsZh, ...reportZh, ...outcomeZh, ...exposureZh },
};

/** The app's lookup (i18n/index.svelte.ts) over the catalogs the report uses, without Svelte state. */
export function testLanguage(locale: Locale, currency = 'CNY'): ReportLanguage {
  const catalog = catalogs[locale];
  return {
    locale,
    currency,
    t: (key, vars = {}) => fillMessage(catalog[key] ?? key, vars, locale),
  };
}
