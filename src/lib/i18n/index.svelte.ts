import { data } from './catalog/data';
import { importCatalog } from './catalog/import';
import { importReaders } from './catalog/import-readers';
import { domain } from './catalog/domain';
import { overview } from './catalog/overview';
import { notebook } from './catalog/notebook';
import { shell } from './catalog/shell';
import { structure } from './catalog/structure';
import { flags } from './catalog/flags';
import { causes } from './catalog/causes';
import { cases } from './catalog/cases';
import { publish } from './catalog/publish';
import { report } from './catalog/report';
import { models } from './catalog/models';
import { engine } from './catalog/engine';
import { clean } from './catalog/clean';
import { leakage } from './catalog/leakage';
import { caption } from './catalog/caption';
import { importEngine } from './catalog/import-engine';
import { outcome } from './catalog/outcome';
import { exposure } from './catalog/exposure';
import type { Catalog, Locale } from './types';
import * as fmt from './format';

const parts: Catalog[] = [shell, domain, data, importCatalog, importReaders, overview, notebook, structure, flags, causes, cases, publish, report, models, engine, clean, leakage, caption, importEngine, outcome, exposure];
const catalogs: Record<Locale, Record<string, string>> = {
  en: Object.assign({}, ...parts.map((p) => p.en)),
  zh: Object.assign({}, ...parts.map((p) => p.zh)),
};

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

  set(locale: Locale): void {
    this.locale = locale;
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
    document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
  }

  /** A message in the current language, `{name}` placeholders filled from `vars`. */
  t = (key: string, vars: Record<string, string | number> = {}): string => {
    const text = catalogs[this.locale][key] ?? catalogs.en[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (_, k: string) => (k in vars ? String(vars[k]) : `{${k}}`));
  };

  count = (n: number | null | undefined) => fmt.formatCount(n, this.locale);
  amount = (n: number | null | undefined, digits = 0) => fmt.formatAmount(n, this.locale, digits);
  compact = (n: number | null | undefined) => fmt.formatCompact(n, this.locale);
  percent = (x: number | null | undefined, digits = 2) => fmt.formatPercent(x, digits);
  points = (d: number | null | undefined, digits = 2) => fmt.formatPoints(d, this.locale, digits);
  date = (iso: string | null | undefined) => fmt.formatDate(iso, this.locale);

  /** A canonical field's name as the user reads it (never the raw column name when a label exists). */
  field = (name: string) => catalogs[this.locale][`field.${name}`] ?? catalogs[this.locale][`dim.${name}`] ?? name;

  /** A dimension's name, falling back to the column name for a book's own attributes. */
  dimension = (column: string) => catalogs[this.locale][`dim.${column}`] ?? column;

  /** A dimension value as a person reads it (class codes, sizes, booleans, missing). */
  dimensionValue = (column: string, value: unknown): string => {
    if (value === null || value === undefined) return this.t('value.missing');
    if (column === 'five_class') return this.t(`class.${value}`);
    if (column === 'ifrs9_stage') return this.t(`stage.${value}`);
    if (column === 'enterprise_size') return catalogs[this.locale][`size.${value}`] ?? String(value);
    if (column === 'industry' && catalogs[this.locale][`industry.${value}`]) return `${value} · ${catalogs[this.locale][`industry.${value}`]}`;
    if (typeof value === 'boolean') return this.t(`value.${value}`);
    return String(value);
  };
}

export const i18n = new I18n();
export const t = i18n.t;
