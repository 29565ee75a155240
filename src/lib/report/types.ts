import type { BookDefinitions } from './collect';
import type { Cause, Problem } from '../metrics/flags/types';

/** The five remedies of the study, in its order. */
export const REMEDIES = ['system', 'structure', 'process', 'intelligence', 'team'] as const;
export type RemedyId = (typeof REMEDIES)[number];

/** How a number is written: the report stores raw values and formats them in the reader's language. */
export type NumberKind = 'count' | 'amount' | 'compact' | 'rate' | 'share' | 'ratio' | 'points' | 'decimal';

/** One piece of a message: a number with its kind, plain text (codes, names from the data), or a nested message. */
export type Part =
  | { kind: NumberKind; value: number | null }
  | { kind: 'text'; value: string }
  | { kind: 'message'; key: string; vars?: Vars }
  | { kind: 'list'; items: Part[] };
export type Vars = Record<string, Part>;

/** A catalog key with its variables, formatted only when shown. */
export interface Message {
  key: string;
  vars: Vars;
}

/** A number the report shows with `data-metric` / `data-value`, on screen and in the export alike. */
export interface Headline {
  metric: string;
  value: number | null;
  kind: NumberKind;
  /** The statement's variable that shows this figure: it is drawn there, tagged, not printed again before the sentence. */
  slot?: string;
}

export interface EvidenceBar {
  label: Part;
  value: number;
  /** The bar the finding is about (drawn in the accent colour). */
  highlight?: boolean;
  /** Confidence bounds, drawn as a whisker. */
  low?: number;
  high?: number;
  /** Loans behind the bar. */
  loans?: number;
}

/** The chart behind a finding: horizontal bars on one scale, optionally with a reference line (a limit, the book rate). */
export interface Evidence {
  title: Message;
  unit: 'share' | 'rate' | 'ratio' | 'count';
  bars: EvidenceBar[];
  reference?: { value: number; label: Message };
}

/** A measured statement that a stated rule let through. */
export interface Finding {
  /** Stable id, e.g. `segment_share:industry:E`, `class_exceptions`, `flag:new_officer`. */
  id: string;
  problem: Problem;
  cause: Cause | null;
  remedy: RemedyId;
  statement: Message;
  /** Further measured sentences (where it sits, what it hides). */
  details: Message[];
  /** The rule that made this a finding, with its thresholds. */
  rule: Message;
  headline: Headline;
  /** Loans the statement rests on. */
  loans: number;
  /** Rests on fewer loans than the stated minimum. */
  weak: boolean;
  evidence: Evidence;
  /** The concrete target the remedy implies. */
  target: Message;
  /** Loan ids of cases that show it. */
  cases: string[];
}

export interface CaseRef {
  loanId: string;
  problem: Problem | null;
  cause: Cause | null;
  /** Ids of the flag rules that fire on it (of the problem or cause it represents). */
  flags: string[];
  flagLabels: Part[];
  flagCount: number;
  loss: number | null;
  industry: string | null;
  branch: string | null;
}

export interface RankedCause {
  cause: Cause;
  rank: number;
  /** Defaulted loans carrying any flag of the cause, and their share of the defaults. */
  defaults: number;
  share: number | null;
  loss: number;
  lossShare: number | null;
  /**
   * Defaults in excess of what the flagged loans would have had at the unflagged rate, summed over
   * the cause's confirmed flags (flags overlap, so this is an upper bound); null with no confirmed flag.
   */
  excess: number | null;
  /** The interval of `excess` from the rate ratios' intervals (flaggedDefaults × (1 − 1/RR) at each end). */
  excessInterval: [number, number] | null;
  /** Its flags among the defaulted loans, most frequent first, with their rate ratio when tested. */
  flags: {
    ruleId: string; label: Message; defaults: number; rateRatio: number | null; tested: boolean; significant: boolean; excess: number | null;
    excessInterval: [number, number] | null;
    /** The flag's condition reads the outcome (its lift is no evidence: shown apart, never ranked). */
    readsOutcome: boolean;
  }[];
  /** Findings naming this cause. */
  findings: string[];
  cases: CaseRef[];
  weak: boolean;
}

export interface RemedyPlan {
  remedy: RemedyId;
  /** Findings it answers, in report order. */
  findings: { id: string; problem: Problem; target: Message; weak: boolean }[];
}

export interface StateFigure extends Headline {
  label: Message;
  note?: Message;
  /** Null when the figure could not be computed; then `missing` says what to map. */
  missing?: string[];
}

export interface CurrentState {
  size: StateFigure[];
  growth: { year: string; loans: number; amount: number; growth: number | null }[];
  quality: StateFigure[];
  classes: { key: number; loans: number; balance: number; share: number | null }[];
  stages: { key: number; loans: number; balance: number; share: number | null }[];
  stageSource: string;
  structure: StateFigure[];
  topSegments: { dimension: string; rows: { value: string; label: Part; share: number | null; loans: number; nplRatio: number | null; defaultRate: number | null; weak: boolean }[] } | null;
  /**
   * `value` is a fraction in its unit: a share of balance, or for the inclusive tolerance the gap
   * between two NPL ratios (0.0046 reads "+0.46 pp"); `key` is the segment or borrower that breaches most.
   */
  limits: { label: Message; value: number | null; threshold: number; breach: boolean | null; unit: 'share' | 'points'; key: string | null }[];
}

export interface ProblemSection {
  problem: Problem;
  findings: Finding[];
  cases: CaseRef[];
}

export interface Report {
  loans: number;
  /** What "default" and shares mean on this book, as the screens' captions say. */
  definitions: BookDefinitions;
  asOf: string | null;
  /** The filters in force, as `dimension = values`. */
  filters: { dimension: string; values: string[] }[];
  state: CurrentState;
  problems: ProblemSection[];
  causes: RankedCause[];
  /** Defaults no flag explains (share of defaults), when the causes could be ranked. */
  unexplained: { count: number; share: number | null } | null;
  remedies: RemedyPlan[];
  /** Every rule the report applied, stated. */
  rules: Message[];
  /** What the book did not let the report assess, and which fields would. */
  notAssessed: { what: Message; missing: string[] }[];
}
