/**
 * The few browser globals the state classes touch (URL hash, history, events, localStorage,
 * matchMedia), for running them in Node. Import it before any state module: those read
 * `location` and storage when they load.
 */
type Listener = (event: { type: string }) => void;
const listeners = new Map<string, Set<Listener>>();

class MemoryStorage {
  private items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  key(i: number) {
    return [...this.items.keys()][i] ?? null;
  }
  getItem(k: string) {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.items.set(k, String(v));
  }
  removeItem(k: string) {
    this.items.delete(k);
  }
  clear() {
    this.items.clear();
  }
}

const g = globalThis as Record<string, unknown>;
const location = { hash: '' };
g.location = location;
g.history = {
  entries: [] as string[],
  pushState(_: unknown, __: string, hash: string) {
    (this as { entries: string[] }).entries.push(`push ${hash}`);
    location.hash = hash;
  },
  replaceState(_: unknown, __: string, hash: string) {
    (this as { entries: string[] }).entries.push(`replace ${hash}`);
    location.hash = hash;
  },
};
g.addEventListener = (type: string, fn: Listener) => {
  if (!listeners.has(type)) listeners.set(type, new Set());
  listeners.get(type)!.add(fn);
};
g.removeEventListener = (type: string, fn: Listener) => listeners.get(type)?.delete(fn);
g.dispatchEvent = (event: { type: string }) => {
  for (const fn of listeners.get(event.type) ?? []) fn(event);
  return true;
};
if (!('localStorage' in g) || !g.localStorage) g.localStorage = new MemoryStorage();
g.matchMedia = (query: string) => ({ matches: query.includes('dark') && darkScheme.value, media: query, addEventListener() {}, removeEventListener() {} });

/** What `prefers-color-scheme: dark` answers. */
export const darkScheme = { value: false };

/** Navigates as a user editing the address bar would: the hash changes, then `hashchange` fires. */
export function visit(hash: string): void {
  location.hash = hash;
  (g.dispatchEvent as (e: { type: string }) => boolean)({ type: 'hashchange' });
}

export const historyEntries = () => (g.history as { entries: string[] }).entries;
