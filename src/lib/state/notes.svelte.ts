import type { Cause } from '../metrics/flags/types';
import { notesFile, parseNotesFile, validNote, type CaseNote, type NotesFile } from '../metrics/cases/records';
import { LoanRecords } from './loan-records.svelte';

/** Case notes and tags, one per loan of the open book, saved as they are typed. Export and import as a JSON file. */
class Notes extends LoanRecords<CaseNote, NotesFile> {
  constructor() {
    super('lbl.notes.', { parse: (text) => parseNotesFile(text).notes, file: notesFile });
  }

  set(loanId: string, changes: Partial<Omit<CaseNote, 'updated'>>): void {
    const current = this.byLoan[loanId] ?? { finding: '', cause: null, problem: null, tags: [], updated: '' };
    const next = validNote({ ...current, ...changes, updated: new Date().toISOString() });
    const empty = !next.finding.trim() && !next.cause && !next.problem && next.tags.length === 0;
    if (empty) this.remove(loanId);
    else this.merge({ [loanId]: next });
  }

  /** Loan id → the cause a reviewer recorded: the read API for the root-cause views. */
  reviewedCauses(): Map<string, Cause> {
    return new Map(Object.entries(this.byLoan).flatMap(([id, n]) => (n.cause ? [[id, n.cause] as const] : [])));
  }

  export(): NotesFile {
    return this.toFile();
  }

  /** Merges a notes file into the open book's notes (the file's note wins for the same loan). Returns how many were read. */
  import(text: string): { count: number; otherBook: string | null } {
    const file = parseNotesFile(text);
    if (!this.merge(file.notes)) return { count: 0, otherBook: null };
    return { count: Object.keys(file.notes).length, otherBook: this.otherBook(file.book) };
  }
}

export const notes = new Notes();

/** Loan id → reviewed cause of the open book (see Notes.reviewedCauses). */
export function reviewedCauses(): Map<string, Cause> {
  return notes.reviewedCauses();
}
