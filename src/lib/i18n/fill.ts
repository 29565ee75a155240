import type { Locale } from './types';

export type MessageVars = Record<string, string | number>;

const tags: Record<Locale, string> = { en: 'en-US', zh: 'zh-CN' };

/** `{n, plural, one {# loan} other {# loans}}`: the plural's variable, then its branches (`=0`, `one`, `other`…). */
const PLURAL = /\{(\w+), plural,((?:\s*(?:=\d+|zero|one|two|few|many|other)\s*\{[^{}]*\})+)\s*\}/g;
const BRANCH = /(=\d+|zero|one|two|few|many|other)\s*\{([^{}]*)\}/g;

/** The number a variable stands for: a number, or a count already formatted for the reader ("1,234"). */
function numberOf(value: string | number | undefined): number {
  if (typeof value === 'number') return value;
  if (value === undefined) return Number.NaN;
  const plain = value.replace(/[,\s\u00a0\u202f]/g, '');
  return plain === '' ? Number.NaN : Number(plain);
}

/** The branch of a plural for this number in this language (Intl.PluralRules; Chinese has one form). */
function pluralBranch(branches: string, value: string | number | undefined, locale: Locale): string {
  const options = new Map([...branches.matchAll(BRANCH)].map((m) => [m[1], m[2]]));
  const n = numberOf(value);
  // "1.00 points": a number written with decimals takes the plural its written form calls for.
  const decimals = typeof value === 'string' ? (value.split('.')[1]?.replace(/\D.*$/, '').length ?? 0) : 0;
  const exact = Number.isFinite(n) ? options.get(`=${n}`) : undefined;
  const category = Number.isFinite(n) ? new Intl.PluralRules(tags[locale], { minimumFractionDigits: decimals }).select(n) : 'other';
  const chosen = exact ?? options.get(category) ?? options.get('other') ?? '';
  return chosen.replace(/#/g, value === undefined ? '#' : String(value));
}

/**
 * A message's text with its variables filled: `{name}` by the value, and a plural by the branch that the
 * number calls for, `#` standing for the number as given (formatted by the caller). Every "{n} loans"
 * message goes through a plural, so one loan never reads "1 loans".
 */
export function fillMessage(text: string, vars: MessageVars, locale: Locale): string {
  return text
    .replace(PLURAL, (_, k: string, branches: string) => pluralBranch(branches, vars[k], locale))
    .replace(/\{(\w+)\}/g, (_, k: string) => (k in vars ? String(vars[k]) : `{${k}}`));
}

/** The variables a message takes, plain or plural: both languages of a key must take the same ones. */
export function messageVariables(text: string): string[] {
  const plural = [...text.matchAll(PLURAL)].map((m) => m[1]);
  const plain = [...text.replace(PLURAL, '').matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  return [...new Set([...plural, ...plain])].sort();
}
