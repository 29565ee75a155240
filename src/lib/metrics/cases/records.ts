/**
 * The file formats of what a reviewer or trainer builds on the cases screen: case notes and
 * case-study packs. Plain JSON, validated on import so that a hand-edited or foreign file is
 * rejected with a reason instead of corrupting saved work.
 */
import { CAUSES, PROBLEMS, type Cause, type Problem } from '../flags/types';
import { isSampleId, type SampleId } from '../../book/sample-ids';

export interface CaseNote {
  /** The finding, in the reviewer's words. */
  finding: string;
  cause: Cause | null;
  problem: Problem | null;
  tags: string[];
  /** ISO timestamp of the last change. */
  updated: string;
}

export interface NotesFile {
  kind: 'loanbook-lab/case-notes';
  version: 1;
  book: string;
  notes: Record<string, CaseNote>;
}

/** A pack's book: a sample (Bank A when `sample` is absent, so older packs keep their meaning) or a book by name. */
export type PackBook = { kind: 'sample'; sample?: Exclude<SampleId, 'bank-a'> } | { kind: 'named'; name: string };

/** The sample a pack is written for, or null for a named book. */
export const packSample = (book: PackBook): SampleId | null => (book.kind === 'sample' ? (book.sample ?? 'bank-a') : null);

/** The book reference for a sample. */
export const sampleBook = (id: SampleId): PackBook => (id === 'bank-a' ? { kind: 'sample' } : { kind: 'sample', sample: id });

/** Text in both languages of the app; an empty `zh` falls back to `en` (see `localText`). */
export interface LocalText {
  en: string;
  zh: string;
}

/** A segment of a chart: the filter set a click on it writes (same dimensions, same values). */
export interface SegmentClause {
  dimension: string;
  values: string[];
}

/**
 * How a step's answer is checked (docs: /work/notes/pack-format.md, "Check"):
 * free text against keywords (none: self-assessed against the model answer), a number within a
 * tolerance, a choice among options, or the segment of a chart the student clicks.
 */
export type Check =
  | { type: 'text'; keywords: string[] }
  | { type: 'number'; value: number; tolerance: number; unit?: string; metric?: string }
  | { type: 'choice'; options: LocalText[]; correct: number }
  | { type: 'segment'; filters: SegmentClause[] };

/** Points of a right answer, and what a hint and a wrong try cost. */
export interface Scoring {
  points: number;
  hint: number;
  wrong: number;
}

export const DEFAULT_SCORING: Scoring = { points: 10, hint: 3, wrong: 2 };

export interface PackStep {
  /** The saved view: an app hash such as `#/cases?loan=L0000123&f=…`. */
  view: string;
  question: LocalText;
  /** The key: the trainer's answer or discussion note, hidden from a student until the step is done. */
  answer: LocalText;
  hints: LocalText[];
  check: Check;
  /** Points of this step, when not the pack's. */
  points?: number;
}

export interface Pack {
  id: string;
  title: LocalText;
  narrative: LocalText;
  book: PackBook;
  steps: PackStep[];
  scoring: Scoring;
  updated: string;
}

export interface PackFile {
  kind: 'loanbook-lab/case-pack';
  version: 2;
  pack: Pack;
}

/** The text in `locale`, else the English one (a pack may be written in one language only). */
export function localText(text: LocalText, locale: string): string {
  return (locale === 'zh' ? text.zh || text.en : text.en || text.zh) ?? '';
}

/** The same text in both languages (a version-1 pack, a trainer's first draft). */
export const both = (text: string): LocalText => ({ en: text, zh: text });

/** A step that is checked by nobody: free text, the model answer revealed on request. */
export const SELF_CHECK: Check = { type: 'text', keywords: [] };

export class RecordError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, what: string, max = 20_000): string => {
  if (typeof v !== 'string') throw new RecordError(`${what} must be text`);
  if (v.length > max) throw new RecordError(`${what} is too long`);
  return v;
};

export function isCause(v: unknown): v is Cause {
  return (CAUSES as readonly unknown[]).includes(v);
}
export function isProblem(v: unknown): v is Problem {
  return (PROBLEMS as readonly unknown[]).includes(v);
}

