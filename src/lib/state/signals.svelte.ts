import { parseSignalsFile, readDecision, SIGNALS_FILE_KIND, type SignalDecision, type SignalsFile } from '../metrics/models/signals';
import { book } from './book.svelte';
import { LoanRecords } from './loan-records.svelte';

const byLoanId = (decisions: readonly SignalDecision[]) => Object.fromEntries(decisions.map((d) => [d.loanId, d]));

const signalsFile = (bookName: string, decisions: Record<string, SignalDecision>): SignalsFile => ({
  format: SIGNALS_FILE_KIND,
  version: 1,
  book: bookName,
  decisions: Object.values(decisions),
});

/** The early-warning decisions of the open book, by loan id, saved as they are made. */
class Signals extends LoanRecords<SignalDecision, SignalsFile> {
  constructor() {
    super('lbl.signals.', { parse: (text) => byLoanId(parseSignalsFile(text).decisions), file: signalsFile });
  }

  /** Records a decision; returns the reason it was refused (a dismissal without a reason). */
  decide(decision: SignalDecision): 'dismiss_needs_reason' | 'not_a_decision' | null {
    if (!book.name) return 'not_a_decision';
    const d = readDecision(decision);
    if ('error' in d) return d.error;
    this.merge({ [d.loanId]: d });
    return null;
  }

  /** Takes a decision back: the signal is open again. */
  clear(loanId: string): void {
    this.remove(loanId);
  }

  /** Merges an exported file (the file's decision wins for the same loan). */
  import(text: string): { count: number; rejected: number; otherBook: string | null } {
    const file = parseSignalsFile(text);
    if (!this.merge(byLoanId(file.decisions))) return { count: 0, rejected: file.rejected, otherBook: null };
    return { count: file.decisions.length, rejected: file.rejected, otherBook: this.otherBook(file.book) };
  }
}

export const signals = new Signals();
