import type { Locale } from '../i18n/types';
import { copyNotebook, type Notebook } from './model';
import { validate } from './serialise';

/**
 * Ready notebooks on the sample book (data-samples/notebooks/*.json). A starter may carry
 * `titleZh` and, on text cells, `sourceZh`: the copy a user opens is in the UI language.
 */
export interface Starter {
  key: string;
  title: Record<Locale, string>;
  raw: unknown;
}

const files = import.meta.glob<unknown>('../../../data-samples/notebooks/*.json', { eager: true, import: 'default' });

export const STARTERS: Starter[] = Object.entries(files)
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([path, raw]) => {
    const r = raw as { title?: string; titleZh?: string };
    const key = path.replace(/^.*\//, '').replace(/\.json$/, '');
    return { key, title: { en: r.title ?? key, zh: r.titleZh ?? r.title ?? key }, raw };
  });

/** A new notebook from a starter, in `locale`. */
export function fromStarter(starter: Starter, locale: Locale): Notebook {
  const raw = starter.raw as { cells?: { sourceZh?: string; source?: string }[] };
  const localised = {
    ...(raw as object),
    cells: (raw.cells ?? []).map((c) => (locale === 'zh' && c.sourceZh ? { ...c, source: c.sourceZh } : c)),
  };
  return copyNotebook(validate(localised), starter.title[locale]);
}