/** Tags as typed: split on commas (also 、，), trimmed, unique, empty ones dropped. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(/[,，、]/).map((t) => t.trim()).filter(Boolean))].slice(0, 20);
}

export function validNote(v: unknown, where = 'note'): CaseNote {
  if (!isObject(v)) throw new RecordError(`${where} is not an object`);
  const cause = v.cause ?? null;
  const problem = v.problem ?? null;
  if (cause !== null && !isCause(cause)) throw new RecordError(`${where}: unknown cause ${String(cause)}`);
  if (problem !== null && !isProblem(problem)) throw new RecordError(`${where}: unknown problem ${String(problem)}`);
  const tags = v.tags ?? [];
  if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')) throw new RecordError(`${where}: tags must be a list of text`);
  return {
    finding: str(v.finding ?? '', `${where}.finding`),
    cause,
    problem,
    tags: parseTags((tags as string[]).join(',')),
    updated: str(v.updated ?? new Date(0).toISOString(), `${where}.updated`, 40),
  };
}

export function notesFile(book: string, notes: Record<string, CaseNote>): NotesFile {
  return { kind: 'loanbook-lab/case-notes', version: 1, book, notes };
}

export function parseNotesFile(text: string): NotesFile {
  const v = parseJson(text);
  if (!isObject(v) || v.kind !== 'loanbook-lab/case-notes') throw new RecordError('Not a case-notes file');
  if (v.version !== 1) throw new RecordError(`Unsupported case-notes version ${String(v.version)}`);
  if (!isObject(v.notes)) throw new RecordError('The file has no notes');
  const notes: Record<string, CaseNote> = {};
  for (const [loanId, note] of Object.entries(v.notes)) notes[loanId] = validNote(note, `note ${loanId}`);
  return { kind: v.kind, version: 1, book: str(v.book ?? '', 'book', 500), notes };
}

/** A saved view must stay inside the app: a hash route, never a URL to elsewhere. */
export function isAppView(view: string): boolean {
  return /^#\/[a-z]+(\?[^#\s]*)?$/.test(view);
}

const num = (v: unknown, what: string): number => {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RecordError(`${what} must be a number`);
  return v;
};

/** Text in both languages: `{ en, zh }`, or a plain string (the same text in both). */
export function validText(v: unknown, what: string, max = 20_000): LocalText {
  if (v === undefined || v === null) return both('');
  if (typeof v === 'string') return both(str(v, what, max));
  if (!isObject(v)) throw new RecordError(`${what} must be text or { en, zh }`);
  return { en: str(v.en ?? '', `${what}.en`, max), zh: str(v.zh ?? '', `${what}.zh`, max) };
}

export function validCheck(v: unknown, what: string, fallbackOptions: LocalText[] = []): Check {
  if (v === undefined || v === null) return SELF_CHECK;
  if (!isObject(v)) throw new RecordError(`${what} is not an object`);
  switch (v.type) {
    case 'text': {
      const keywords = v.keywords ?? [];
      if (!Array.isArray(keywords) || keywords.some((k) => typeof k !== 'string' || !k.trim())) throw new RecordError(`${what}: keywords must be a list of text`);
      return { type: 'text', keywords: (keywords as string[]).map((k) => k.trim()) };
    }
    case 'number': {
      const tolerance = v.tolerance === undefined ? 0 : num(v.tolerance, `${what}.tolerance`);
      if (tolerance < 0) throw new RecordError(`${what}: the tolerance is negative`);
      return {
        type: 'number', value: num(v.value, `${what}.value`), tolerance,
        ...(v.unit !== undefined ? { unit: str(v.unit, `${what}.unit`, 40) } : {}),
        ...(v.metric !== undefined ? { metric: str(v.metric, `${what}.metric`, 100) } : {}),
      };
    }
    case 'choice': {
      const options = v.options === undefined ? fallbackOptions : v.options;
      if (!Array.isArray(options) || options.length < 2) throw new RecordError(`${what}: a choice needs at least two options`);
      const list = options.map((o, i) => validText(o, `${what}.options[${i}]`, 2000));
      const correct = num(v.correct, `${what}.correct`);
      if (!Number.isInteger(correct) || correct < 0 || correct >= list.length) throw new RecordError(`${what}: the correct option is not one of the options`);
      return { type: 'choice', options: list, correct };
    }
    case 'segment': {
      if (!Array.isArray(v.filters) || v.filters.length === 0) throw new RecordError(`${what}: a segment needs its filters`);
      const filters = v.filters.map((f, i): SegmentClause => {
        if (!isObject(f) || !Array.isArray(f.values) || f.values.length === 0) throw new RecordError(`${what}.filters[${i}] needs a dimension and values`);
        return { dimension: str(f.dimension, `${what}.filters[${i}].dimension`, 100), values: f.values.map((x) => (x === null ? '' : String(x))) };
      });
      return { type: 'segment', filters };
    }
    default:
      throw new RecordError(`${what}: unknown check type ${String(v.type)}`);
  }
}

function validScoring(v: unknown): Scoring {
  if (v === undefined) return { ...DEFAULT_SCORING };
  if (!isObject(v)) throw new RecordError('scoring is not an object');
  const pick = (k: keyof Scoring) => {
    const n = v[k] === undefined ? DEFAULT_SCORING[k] : num(v[k], `scoring.${k}`);
    if (n < 0) throw new RecordError(`scoring.${k} is negative`);
    return n;
  };
  return { points: pick('points'), hint: pick('hint'), wrong: pick('wrong') };
}

