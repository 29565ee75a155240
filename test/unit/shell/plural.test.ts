import { describe, expect, it } from 'vitest';
import { en } from '../../../src/lib/i18n/catalog';
import { fillMessage, messageVariables } from '../../../src/lib/i18n/fill';

/** Placeholders that hold a name or a formatted figure, never a count of things. */
const NOT_COUNTS = new Set(['segment', 'attribute', 'branch', 'year', 'dimension', 'borrower', 'name', 'rule', 'book', 'view', 'table', 'share', 'rate', 'balance', 'amount', 'gap', 'date', 'field', 'fields', 'value', 'label', 'reason', 'cell', 'format', 'default', 'loss', 'prevalence', 'max']);
/** Words ending in s that are not plural nouns. */
const NOT_PLURALS = new Set(['is', 'was', 'has', 'does', 'as', 'its', 'this', 'us', 'plus', 'vs', 'holds', 'reports', 'restates', 'less', 'across', 'whereas', 'thus', 'of', 'with', 'no', 'the']);
const PLURAL_BLOCK = /\{\w+, plural,(?:\s*(?:=\d+|zero|one|two|few|many|other)\s*\{[^{}]*\})+\s*\}/g;

/** "{n} loans", "{live} live loans", "{n} monthly snapshots": a count before a plural noun, outside a plural. */
function unpluralised(text: string): string[] {
  const outside = text.replace(PLURAL_BLOCK, '');
  return [...outside.matchAll(/\{(\w+)\} ((?:[a-z-]+ ){0,2}?)([a-z]+s)\b/g)]
    .filter((m) => !NOT_COUNTS.has(m[1]) && !NOT_PLURALS.has(m[3]) && !m[2].split(' ').some((w) => NOT_PLURALS.has(w)))
    .map((m) => m[0]);
}

describe('plurals', () => {
  it('picks the form the number calls for, in English; Chinese has one form', () => {
    const text = '{n, plural, one {# loan matches} other {# loans match}}';
    expect(fillMessage(text, { n: 1 }, 'en')).toBe('1 loan matches');
    expect(fillMessage(text, { n: '1' }, 'en')).toBe('1 loan matches');
    expect(fillMessage(text, { n: '1,234' }, 'en')).toBe('1,234 loans match');
    expect(fillMessage(text, { n: 0 }, 'en')).toBe('0 loans match');
    expect(fillMessage(text, { n: '–' }, 'en')).toBe('– loans match');
    expect(fillMessage('{n, plural, =0 {no loan} one {# loan} other {# loans}} in {b}', { n: 0, b: 'X' }, 'en')).toBe('no loan in X');
    expect(fillMessage('{n} 笔贷款', { n: 1 }, 'zh')).toBe('1 笔贷款');
    expect(fillMessage('{n, plural, one {# 笔} other {# 笔}}', { n: 1 }, 'zh')).toBe('1 笔');
    expect(fillMessage('within {tol, plural, one {# point} other {# points}}', { tol: '1.00' }, 'en')).toBe('within 1.00 points');
    expect(fillMessage('within {tol, plural, one {# point} other {# points}}', { tol: '1' }, 'en')).toBe('within 1 point');
    expect(messageVariables('{a} of {n, plural, one {# loan} other {# loans}} ({b})')).toEqual(['a', 'b', 'n']);
  });

  it('the scan finds a count before a plural noun that bypasses the helper', () => {
    expect(unpluralised('{n} loans match')).toEqual(['{n} loans match'.slice(0, 9)]);
    expect(unpluralised('Review the {live} live loans')).toEqual(['{live} live loans']);
    expect(unpluralised('{segment} holds {share} of {n, plural, one {# loan} other {# loans}}')).toEqual([]);
  });

  it('no English message writes "{n} <plural noun>" without the plural helper', () => {
    const offenders = Object.entries(en as Record<string, string>).flatMap(([key, text]) => unpluralised(text).map((hit) => `${key}: ${hit}`));
    expect(offenders).toEqual([]);
  });
});
