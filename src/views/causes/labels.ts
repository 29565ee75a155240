import { i18n } from '../../lib/i18n/index.svelte';
import type { Cause, FlagRule, Problem, Thresholds } from '../../lib/metrics/flags';

/** A rule's name in the current language with its thresholds filled in; a user rule keeps its own name. */
export function ruleLabel(rule: FlagRule, thresholds: Thresholds = rule.thresholds): string {
  if (rule.custom) return rule.name ?? rule.id;
  return i18n.message(rule.labelKey, thresholds as Record<string, number>);
}

export function ruleReason(rule: FlagRule): string {
  return rule.custom ? (rule.name ?? rule.id) : i18n.message(`${rule.labelKey}.reason`);
}

export const causeLabel = (c: Cause, short = false) => `${c} ${i18n.t(`flags.cause.${c}${short ? '.short' : ''}`)}`;
export const problemLabel = (p: Problem, short = false) => `${p} ${i18n.t(`flags.problem.${p}${short ? '.short' : ''}`)}`;

/** A lift or ratio as "2.09×". */
export const times = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : `${x.toFixed(2)}×`);