/**
 * A step's text: version 2 writes `question`/`answer` as `{ en, zh }`; a version-1 step has plain
 * strings, and may carry `text: { en: { question, answer, options }, zh: … }` (packs written while
 * version 2 was being defined), which wins over the plain strings.
 */
function stepTexts(s: Record<string, unknown>, where: string): { question: LocalText; answer: LocalText; options: LocalText[] } {
  const text = isObject(s.text) ? s.text : null;
  if (!text) return { question: validText(s.question, `${where} question`), answer: validText(s.answer, `${where} answer`), options: [] };
  const en = isObject(text.en) ? text.en : {};
  const zh = isObject(text.zh) ? text.zh : {};
  const pair = (k: string) => ({ en: str(en[k] ?? (typeof s[k] === 'string' ? s[k] : ''), `${where} ${k}`), zh: str(zh[k] ?? '', `${where} ${k} (zh)`) });
  const enOptions = Array.isArray(en.options) ? en.options : [];
  const zhOptions = Array.isArray(zh.options) ? zh.options : [];
  const options = enOptions.map((o, i) => ({ en: str(o, `${where} option ${i + 1}`, 2000), zh: str(zhOptions[i] ?? '', `${where} option ${i + 1} (zh)`, 2000) }));
  return { question: pair('question'), answer: pair('answer'), options };
}

export function validPack(v: unknown): Pack {
  if (!isObject(v)) throw new RecordError('The pack is not an object');
  const book = v.book;
  let packBook: PackBook;
  if (isObject(book) && book.kind === 'sample') {
    if (book.sample !== undefined && !isSampleId(book.sample)) throw new RecordError(`The pack names an unknown sample book ${String(book.sample)}`);
    packBook = sampleBook(book.sample ?? 'bank-a');
  }
  else if (isObject(book) && book.kind === 'named') packBook = { kind: 'named', name: str(book.name, 'book name', 500) };
  else throw new RecordError('The pack names no loan book');
  if (!Array.isArray(v.steps)) throw new RecordError('The pack has no steps');
  const steps = v.steps.map((s, i): PackStep => {
    const where = `Step ${i + 1}`;
    if (!isObject(s)) throw new RecordError(`${where} is not an object`);
    const view = str(s.view, `${where} view`, 4000);
    if (!isAppView(view)) throw new RecordError(`${where}: the view is not a link inside the app`);
    const { question, answer, options } = stepTexts(s, where);
    const hints = s.hints ?? [];
    if (!Array.isArray(hints)) throw new RecordError(`${where}: hints must be a list`);
    const points = s.points === undefined ? undefined : num(s.points, `${where} points`);
    if (points !== undefined && points < 0) throw new RecordError(`${where}: points are negative`);
    return {
      view, question, answer,
      hints: hints.map((h, k) => validText(h, `${where} hint ${k + 1}`, 4000)),
      check: validCheck(s.check, `${where} check`, options),
      ...(points !== undefined ? { points } : {}),
    };
  });
  // Version-1 packs with a Chinese translation block: `translations: { zh: { title, narrative } }`.
  const zh = isObject(v.translations) && isObject(v.translations.zh) ? v.translations.zh : {};
  const title = validText(v.title, 'title', 300);
  const narrative = validText(v.narrative ?? '', 'narrative');
  if (typeof v.title === 'string' && typeof zh.title === 'string') title.zh = str(zh.title, 'title (zh)', 300);
  if (typeof v.narrative === 'string' && typeof zh.narrative === 'string') narrative.zh = str(zh.narrative, 'narrative (zh)');
  return {
    id: str(v.id, 'id', 100),
    title,
    narrative,
    book: packBook,
    steps,
    scoring: validScoring(v.scoring),
    updated: str(v.updated ?? new Date(0).toISOString(), 'updated', 40),
  };
}

export function packFile(pack: Pack): PackFile {
  return { kind: 'loanbook-lab/case-pack', version: 2, pack };
}

/** A pack file of version 2, or of version 1 (plain-string text, every step self-assessed). */
export function parsePackFile(text: string): Pack {
  return packFromJson(parseJson(text));
}

export function packFromJson(v: unknown): Pack {
  if (!isObject(v) || v.kind !== 'loanbook-lab/case-pack') throw new RecordError('Not a case-study pack file');
  if (v.version !== 1 && v.version !== 2) throw new RecordError(`Unsupported pack version ${String(v.version)}`);
  return validPack(v.pack);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new RecordError('The file is not valid JSON');
  }
}

/** File-name-safe version of a title. */
export function slug(title: string): string {
  return title.trim().toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').slice(0, 60) || 'pack';
}
