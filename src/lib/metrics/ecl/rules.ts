import { FIVE_CLASSES, type FiveClass } from '../../schema/canonical';

/**
 * The IFRS 9 staging rules a user sets for a book. A loan is credit-impaired (stage 3) when it has
 * defaulted (loan_facts.is_defaulted) or meets an impairment rule; otherwise it is in stage 2 when
 * any rule of significant increase in credit risk fires; else stage 1. A rule set to null (or false,
 * or an empty list) is off. With a cure period, a loan that met a stage 2 or 3 rule at any snapshot
 * of the last `cureMonths` months stays (at least) in stage 2.
 */
export interface StageRules {
  /** Use the mapped `ifrs9_stage` where a loan has one (the rules stage the others). */
  useGiven: boolean;
  /** Stage 2 when DPD > this (IFRS 9's rebuttable 30-day presumption). */
  dpdBackstop: number | null;
  /** Stage 2 when the five-category class is this or worse (2 = special mention 关注). */
  classDowngrade: FiveClass | null;
  /** Stage 2 when the rating is this many notches or more below the rating at origination. */
  ratingNotches: number | null;
  /** The rating scale, best first; a rating outside it counts no notches. */
  ratingScale: string[];
  /** Stage 2 when the loan is restructured. */
  restructured: boolean;
  /** Loan or borrower ids on the watch list: stage 2. */
  watchList: string[];
  /** Stage 3 when DPD > this (the 90-day presumption). */
  impairedDpd: number | null;
  /** Stage 3 for a non-performing class (substandard, doubtful, loss). */
  impairedNpl: boolean;
  /** Months a loan stays in stage 2 after its last stage 2 or 3 trigger (0 = no cure period). */
  cureMonths: number;
}

export const DEFAULT_RATING_SCALE = ['AAA', 'AA', 'A', 'BBB', 'BB', 'B', 'CCC', 'CC', 'C', 'D'];

export const DEFAULT_STAGE_RULES: StageRules = {
  useGiven: true,
  dpdBackstop: 30,
  classDowngrade: 2,
  ratingNotches: 3,
  ratingScale: DEFAULT_RATING_SCALE,
  restructured: true,
  watchList: [],
  impairedDpd: 90,
  impairedNpl: true,
  cureMonths: 0,
};

/** Why a loan is in its stage: the first rule that fired, in the order staging tests them. */
export const STAGE_REASONS = ['given', 'defaulted', 'impaired_dpd', 'impaired_npl', 'dpd_backstop', 'class_downgrade', 'rating_downgrade', 'restructured', 'watch_list', 'cure', 'performing'] as const;
export type StageReason = (typeof STAGE_REASONS)[number];

const wholeOrNull = (v: unknown, min: number, max: number): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isInteger(n) && n >= min && n <= max ? n : null;
};

const strings = (v: unknown): string[] | null =>
  Array.isArray(v) ? [...new Set(v.map((x) => String(x).trim()).filter((x) => x !== ''))] : null;

/**
 * Rules from stored or imported JSON: every field checked, anything unreadable replaced by the
 * default and named in `problems` (so bad input loses nothing silently).
 */
export function readStageRules(input: unknown): { rules: StageRules; problems: (keyof StageRules)[] } {
  const o = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const problems: (keyof StageRules)[] = [];
  const rules = { ...DEFAULT_STAGE_RULES };
  const take = <K extends keyof StageRules>(key: K, read: (v: unknown) => StageRules[K] | undefined) => {
    if (!(key in o)) return;
    const v = read(o[key]);
    if (v === undefined) problems.push(key);
    else rules[key] = v;
  };
  const bool = (v: unknown) => (typeof v === 'boolean' ? v : undefined);
  const optional = (min: number, max: number) => (v: unknown) => (v === null ? null : (wholeOrNull(v, min, max) ?? undefined));
  take('useGiven', bool);
  take('dpdBackstop', optional(0, 3650));
  take('classDowngrade', (v) => (v === null ? null : (FIVE_CLASSES as readonly number[]).includes(Number(v)) && Number(v) >= 2 ? (Number(v) as FiveClass) : undefined));
  take('ratingNotches', optional(1, 30));
  take('ratingScale', (v) => { const s = strings(v); return s && s.length >= 2 ? s : undefined; });
  take('restructured', bool);
  take('watchList', (v) => strings(v) ?? undefined);
  take('impairedDpd', optional(0, 3650));
  take('impairedNpl', bool);
  take('cureMonths', (v) => wholeOrNull(v, 0, 60) ?? undefined);
  return { rules, problems };
}
