import type { Fragment } from '../../sql/quote';
import type { FlagRule, Thresholds } from './types';

export interface ActiveRule {
  rule: FlagRule;
  thresholds: Thresholds;
  condition: Fragment;
}

export interface UnavailableRule {
  rule: FlagRule;
  /** Canonical fields the user must map to use the rule. */
  missing: string[];
}

export interface RuleSelection {
  active: ActiveRule[];
  unavailable: UnavailableRule[];
}

export type ThresholdOverrides = Readonly<Record<string, Readonly<Record<string, number>>>>;

const RULE_ID = /^[a-z][a-z0-9_]*$/;
/** Column names the flag matrix uses for itself. */
export const RESERVED_COLUMNS = new Set(['loan_id', 'outcome', 'loss']);

export function isValidRuleId(id: string): boolean {
  return RULE_ID.test(id) && !RESERVED_COLUMNS.has(id);
}

/** The rule's defaults with the user's settings on top; unknown names are ignored, non-finite values rejected. */
export function resolveThresholds(rule: FlagRule, overrides: Readonly<Record<string, number>> = {}): Thresholds {
  const out: Record<string, number> = { ...rule.thresholds };
  for (const [name, value] of Object.entries(overrides)) {
    if (!(name in rule.thresholds)) continue;
    if (!Number.isFinite(value)) throw new Error(`Threshold ${rule.id}.${name} must be a finite number`);
    out[name] = value;
  }
  return out;
}

/**
 * Splits rules into those whose needed fields are all mapped (with their SQL ready) and those
 * that are unavailable, with the fields that are missing. Only active rules reach any SQL.
 */
export function selectRules(rules: readonly FlagRule[], mapped: ReadonlySet<string>, overrides: ThresholdOverrides = {}): RuleSelection {
  const seen = new Set<string>();
  const selection: RuleSelection = { active: [], unavailable: [] };
  for (const rule of rules) {
    if (!isValidRuleId(rule.id)) throw new Error(`Invalid rule id "${rule.id}"`);
    if (seen.has(rule.id)) throw new Error(`Duplicate rule id "${rule.id}"`);
    seen.add(rule.id);
    const missing = rule.needs.filter((n) => !mapped.has(n));
    if (missing.length) {
      selection.unavailable.push({ rule, missing });
      continue;
    }
    const thresholds = resolveThresholds(rule, overrides[rule.id]);
    selection.active.push({ rule, thresholds, condition: rule.condition(thresholds) });
  }
  return selection;
}
