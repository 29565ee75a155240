import type { ImportError } from '../../lib/ingest/errors';
import { formatBytes } from '../../lib/ingest/errors';
import { i18n } from '../../lib/i18n/index.svelte';
import type { LibraryError } from '../../lib/state/library.svelte';

/** An import error in the user's language: what is wrong and what to do. */
export function importErrorText(e: ImportError): string {
  const params: Record<string, string | number> = { ...e.params };
  if (e.key === 'missing_required_field' && e.params.fields) {
    return missingFieldText(String(e.params.table), String(e.params.fields).split(','));
  }
  if (e.key === 'wrong_encoding') {
    params.suggestion = e.params.suggestion ? i18n.t('import.error.suggestion', { suggestion: e.params.suggestion }) : '';
    params.where = e.params.line ? i18n.t('import.error.firstLine', { line: e.params.line }) : '';
  }
  return i18n.t(`import.error.${e.key}`, params).replace(/\{\w+\}/g, '?');
}

/** "No column is mapped to Default flag, Default date, DPD or Five-category class …", in field labels. */
export function missingFieldText(table: string, fields: readonly string[]): string {
  const list = new Intl.ListFormat(i18n.locale === 'zh' ? 'zh-CN' : 'en', { type: 'disjunction' }).format(fields.map((f) => i18n.field(f)));
  return i18n.t('import.error.missing_required_field', { field: list, need: i18n.message(`import.need.${table}`) });
}

export function libraryErrorText(e: LibraryError): string {
  return i18n.t(`library.error.${e.kind}`, { reason: e.detail });
}

export const bytes = (n: number) => formatBytes(n);

const WHAT: Record<string, string> = { 'a number': 'number', 'a date': 'date', 'a loan id': 'loanId' };

/** A reject reason (written in English by the build SQL) in the user's language. */
export function rejectReasonText(reason: string): string {
  return reason
    .split('; ')
    .map((part) => {
      let m = /^(\w+) \((.*)\) is missing$/.exec(part);
      if (m) return i18n.t('quality.reason.missing', { field: i18n.message(`field.${m[1]}`), source: m[2] });
      m = /^(\w+) \((.*)\): "(.*)" is not (a number|a date|a loan id)$/.exec(part);
      if (m) return i18n.t('quality.reason.notA', { field: i18n.message(`field.${m[1]}`), source: m[2], value: m[3], what: i18n.message(`quality.reason.what.${WHAT[m[4]]}`) });
      if (part === 'totals row') return i18n.t('quality.reason.totals');
      m = /^(\w+) \((.*)\): "(.*)" is not positive$/.exec(part);
      if (m) return i18n.t('quality.reason.notPositive', { field: i18n.message(`field.${m[1]}`), source: m[2], value: m[3] });
      m = /^duplicate loan id "(.*)" \(kept row (\d+)\)$/.exec(part);
      if (m) return i18n.t('quality.reason.duplicateKept', { id: m[1], first: m[2] });
      m = /^duplicate loan id "(.*)" \((\d+) rows, every copy rejected\)$/.exec(part);
      if (m) return i18n.t('quality.reason.duplicateAll', { id: m[1], n: m[2] });
      m = /^(\w+) \((.*)\): "(.*)" is not a finite number$/.exec(part);
      if (m) return i18n.t('quality.reason.notFinite', { field: i18n.message(`field.${m[1]}`), source: m[2], value: m[3] });
      m = /^(\w+) \((.*)\): "(.*)" does not fit the decimal separator "(.)"$/.exec(part);
      if (m) return i18n.t('quality.reason.separator', { field: i18n.message(`field.${m[1]}`), source: m[2], value: m[3], separator: m[4] });
      m = /^loan id "(.*)" is not in the loans table$/.exec(part);
      if (m) return i18n.t('quality.reason.unknownLoan', { id: m[1] });
      m = /^duplicate snapshot of loan "(.*)" on (\S+) \(kept row (\d+)\)$/.exec(part);
      if (m) return i18n.t('quality.reason.duplicateSnapshot', { id: m[1], date: i18n.date(m[2]), first: m[3] });
      m = /^outcome: none could be read from (.*)$/.exec(part);
      if (m) return i18n.t('quality.reason.outcome', { values: m[1] });
      return part;
    })
    .join('; ');
}
