import type { Fragment } from '../../sql/quote';

/** Problems found in the study: P1 system not implemented, P2 unscientific structure, P3 unreasonable process, P4 inadequate means. */
export type Problem = 'P1' | 'P2' | 'P3' | 'P4';
/** Root causes: C1 information asymmetry, C2 weak risk-control culture, C3 SME customers neglected, C4 staff training neglected. */
export type Cause = 'C1' | 'C2' | 'C3' | 'C4';

export const PROBLEMS: readonly Problem[] = ['P1', 'P2', 'P3', 'P4'];
export const CAUSES: readonly Cause[] = ['C1', 'C2', 'C3', 'C4'];

export type Thresholds = Readonly<Record<string, number>>;

/** A value shown in a loan's case file next to a flag that fired on it. */
export interface EvidenceColumn {
  key: string;
  /** SQL expression over one `loan_facts` row (unqualified column names). */
  sql: string;
}

export interface FlagRule {
  /** Also the flag's column name in the flag matrix: lower-case letters, digits, underscores. */
  id: string;
  problem: Problem;
  cause: Cause;
  /** One line: why this flag is evidence of that problem and cause. */
  reason: string;
  /** Canonical `loans` fields that must all be mapped; otherwise the rule is unavailable. */
  needs: readonly string[];
  /** Named numeric settings with their defaults. */
  thresholds: Thresholds;
  /** Boolean SQL over a `loan_facts` row; TRUE = flagged, FALSE or NULL = not flagged. */
  condition(thresholds: Thresholds): Fragment;
  evidence: readonly EvidenceColumn[];
  /** i18n key of the rule's name (the UI owns the en / zh texts); `${labelKey}.reason` for the reason. */
  labelKey: string;
  /** A user rule's own name (built-in rules are named through labelKey). */
  name?: string;
  /** True for a rule written by the user. */
  custom?: boolean;
}
