/**
 * Student mode of a case-study pack, as plain data: checking an answer against a step's check,
 * hints and wrong tries and what they cost, the score of an attempt, and the attempt file a
 * student hands to the trainer. No Svelte, no storage: state/attempts.svelte.ts keeps attempts.
 */
import { RecordError, type Check, type Pack, type PackStep, type SegmentClause } from './records';

/** What a student gave: text, a number typed as text, an option index, or the filter set clicked. */
export type Answer = string | number | SegmentClause[];

export interface StepAttempt {
  /** The last answer given (null: none yet). */
  answer: Answer | null;
  wrong: number;
  hints: number;
  /** true: answered right; false: gave up; null: still open (or self-assessed and not yet revealed). */
  correct: boolean | null;
  done: boolean;
}

export interface Attempt {
  id: string;
  packId: string;
  packTitle: string;
  name: string;
  started: string;
  finished: string | null;
  steps: StepAttempt[];
}

export interface AttemptFile {
  kind: 'loanbook-lab/pack-attempt';
  version: 1;
  attempt: Attempt & { score: number; max: number };
}

/** Lower case, full-width forms folded (ＡＢＣ１ → abc1), runs of white space as one space. */
export function normaliseText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * A number as people type it: "4.96", "4.96 %", "300,000", "300 000", "４.９６", "4,96".
 * Commas are thousands separators when they group by three, else a decimal comma. NaN if none.
 */
export function parseNumber(text: string): number {
  let t = text.normalize('NFKC').replace(/[\s\u00a0]/g, '').replace(/[%％]|pp|cny|元|rmb/gi, '');
  if (/^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) t = t.replace(/,/g, '');
  else if (/^[-+]?\d+,\d+$/.test(t)) t = t.replace(',', '.');
  return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t) ? Number(t) : Number.NaN;
}

/** Same dimensions with the same values, in any order. */
export function sameSegment(clicked: readonly SegmentClause[], expected: readonly SegmentClause[]): boolean {
  const key = (set: readonly SegmentClause[]) =>
    JSON.stringify([...set].filter((c) => c.values.length).map((c) => [c.dimension, [...c.values].map(String).sort()]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
  return key(clicked) === key(expected);
}

/** Whether the check is marked by the app (false: self-assessed free text, no score). */
export const isScored = (check: Check): boolean => check.type !== 'text' || check.keywords.length > 0;

/** Right or wrong; null for a self-assessed step (free text without keywords). */
export function checkAnswer(check: Check, answer: Answer): boolean | null {
  switch (check.type) {
    case 'text': {
      if (!check.keywords.length) return null;
      const text = normaliseText(typeof answer === 'string' ? answer : String(answer));
      return check.keywords.every((k) => k.split('|').map(normaliseText).some((alt) => alt && text.includes(alt)));
    }
    case 'number': {
      const n = typeof answer === 'number' ? answer : typeof answer === 'string' ? parseNumber(answer) : Number.NaN;
      return Number.isFinite(n) && Math.abs(n - check.value) <= check.tolerance + 1e-9 * Math.max(1, Math.abs(check.value));
    }
    case 'choice':
      return answer === check.correct;
    case 'segment':
      return Array.isArray(answer) && sameSegment(answer, check.filters);
  }
}

export const stepPoints = (pack: Pack, step: PackStep): number => (isScored(step.check) ? (step.points ?? pack.scoring.points) : 0);

/** Points of a step as it stands: the step's points less hints and wrong tries once right, else 0. */
export function stepScore(pack: Pack, index: number, s: StepAttempt): number {
  const step = pack.steps[index];
  if (!step || s.correct !== true || !isScored(step.check)) return 0;
  return Math.max(0, stepPoints(pack, step) - s.hints * pack.scoring.hint - s.wrong * pack.scoring.wrong);
}

export function maxScore(pack: Pack): number {
  return pack.steps.reduce((sum, step) => sum + stepPoints(pack, step), 0);
}

export function attemptScore(pack: Pack, attempt: Attempt): number {
  return attempt.steps.reduce((sum, s, i) => sum + stepScore(pack, i, s), 0);
}

const blankStep = (): StepAttempt => ({ answer: null, wrong: 0, hints: 0, correct: null, done: false });

export function newAttempt(pack: Pack, name: string, id: string, now: string): Attempt {
  return { id, packId: pack.id, packTitle: pack.title.en || pack.title.zh, name, started: now, finished: null, steps: pack.steps.map(blankStep) };
}

function withStep(attempt: Attempt, index: number, change: (s: StepAttempt) => StepAttempt): Attempt {
  const steps = attempt.steps.map((s, i) => (i === index ? change(s) : s));
  return { ...attempt, steps };
}

/**
 * The attempt after the student answers step `index`. A done step keeps its result; a wrong answer
 * counts a wrong try and leaves the step open; a right one closes it. A self-assessed step closes
 * with its answer kept and no verdict.
 */
export function answerStep(pack: Pack, attempt: Attempt, index: number, answer: Answer): { attempt: Attempt; correct: boolean | null } {
  const step = pack.steps[index];
  const current = attempt.steps[index];
  if (!step || !current) throw new RecordError(`No step ${index + 1}`);
  if (current.done) return { attempt, correct: current.correct };
  const correct = checkAnswer(step.check, answer);
  const next = withStep(attempt, index, (s) => ({ ...s, answer, wrong: s.wrong + (correct === false ? 1 : 0), correct: correct === false ? null : correct, done: correct !== false }));
  return { attempt: next, correct };
}

/** One more hint shown (no more than the step has; none once the step is done). */
export function revealHint(pack: Pack, attempt: Attempt, index: number): Attempt {
  const step = pack.steps[index];
  return withStep(attempt, index, (s) => (s.done || !step || s.hints >= step.hints.length ? s : { ...s, hints: s.hints + 1 }));
}

/** The student gives up: the step closes with no points and its answer may be shown. */
export function giveUp(attempt: Attempt, index: number): Attempt {
  return withStep(attempt, index, (s) => (s.done ? s : { ...s, correct: false, done: true }));
}

export function finishAttempt(attempt: Attempt, now: string): Attempt {
  return { ...attempt, finished: attempt.finished ?? now };
}

export function attemptFile(pack: Pack, attempt: Attempt): AttemptFile {
  return { kind: 'loanbook-lab/pack-attempt', version: 1, attempt: { ...attempt, score: attemptScore(pack, attempt), max: maxScore(pack) } };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown, what: string, max = 20_000): string => {
  if (typeof v !== 'string' || v.length > max) throw new RecordError(`${what} must be text`);
  return v;
};
const count = (v: unknown, what: string): number => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new RecordError(`${what} must be a count`);
  return v;
};

function validAnswer(v: unknown, what: string): Answer | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) return v;
  if (Array.isArray(v)) {
    return v.map((c, i) => {
      if (!isObject(c) || !Array.isArray(c.values)) throw new RecordError(`${what}[${i}] is not a filter`);
      return { dimension: text(c.dimension, `${what}[${i}].dimension`, 100), values: c.values.map(String) };
    });
  }
  throw new RecordError(`${what} is not an answer`);
}

