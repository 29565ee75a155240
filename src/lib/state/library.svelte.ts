import { StorageError, deleteBook, listBooks, renameBook, saveActiveBook, saveBookSettings, stageStoredBook, type StoredBook } from '../book/store';
import type { BookSettings } from '../book/settings';
import { book } from './book.svelte';
import { db } from './engine';
import { rememberOpenBook, rememberedOpenBook, startWith } from './last-book';

export type StorageProblem = StorageError['kind'] | 'other';

/** What went wrong with the browser storage, for the UI to put in words. */
export interface LibraryError {
  kind: StorageProblem;
  detail: string;
}

function asLibraryError(e: unknown): LibraryError {
  if (e instanceof StorageError) return { kind: e.kind, detail: e.message };
  if (e instanceof DOMException && e.name === 'QuotaExceededError') return { kind: 'quota', detail: e.message };
  if (e instanceof DOMException && e.name === 'NotFoundError') return { kind: 'missing', detail: e.message };
  return { kind: 'other', detail: e instanceof Error ? e.message : String(e) };
}

/**
 * Books kept in this browser (OPFS, Arrow IPC, see book/store.ts): listed with size and date,
 * opened, renamed and deleted. The open book's id is remembered so the list can mark it.
 */
class Library {
  books = $state.raw<StoredBook[]>([]);
  loaded = $state(false);
  error = $state.raw<LibraryError | null>(null);
  openId = $state<string | null>(null);
  /** The start-up reopening is over (a book reopened, or none to reopen). */
  reopened = $state(false);
  private refreshing?: Promise<void>;

  refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        this.books = await listBooks();
        this.error = null;
      } catch (e) {
        this.error = asLibraryError(e);
      } finally {
        this.loaded = true;
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  /** Keeps the open book; a storage problem is reported, the book stays open for the session. */
  async keep(name: string, loans: number): Promise<{ ok: true } | { ok: false; message: string; kind: StorageProblem }> {
    try {
      const meta = await saveActiveBook(db, name, loans);
      this.openId = meta.id;
      rememberOpenBook(meta.id);
      await this.refresh();
      return { ok: true };
    } catch (e) {
      const err = asLibraryError(e);
      this.error = err;
      return { ok: false, message: err.detail, kind: err.kind };
    }
  }

  /** On start: reopens the kept book that was open before the reload, unless the user chose to start empty. */
  async reopenLast(): Promise<void> {
    try {
      const id = rememberedOpenBook();
      if (!id || startWith() === 'empty') return;
      await this.refresh();
      const stored = this.books.find((b) => b.id === id);
      if (!stored) return rememberOpenBook(null);
      // The user may have opened a book meanwhile: theirs wins.
      if (!book.isOpen && book.status !== 'loading') await this.open(stored);
    } finally {
      this.reopened = true;
    }
  }

  async open(stored: StoredBook): Promise<void> {
    this.error = null;
    await book.load(stored.name, () => stageStoredBook(db, stored.id), stored.id);
    if (book.status === 'ready' && book.name === stored.name && !book.error) this.openId = stored.id;
  }

  /** Changes the open book's settings and keeps them with the kept copy, if any. */
  async changeSettings(change: Partial<BookSettings>): Promise<void> {
    await book.changeSettings(change);
    if (!this.openId) return;
    try {
      await saveBookSettings(db, this.openId);
    } catch (e) {
      this.error = asLibraryError(e);
    }
  }

  async rename(stored: StoredBook, name: string): Promise<void> {
    if (!name.trim() || name === stored.name) return;
    try {
      await renameBook(stored.id, name.trim());
      // The header names the open book; it is the same book under its new name.
      if (this.openId === stored.id && book.isOpen) book.name = name.trim();
      await this.refresh();
    } catch (e) {
      this.error = asLibraryError(e);
    }
  }

  async remove(stored: StoredBook): Promise<void> {
    try {
      await deleteBook(stored.id);
      if (this.openId === stored.id) this.openId = null;
      if (rememberedOpenBook() === stored.id) rememberOpenBook(null);
      await this.refresh();
    } catch (e) {
      this.error = asLibraryError(e);
    }
  }
}

export const library = new Library();
