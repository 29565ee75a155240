import type { LocalText } from '../../lib/metrics/cases/records';

/**
 * Text edited in one language: that language changes; the other follows while it was still the
 * same text (not yet translated), so a first draft reads the same in both.
 */
export function setLocal(text: LocalText, locale: string, value: string): LocalText {
  const lang = locale === 'zh' ? 'zh' : 'en';
  const other = lang === 'zh' ? 'en' : 'zh';
  return { ...text, [lang]: value, ...(text[other] === text[lang] || !text[other] ? { [other]: value } : {}) } as LocalText;
}
