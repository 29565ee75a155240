import { defaultFlagOutcome, nplOutcome, type Outcome } from '../../lib/metrics/drivers';
import { router } from '../../lib/state/router.svelte';

/** The sub-tabs of the root-cause screen, in order. */
export const CAUSE_TABS = ['causes', 'drivers', 'rules'] as const;
export type CauseTab = (typeof CAUSE_TABS)[number];

export const PARETO_GROUPS = ['cause', 'rule', 'problem'] as const;
export type ParetoGroup = (typeof PARETO_GROUPS)[number];
export const PARETO_MEASURES = ['count', 'loss'] as const;
export type ParetoMeasure = (typeof PARETO_MEASURES)[number];

export type OutcomeChoice = 'default' | 'npl';

function oneOf<T extends string>(values: readonly T[], raw: string | null, fallback: T): T {
  return (values as readonly string[]).includes(raw ?? '') ? (raw as T) : fallback;
}

/** Screen-local URL state: read with defaults; only what the user chose is written back. */
export const causeParams = {
  get tab(): CauseTab {
    return oneOf(CAUSE_TABS, router.param('tab'), 'causes');
  },
  get outcome(): OutcomeChoice {
    return router.param('outcome') === 'npl' ? 'npl' : 'default';
  },
  get group(): ParetoGroup {
    return oneOf(PARETO_GROUPS, router.param('group'), 'cause');
  },
  get measure(): ParetoMeasure {
    return oneOf(PARETO_MEASURES, router.param('by'), 'count');
  },
  /** Quantile bins of numeric drivers (2–20, default 5). */
  get bins(): number {
    const n = Number(router.param('bins'));
    return Number.isInteger(n) && n >= 2 && n <= 20 ? n : 5;
  },
  get attribute(): string | null {
    return router.param('attr');
  },
  /** The user's cut points for the selected numeric attribute, ascending; null when none. */
  get cuts(): number[] | null {
    return parseCuts(router.param('cuts') ?? '');
  },
};

/** "1000, 5e4, 2" → [2, 1000, 50000]; null when empty or any part is not a number. */
export function parseCuts(text: string): number[] | null {
  const parts = text.split(/[,，\s]+/).filter(Boolean);
  if (!parts.length) return null;
  const values = parts.map(Number);
  if (values.some((v) => !Number.isFinite(v))) return null;
  return [...new Set(values)].sort((a, b) => a - b);
}

export function outcomeOf(choice: OutcomeChoice): Outcome {
  return choice === 'npl' ? nplOutcome() : defaultFlagOutcome();
}
