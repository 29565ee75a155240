/**
 * Keys for a keyed {#each}: each item's own key, with '#2', '#3' … added to repeats, so that a
 * repeated id (a book imported before ids were made unique, a borrower listed twice) never breaks
 * the list with Svelte's each_key_duplicate error.
 */
export function uniqueKeys<T>(items: readonly T[], key: (item: T) => string): string[] {
  const taken = new Set<string>();
  return items.map((item) => {
    const k = key(item);
    let out = k;
    for (let n = 2; taken.has(out); n++) out = `${k}#${n}`;
    taken.add(out);
    return out;
  });
}
