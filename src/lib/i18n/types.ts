export type Locale = 'en' | 'zh';
export const LOCALES: readonly Locale[] = ['en', 'zh'];

/** A catalog part: the same keys in both languages. */
export interface Catalog {
  en: Record<string, string>;
  zh: Record<string, string>;
}
