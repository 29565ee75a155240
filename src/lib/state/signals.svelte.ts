import { parseSignalsFile, readDecision, SIGNALS_FILE_KIND, type SignalDecision, type SignalsFile } from '../metrics/models/signals';
import { book } from './book.svelte';

const PREFIX = 'lbl.signals.';

/** The early-warning decisions of the open book, by loan id, saved as they are made (localStorage, per book). */
class Signals {
  private revision = $state(0);
  readonly byLoan: Record<string, SignalDecision> = $derived.by(() => {
    void this.revision;
    return book.name ? read(book.name) : {};
  });

  get(loanId: string): SignalDecision | undefined {
    return this.byLoan[loanId];
  }

  /** Records a decision; returns the reason it was refused (a dismissal without a reason). */
  decide(decision: SignalDecision): 'dismiss_needs_reason' | 'not_a_decision' | null {
    if (!book.name) return 'not_a_decision';
    const d = readDecision(decision);
    if ('error' in d) return d.error;
    write(book.name, { ...this.byLoan, [d.loanId]: d });
    this.revision++;
    return null;
  }

  /** Takes a decision back: the signal is open again. */
  clear(loanId: string): void {
    if (!book.name) return;
    const all = { ...this.byLoan };
    delete all[loanId];
    write(book.name, all);
    this.revision++;
  }

  toFile(): SignalsFile {
    return { format: SIGNALS_FILE_KIND, version: 1, book: book.name ?? '', decisions: Object.values(this.byLoan) };
  }

  /** Merges an exported file (the file's decision wins for the same loan). */
  import(text: string): { count: number; rejected: number; otherBook: string | null } {
    const file = parseSignalsFile(text);
    if (!book.name) return { count: 0, rejected: file.rejected, otherBook: null };
    write(book.name, { ...this.byLoan, ...Object.fromEntries(file.decisions.map((d) => [d.loanId, d])) });
    this.revision++;
    return { count: file.decisions.length, rejected: file.rejected, otherBook: file.book && file.book !== book.name ? file.book : null };
  }
}

function read(bookName: string): Record<string, SignalDecision> {
  try {
    const text = globalThis.localStorage?.getItem(PREFIX + bookName);
    return text ? Object.fromEntries(parseSignalsFile(text).decisions.map((d) => [d.loanId, d])) : {};
  } catch {
    return {};
  }
}

function write(bookName: string, decisions: Record<string, SignalDecision>): void {
  const file: SignalsFile = { format: SIGNALS_FILE_KIND, version: 1, book: bookName, decisions: Object.values(decisions) };
  globalThis.localStorage?.setItem(PREFIX + bookName, JSON.stringify(file));
}

export const signals = new Signals();
