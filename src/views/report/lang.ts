import { i18n } from '../../lib/i18n/index.svelte';
import { formatMessage, formatNumber, formatPart, type ReportLanguage } from '../../lib/report/text';
import type { Message, NumberKind, Part } from '../../lib/report/types';

/** The report's formatter bound to the UI language (reading `i18n.locale` keeps it reactive). */
export const lang = (): ReportLanguage => ({ locale: i18n.locale, t: i18n.message, currency: i18n.currencyCode });
export const fm = (m: Message) => formatMessage(m, lang());
export const fp = (p: Part) => formatPart(p, lang());
export const fn = (kind: NumberKind, v: number | null | undefined) => formatNumber(kind, v ?? null, i18n.locale, i18n.currencyCode);
export const caseHref = (loanId: string) => `#/cases?loan=${encodeURIComponent(loanId)}`;
