import type { FlagRule, RuleSelection, UserRule } from '../metrics/flags';
import { allRules, EMPTY_RULE_SETTINGS as EMPTY, parseSettings, ruleSelection, RULES_FILE_KIND as FILE_KIND, type RuleSettingsData } from './rule-settings';
import { book } from './book.svelte';

export { parseSettings, type RuleSettingsData };

const STORAGE_KEY = 'lbl.rules';

/**
 * The red-flag rule settings: thresholds, on/off and the user's own rules. Saved on every change
 * (no save button) and exchanged as a JSON file.
 */
class RuleSettings {
  data = $state<RuleSettingsData>(load());

  /** Built-in rules followed by the user's own. */
  readonly all: FlagRule[] = $derived(allRules(this.data));
  /** Rules switched on, split by whether the open book maps what they need. */
  readonly selection: RuleSelection = $derived(ruleSelection(this.data, book.mapped));

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

export const ruleSettings = new RuleSettings();
