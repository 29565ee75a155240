import type { Notebook } from './model';
import { validate } from './serialise';

/** What the notebook list shows without reading every notebook. */
export interface NotebookEntry {
  id: string;
  title: string;
  updated: string;
}

type KeyValue = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const INDEX_KEY = 'lbl.notebooks';
const itemKey = (id: string) => `lbl.notebook.${id}`;

/** Notebooks in localStorage: one key per notebook plus an index, newest first. */
export class NotebookStorage {
  constructor(private readonly store: KeyValue) {}

  list(): NotebookEntry[] {
    try {
      const raw = JSON.parse(this.store.getItem(INDEX_KEY) ?? '[]');
      return Array.isArray(raw) ? raw.filter((e) => e && typeof e.id === 'string' && typeof e.title === 'string') : [];
    } catch {
      return [];
    }
  }

  load(id: string): Notebook | null {
    const text = this.store.getItem(itemKey(id));
    if (!text) return null;
    try {
      return validate(JSON.parse(text));
    } catch {
      return null;
    }
  }

  /** Saves and moves the notebook to the top of the list; false when the browser refused (quota). */
  save(notebook: Notebook): boolean {
    const updated = new Date().toISOString();
    try {
      this.store.setItem(itemKey(notebook.id), JSON.stringify({ ...notebook, updated }));
      const entries = this.list().filter((e) => e.id !== notebook.id);
      entries.unshift({ id: notebook.id, title: notebook.title, updated });
      this.store.setItem(INDEX_KEY, JSON.stringify(entries));
      return true;
    } catch {
      return false;
    }
  }

  remove(id: string): void {
    this.store.removeItem(itemKey(id));
    this.store.setItem(INDEX_KEY, JSON.stringify(this.list().filter((e) => e.id !== id)));
  }
}
