import { book } from './book.svelte';
import { readStoredText, writeStored } from './stored';

/** How one kind of per-loan record is written to and read from its file. */
export interface LoanRecordsFile<T, F> {
  /** The records of a stored file, by loan id (throws on a file it cannot read). */
  parse(text: string): Record<string, T>;
  /** The file that holds a book's records. */
  file(bookName: string, records: Record<string, T>): F;
}

/**
 * Records kept per loan of the open book (case notes, early-warning decisions), saved in
 * localStorage under the book's name as they are made: a record belongs to a loan of one book.
 * Storage is the one source, so another book shows its own records.
 */
export class LoanRecords<T, F> {
  /** Bumped on every write, so that the records are read again from storage. */
  private revision = $state(0);
  readonly byLoan: Record<string, T> = $derived.by(() => {
    void this.revision;
    const name = book.name;
    return name ? readStoredText(this.prefix + name, (text) => this.format.parse(text), {}) : {};
  });

  constructor(
    private readonly prefix: string,
    private readonly format: LoanRecordsFile<T, F>,
  ) {}

  get(loanId: string): T | undefined {
    return this.byLoan[loanId];
  }

  /** The open book's records as their file. */
  toFile(): F {
    return this.format.file(book.name ?? '', this.byLoan);
  }

  /** Replaces the open book's records; false when no book is open. */
  protected save(records: Record<string, T>): boolean {
    if (!book.name) return false;
    writeStored(this.prefix + book.name, this.format.file(book.name, records));
    this.revision++;
    return true;
  }

  /** Adds records (a new one wins for the same loan). */
  protected merge(records: Record<string, T>): boolean {
    return this.save({ ...this.byLoan, ...records });
  }

  protected remove(loanId: string): boolean {
    const rest = { ...this.byLoan };
    delete rest[loanId];
    return this.save(rest);
  }

  /** The name of the book a file was exported from, when it is not the open book. */
  protected otherBook(fileBook: string | undefined | null): string | null {
    return fileBook && fileBook !== book.name ? fileBook : null;
  }
}
