import { ident, type Fragment } from '../../sql/quote';
import type { SqlParam } from '../../db/types';
import { LOAN_FIELDS } from '../../schema/canonical';
import { OUTCOME_NEED } from '../facts';

/**
 * The event a driver explains: a boolean SQL expression over `loan_facts` (true = bad / default,
 * false = good). Rows where it is NULL have an unknown outcome and are left out of every count.
 * Built only by the functions below, so user input reaches SQL as identifiers or bound values.
 */
export interface Outcome extends Fragment {
  /** Canonical `loans` fields the expression reads. */
  needs: readonly string[];
}

const CANONICAL = new Set(LOAN_FIELDS.map((f) => f.name));

/** The subset of `names` that are canonical `loans` fields (extra source columns need no mapping). */
export function canonicalNeeds(...names: string[]): string[] {
  return [...new Set(names.filter((n) => CANONICAL.has(n)))];
}

/** The book's one outcome, `loan_facts.is_defaulted` (facts.ts decides it from what is mapped). */
export function defaultOutcome(): Outcome {
  return { sql: ident('is_defaulted'), params: [], needs: [OUTCOME_NEED] };
}

/** NPL (five-category class substandard or worse), from the derived `is_npl` column. */
export function nplOutcome(): Outcome {
  return { sql: ident('is_npl'), params: [], needs: ['five_class'] };
}

/** Any boolean column, e.g. an unmapped source flag. */
export function booleanColumnOutcome(column: string): Outcome {
  return { sql: `CAST(${ident(column)} AS BOOLEAN)`, params: [], needs: canonicalNeeds(column) };
}

/** `column = value`, e.g. `creditability = 'bad'` for German Credit. */
export function equalsOutcome(column: string, value: SqlParam): Outcome {
  return { sql: `${ident(column)} = ?`, params: [value], needs: canonicalNeeds(column) };
}

/** `column IN (values)`, e.g. five-category classes 3–5. */
export function inOutcome(column: string, values: readonly SqlParam[]): Outcome {
  if (values.length === 0) throw new Error('An IN outcome needs at least one value');
  return { sql: `${ident(column)} IN (${values.map(() => '?').join(', ')})`, params: [...values], needs: canonicalNeeds(column) };
}

export type Comparison = '>' | '>=' | '<' | '<=';
const COMPARISONS: readonly Comparison[] = ['>', '>=', '<', '<='];

/** `column op threshold`, e.g. `dpd > 90`. */
export function compareOutcome(column: string, op: Comparison, threshold: number): Outcome {
  if (!COMPARISONS.includes(op)) throw new Error(`Unknown comparison ${String(op)}`);
  return { sql: `${ident(column)} ${op} ?`, params: [threshold], needs: canonicalNeeds(column) };
}

/** The outcome as 1 (bad), 0 (good) or NULL (unknown). */
export function outcomeAsInteger(outcome: Outcome): Fragment {
  return { sql: `CAST((${outcome.sql}) AS INTEGER)`, params: outcome.params };
}
