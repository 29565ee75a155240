/**
 * What the state classes keep in this browser's localStorage: lists of records and files per
 * book. Reading never throws: storage that is missing, full of another version's JSON or edited by
 * hand reads as empty, and one bad entry of a list is dropped without losing the others.
 */

/** The entries of a stored JSON list that `valid` accepts (it throws on an entry it rejects). */
export function readStoredList<T>(key: string, valid: (entry: unknown) => T): T[] {
  const list = parseStored(key);
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry) => {
    try {
      return [valid(entry)];
    } catch {
      return [];
    }
  });
}

/** A stored text parsed by `parse`, or `fallback` when there is none or it does not parse. */
export function readStoredText<T>(key: string, parse: (text: string) => T, fallback: T): T {
  try {
    const text = globalThis.localStorage?.getItem(key);
    return text ? parse(text) : fallback;
  } catch {
    return fallback;
  }
}

export function writeStored(key: string, value: unknown): void {
  globalThis.localStorage?.setItem(key, JSON.stringify(value));
}

/** A new record id: the prefix, the time and a random tail (unique within one browser). */
export function newRecordId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

function parseStored(key: string): unknown {
  return readStoredText(key, (text) => JSON.parse(text) as unknown, null);
}