export function validAttempt(v: unknown): Attempt {
  if (!isObject(v)) throw new RecordError('The attempt is not an object');
  if (!Array.isArray(v.steps)) throw new RecordError('The attempt has no steps');
  const finished = v.finished ?? null;
  return {
    id: text(v.id, 'id', 100),
    packId: text(v.packId, 'packId', 100),
    packTitle: text(v.packTitle ?? '', 'packTitle', 300),
    name: text(v.name ?? '', 'name', 200),
    started: text(v.started, 'started', 40),
    finished: finished === null ? null : text(finished, 'finished', 40),
    steps: v.steps.map((s, i): StepAttempt => {
      if (!isObject(s)) throw new RecordError(`Step ${i + 1} is not an object`);
      const correct = s.correct ?? null;
      if (correct !== null && typeof correct !== 'boolean') throw new RecordError(`Step ${i + 1}: correct must be true, false or null`);
      return { answer: validAnswer(s.answer, `step ${i + 1} answer`), wrong: count(s.wrong ?? 0, `step ${i + 1} wrong`), hints: count(s.hints ?? 0, `step ${i + 1} hints`), correct, done: s.done === true };
    }),
  };
}

/** An attempt file as the trainer opens it; the score is the one recorded in the file. */
export function parseAttemptFile(json: string): AttemptFile['attempt'] {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    throw new RecordError('The file is not valid JSON');
  }
  if (!isObject(v) || v.kind !== 'loanbook-lab/pack-attempt') throw new RecordError('Not an attempt file');
  if (v.version !== 1) throw new RecordError(`Unsupported attempt version ${String(v.version)}`);
  if (!isObject(v.attempt)) throw new RecordError('The file has no attempt');
  const attempt = validAttempt(v.attempt);
  return { ...attempt, score: Number(v.attempt.score ?? 0), max: Number(v.attempt.max ?? 0) };
}
