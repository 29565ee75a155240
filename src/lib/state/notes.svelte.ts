import type { Cause } from '../metrics/flags/types';
import { notesFile, parseNotesFile, validNote, type CaseNote, type NotesFile } from '../metrics/cases/records';
import { book } from './book.svelte';

const PREFIX = 'lbl.notes.';

/**
 * Case notes and tags, one per loan, saved as they are typed in localStorage under the open
 * book's name (a note belongs to a loan of one book). Export and import as a JSON file.
 */
class Notes {
  /** Bumped on every write, so that the notes are re-read from storage. */
  private revision = $state(0);
  /** Notes of the open book, by loan id (storage is the one source: another book, other notes). */
  readonly byLoan: Record<string, CaseNote> = $derived.by(() => {
    void this.revision;
    return book.name ? read(book.name) : {};
  });

  get(loanId: string): CaseNote | undefined {
    return this.byLoan[loanId];
  }

  set(loanId: string, changes: Partial<Omit<CaseNote, 'updated'>>): void {
    if (!book.name) return;
    const current = this.byLoan[loanId] ?? { finding: '', cause: null, problem: null, tags: [], updated: '' };
    const next = validNote({ ...current, ...changes, updated: new Date().toISOString() });
    const empty = !next.finding.trim() && !next.cause && !next.problem && next.tags.length === 0;
    const all = { ...this.byLoan };
    if (empty) delete all[loanId];
    else all[loanId] = next;
    write(book.name, all);
    this.revision++;
  }

  /** Loan id → the cause a reviewer recorded: the read API for the root-cause views. */
  reviewedCauses(): Map<string, Cause> {
    return new Map(Object.entries(this.byLoan).flatMap(([id, n]) => (n.cause ? [[id, n.cause] as const] : [])));
  }

  export(): NotesFile {
    return notesFile(book.name ?? '', this.byLoan);
  }

  /** Merges a notes file into the open book's notes (the file's note wins for the same loan). Returns how many were read. */
  import(text: string): { count: number; otherBook: string | null } {
    const file = parseNotesFile(text);
    if (!book.name) return { count: 0, otherBook: null };
    write(book.name, { ...this.byLoan, ...file.notes });
    this.revision++;
    return { count: Object.keys(file.notes).length, otherBook: file.book && file.book !== book.name ? file.book : null };
  }
}

function read(bookName: string): Record<string, CaseNote> {
  try {
    const text = globalThis.localStorage?.getItem(PREFIX + bookName);
    if (!text) return {};
    return parseNotesFile(text).notes;
  } catch {
    return {};
  }
}

function write(bookName: string, notes: Record<string, CaseNote>): void {
  globalThis.localStorage?.setItem(PREFIX + bookName, JSON.stringify(notesFile(bookName, notes)));
}

export const notes = new Notes();

/** Loan id → reviewed cause of the open book (see Notes.reviewedCauses). */
export function reviewedCauses(): Map<string, Cause> {
  return notes.reviewedCauses();
}
