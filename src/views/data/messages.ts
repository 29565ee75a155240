import type { ImportError } from '../../lib/ingest/errors';
import { formatBytes } from '../../lib/ingest/errors';
import { i18n } from '../../lib/i18n/index.svelte';
import type { LibraryError } from '../../lib/state/library.svelte';

/** An import error in the user's language: what is wrong and what to do. */
export function importErrorText(e: ImportError): string {
  const params: Record<string, string | number> = { ...e.params };
  if (e.key === 'wrong_encoding') {
    params.suggestion = e.params.suggestion ? i18n.t('import.error.suggestion', { suggestion: e.params.suggestion }) : '';
  }
  return i18n.t(`import.error.${e.key}`, params).replace(/\{\w+\}/g, '?');
}

export function libraryErrorText(e: LibraryError): string {
  return i18n.t(`library.error.${e.kind}`, { reason: e.detail });
}

export const bytes = (n: number) => formatBytes(n);
