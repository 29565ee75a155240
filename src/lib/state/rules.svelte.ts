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
import { book } from './book.svelte';

const STORAGE_KEY = 'lbl.rules';
const FILE_KIND = 'loanbook-lab/rules';

/** What the user chose about the red-flag rules; everything else comes from FLAG_RULES. */
export interface RuleSettingsData {
  /** Ids of rules switched off (built-in or own). */
  disabled: string[];
  /** Per rule id, the thresholds the user changed. */
  thresholds: Record<string, Record<string, number>>;
  userRules: UserRule[];
}

const EMPTY: RuleSettingsData = { disabled: [], thresholds: {}, userRules: [] };

/**
 * The red-flag rule settings: thresholds, on/off and the user's own rules. Saved on every change
 * (no save button) and exchanged as a JSON file.
 */
class RuleSettings {
  data = $state<RuleSettingsData>(load());

  /** Built-in rules followed by the user's own. */
  readonly all: FlagRule[] = $derived([...FLAG_RULES, ...this.data.userRules.map(userRuleToFlagRule)]);
  /** Rules switched on, split by whether the open book maps what they need. */
  readonly selection: RuleSelection = $derived(
    selectRules(
      this.all.filter((r) => !this.data.disabled.includes(r.id)),
      book.mapped,
      this.data.thresholds as ThresholdOverrides,
    ),
  );

  isEnabled(id: string): boolean {
    return !this.data.disabled.includes(id);
  }

  setEnabled(id: string, on: boolean): void {
    const others = this.data.disabled.filter((d) => d !== id);
    this.save({ ...this.data, disabled: on ? others : [...others, id] });
  }

  threshold(rule: FlagRule, name: string): number {
    return this.data.thresholds[rule.id]?.[name] ?? rule.thresholds[name];
  }

  /** Sets a threshold; the rule's default value clears the override. Non-finite values are ignored. */
  setThreshold(rule: FlagRule, name: string, value: number): void {
    if (!Number.isFinite(value) || !(name in rule.thresholds)) return;
    const own = { ...(this.data.thresholds[rule.id] ?? {}) };
    if (value === rule.thresholds[name]) delete own[name];
    else own[name] = value;
    const thresholds = { ...this.data.thresholds };
    if (Object.keys(own).length) thresholds[rule.id] = own;
    else delete thresholds[rule.id];
    this.save({ ...this.data, thresholds });
  }

  /** Adds (or replaces, same id) a user rule that has passed validateUserRule. */
  addUserRule(rule: UserRule): void {
    const rest = this.data.userRules.filter((r) => r.id !== rule.id);
    this.save({ ...this.data, userRules: [...rest, rule] });
  }

  removeUserRule(id: string): void {
    this.save({
      ...this.data,
      userRules: this.data.userRules.filter((r) => r.id !== id),
      disabled: this.data.disabled.filter((d) => d !== id),
    });
  }

  reset(): void {
    this.save(EMPTY);
  }

  toJson(): string {
    return JSON.stringify({ kind: FILE_KIND, version: 1, ...$state.snapshot(this.data) }, null, 2);
  }

  /** Replaces the settings with a file's; throws with a readable message when the file is not one. */
  importJson(text: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error('The file is not JSON.');
    }
    this.save(parseSettings(parsed, true));
  }

  private save(next: RuleSettingsData): void {
    this.data = next;
    globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(next));
  }
}

function load(): RuleSettingsData {
  try {
    const text = globalThis.localStorage?.getItem(STORAGE_KEY);
    return text ? parseSettings(JSON.parse(text), false) : EMPTY;
  } catch {
    return EMPTY;
  }
}

/** Checks the shape of stored or imported settings; ids of built-in rules must exist. */
export function parseSettings(value: unknown, strict: boolean): RuleSettingsData {
  const fail = (why: string): never => {
    throw new Error(`Not a rules file: ${why}`);
  };
  if (!value || typeof value !== 'object') fail('expected an object');
  const v = value as Record<string, unknown>;
  if (strict && v.kind !== FILE_KIND) fail(`"kind" must be "${FILE_KIND}"`);
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

export const ruleSettings = new RuleSettings();
