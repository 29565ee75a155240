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

export interface PackStep {
  /** The saved view: an app hash such as `#/cases?loan=L0000123&f=…`. */
  view: string;
  question: string;
  answer: string;
}

export interface Pack {
  id: string;
  title: string;
  narrative: string;
  book: PackBook;
  steps: PackStep[];
  updated: string;
}

export interface PackFile {
  kind: 'loanbook-lab/case-pack';
  version: 1;
  pack: Pack;
}

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
    if (!isObject(s)) throw new RecordError(`Step ${i + 1} is not an object`);
    const view = str(s.view, `step ${i + 1} view`, 4000);
    if (!isAppView(view)) throw new RecordError(`Step ${i + 1}: the view is not a link inside the app`);
    return { view, question: str(s.question ?? '', `step ${i + 1} question`), answer: str(s.answer ?? '', `step ${i + 1} answer`) };
  });
  return {
    id: str(v.id, 'id', 100),
    title: str(v.title, 'title', 300),
    narrative: str(v.narrative ?? '', 'narrative'),
    book: packBook,
    steps,
    updated: str(v.updated ?? new Date(0).toISOString(), 'updated', 40),
  };
}

export function packFile(pack: Pack): PackFile {
  return { kind: 'loanbook-lab/case-pack', version: 1, pack };
}

export function parsePackFile(text: string): Pack {
  const v = parseJson(text);
  if (!isObject(v) || v.kind !== 'loanbook-lab/case-pack') throw new RecordError('Not a case-study pack file');
  if (v.version !== 1) throw new RecordError(`Unsupported pack version ${String(v.version)}`);
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
