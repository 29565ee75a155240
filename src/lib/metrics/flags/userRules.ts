import { scalar } from '../../db/rows';
import type { Db } from '../../db/types';
import { DbError } from '../../db/types';
import { isValidRuleId } from './select';
import { CAUSES, PROBLEMS, type Cause, type FlagRule, type Problem } from './types';

/** A red flag the user writes as a SQL condition over their own `loan_facts`. */
export interface UserRule {
  id: string;
  name: string;
  /** Boolean SQL over a `loan_facts` row, e.g. `interest_rate > 0.08 AND term_months <= 6`. */
  condition: string;
  problem: Problem;
  cause: Cause;
}

export type UserRuleCheck = { ok: true; flagged: number } | { ok: false; error: string };

/** Checks that need no engine: id, name, P/C codes, a non-empty condition without `;`. */
export function userRuleShapeError(rule: UserRule): string | null {
  if (!isValidRuleId(rule.id)) return 'The rule id must start with a lower-case letter and use only a–z, 0–9 and _ (not loan_id, outcome, loss).';
  if (!rule.name.trim()) return 'The rule needs a name.';
  if (!PROBLEMS.includes(rule.problem)) return `Unknown problem ${String(rule.problem)}.`;
  if (!CAUSES.includes(rule.cause)) return `Unknown root cause ${String(rule.cause)}.`;
  if (!rule.condition.trim()) return 'The condition is empty.';
  if (rule.condition.includes(';')) return 'The condition must be a single expression: remove the ";".';
  return null;
}

/**
 * Runs `SELECT count(*) FROM loan_facts WHERE (<condition>)` and returns how many loans the rule
 * flags, or the engine's message when it fails. This is the one place raw user SQL reaches the
 * engine: it is the user's own query over their own book, wrapped in parentheses, one statement.
 */
export async function validateUserRule(db: Db, rule: UserRule): Promise<UserRuleCheck> {
  const shapeError = userRuleShapeError(rule);
  if (shapeError) return { ok: false, error: shapeError };
  try {
    const flagged = await scalar(db, `SELECT count(*) FROM loan_facts WHERE (${rule.condition})`);
    return { ok: true, flagged: Number(flagged) };
  } catch (e) {
    return { ok: false, error: e instanceof DbError ? e.message : e instanceof Error ? e.message : String(e) };
  }
}

/** A validated user rule as a flag rule (no needs, no thresholds, no evidence columns). */
export function userRuleToFlagRule(rule: UserRule): FlagRule {
  const shapeError = userRuleShapeError(rule);
  if (shapeError) throw new Error(shapeError);
  return {
    id: rule.id,
    name: rule.name,
    problem: rule.problem,
    cause: rule.cause,
    reason: rule.name,
    needs: [],
    thresholds: {},
    condition: () => ({ sql: rule.condition, params: [] }),
    evidence: [],
    labelKey: `flags.user.${rule.id}`,
    custom: true,
  };
}
