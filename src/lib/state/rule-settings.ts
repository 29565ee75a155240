import {
  CAUSES,
  FLAG_RULES,
  PROBLEMS,
  selectRules,
  userRuleShapeError,
  userRuleToFlagRule,
  type FlagRule,
  type RuleSelection,
  type ThresholdOverrides,
  type UserRule,
} from '../metrics/flags';

export const RULES_FILE_KIND = 'loanbook-lab/rules';

/** What the user chose about the red-flag rules; everything else comes from FLAG_RULES. */
export interface RuleSettingsData {
  /** Ids of rules switched off (built-in or own). */
  disabled: string[];
  /** Per rule id, the thresholds the user changed. */
  thresholds: Record<string, Record<string, number>>;
  userRules: UserRule[];
}

export const EMPTY_RULE_SETTINGS: RuleSettingsData = { disabled: [], thresholds: {}, userRules: [] };

/** Built-in rules followed by the user's own. */
export function allRules(data: RuleSettingsData): FlagRule[] {
  return [...FLAG_RULES, ...data.userRules.map(userRuleToFlagRule)];
}

/** Rules switched on, split by whether the book maps what they need. */
export function ruleSelection(data: RuleSettingsData, mapped: ReadonlySet<string>): RuleSelection {
  return selectRules(
    allRules(data).filter((r) => !data.disabled.includes(r.id)),
    mapped,
    data.thresholds as ThresholdOverrides,
  );
}

/** Checks the shape of stored or imported settings; ids of built-in rules must exist. */
export function parseSettings(value: unknown, strict: boolean): RuleSettingsData {
  const fail = (why: string): never => {
    throw new Error(`Not a rules file: ${why}`);
  };
  if (!value || typeof value !== 'object') fail('expected an object');
  const v = value as Record<string, unknown>;
  if (strict && v.kind !== RULES_FILE_KIND) fail(`"kind" must be "${RULES_FILE_KIND}"`);
  const disabled = Array.isArray(v.disabled) ? v.disabled.filter((d): d is string => typeof d === 'string') : [];
  const thresholds: RuleSettingsData['thresholds'] = {};
  if (v.thresholds && typeof v.thresholds === 'object') {
    for (const [id, values] of Object.entries(v.thresholds as Record<string, unknown>)) {
      const rule = FLAG_RULES.find((r) => r.id === id);
      if (!rule || !values || typeof values !== 'object') continue;
      const own = Object.fromEntries(
        Object.entries(values as Record<string, unknown>).filter(([name, x]) => name in rule.thresholds && typeof x === 'number' && Number.isFinite(x)),
      ) as Record<string, number>;
      if (Object.keys(own).length) thresholds[id] = own;
    }
  }
  const userRules: UserRule[] = [];
  for (const raw of Array.isArray(v.userRules) ? v.userRules : []) {
    const r = raw as Partial<UserRule>;
    const rule: UserRule = {
      id: String(r.id ?? ''),
      name: String(r.name ?? ''),
      condition: String(r.condition ?? ''),
      problem: (PROBLEMS as readonly string[]).includes(String(r.problem)) ? r.problem! : fail(`unknown problem ${String(r.problem)}`),
      cause: (CAUSES as readonly string[]).includes(String(r.cause)) ? r.cause! : fail(`unknown cause ${String(r.cause)}`),
    };
    const error = userRuleShapeError(rule);
    if (error) fail(`${rule.id || '(no id)'}: ${error}`);
    if (FLAG_RULES.some((b) => b.id === rule.id)) fail(`${rule.id} is the id of a built-in rule`);
    if (!userRules.some((u) => u.id === rule.id)) userRules.push(rule);
  }
  return { disabled, thresholds, userRules };
}
