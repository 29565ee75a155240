/**
 * Which kept book was open, so a reload reopens it, and whether the user would rather start empty.
 * Both live in localStorage; the book itself is in the browser's kept-books store (book/store.ts).
 */
const OPEN_KEY = 'lbl.openBook';
const START_KEY = 'lbl.startWith';

export type StartWith = 'last' | 'empty';

const storage = () => globalThis.localStorage;

/** The kept book now open (its store id), or null when the open book is not a kept one. */
export function rememberOpenBook(id: string | null): void {
  if (id) storage()?.setItem(OPEN_KEY, id);
  else storage()?.removeItem(OPEN_KEY);
}

export function rememberedOpenBook(): string | null {
  return storage()?.getItem(OPEN_KEY) ?? null;
}

/** What the app does on start: reopen the kept book that was open (the default), or start with none. */
export function startWith(): StartWith {
  return storage()?.getItem(START_KEY) === 'empty' ? 'empty' : 'last';
}

export function setStartWith(choice: StartWith): void {
  storage()?.setItem(START_KEY, choice);
}
