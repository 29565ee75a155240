import { describe, expect, it } from 'vitest';
import { newNotebook, sqlCell } from '../../../src/lib/notebook/model';
import { NotebookStorage } from '../../../src/lib/notebook/storage';

class MemoryStore {
  map = new Map<string, string>();
  quota = Infinity;
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    if (v.length > this.quota) throw new DOMException('full', 'QuotaExceededError');
    this.map.set(k, v);
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
}

describe('notebooks kept in the browser', () => {
  it('saves, lists newest first, loads, renames and deletes', () => {
    const store = new MemoryStore();
    const s = new NotebookStorage(store);
    const a = newNotebook('A', [sqlCell('SELECT 1', 'one')]);
    const b = newNotebook('B');
    expect(s.save(a) && s.save(b)).toBe(true);
    expect(s.list().map((e) => e.title)).toEqual(['B', 'A']);
    expect(s.load(a.id)?.cells).toEqual(a.cells);
    a.title = 'A renamed';
    s.save(a);
    expect(s.list().map((e) => e.title)).toEqual(['A renamed', 'B']);
    s.remove(b.id);
    expect(s.list().map((e) => e.id)).toEqual([a.id]);
    expect(s.load(b.id)).toBeNull();
  });

  it('survives damaged storage and reports a full one', () => {
    const store = new MemoryStore();
    store.setItem('lbl.notebooks', '{broken');
    const s = new NotebookStorage(store);
    expect(s.list()).toEqual([]);
    store.setItem('lbl.notebook.x', 'nonsense');
    expect(s.load('x')).toBeNull();
    store.quota = 10;
    expect(s.save(newNotebook('too big for this store'))).toBe(false);
  });
});
