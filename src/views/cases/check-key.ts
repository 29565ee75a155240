import { i18n } from '../../lib/i18n/index.svelte';
import type { Answer } from '../../lib/metrics/cases/quiz';
import { localText, type Check } from '../../lib/metrics/cases/records';
import { describeFilters } from '../shell/caption';

/** The expected answer of a check, as the trainer's key shows it. */
export function describeCheck(check: Check): string {
  switch (check.type) {
    case 'text':
      return check.keywords.length ? i18n.t('cases.quiz.key.keywords', { words: check.keywords.map((k) => k.split('|').join(' / ')).join('; ') }) : i18n.t('cases.quiz.key.self');
    case 'number':
      return i18n.t('cases.quiz.key.number', { value: `${check.value}${check.unit ? ` ${check.unit}` : ''}`, tolerance: String(check.tolerance) });
    case 'choice':
      return i18n.t('cases.quiz.key.choice', { option: `${String.fromCharCode(65 + check.correct)}. ${localText(check.options[check.correct], i18n.locale)}` });
    case 'segment':
      return i18n.t('cases.quiz.key.segment', { segment: describeFilters(check.filters) });
  }
}

/** A student's answer as the trainer reads it in an attempt. */
export function describeAnswer(check: Check | undefined, answer: Answer | null): string {
  if (answer === null) return '–';
  if (Array.isArray(answer)) return describeFilters(answer);
  if (check?.type === 'choice' && typeof answer === 'number') {
    const option = check.options[answer];
    return `${String.fromCharCode(65 + answer)}. ${option ? localText(option, i18n.locale) : ''}`;
  }
  return String(answer);
}
