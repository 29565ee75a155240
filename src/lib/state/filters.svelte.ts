import type { FilterClause, FilterSet } from '../sql/filters';
import { decodeFilters, encodeFilters } from './filter-codec';
import { router } from './router.svelte';

type FilterValue = string | number | boolean | null;

/**
 * One filter set for the whole app (cross-filter). The URL is its only store, so a copied link
 * reproduces the view and the back button undoes a click.
 */
class Filters {
  /** The URL text first, so that other route changes do not hand every view a new (equal) set. */
  private readonly text = $derived(router.param('f'));
  readonly set: FilterSet = $derived(decodeFilters(this.text));

  /** Click: filter to this value (replacing the dimension's clause). Shift-click: add or remove it. */
  toggle(dimension: string, raw: FilterValue, additive = false): void {
    const value = normalise(raw);
    const clause = this.set.find((c) => c.dimension === dimension);
    const current = clause && { values: clause.values.map(normalise) };
    let values: (string | null)[];
    if (!additive) values = current?.values.length === 1 && current.values[0] === value ? [] : [value];
    else if (current?.values.includes(value)) values = current.values.filter((v) => v !== value);
    else values = [...(current?.values ?? []), value];
    this.write(this.replaceClause(dimension, values));
  }

  isSelected(dimension: string, value: FilterValue): boolean {
    return this.set.some((c) => c.dimension === dimension && c.values.includes(normalise(value)));
  }

  remove(dimension: string): void {
    this.write(this.set.filter((c) => c.dimension !== dimension));
  }

  /** Esc: drop the most recently added clause. */
  popLast(): void {
    this.write(this.set.slice(0, -1));
  }

  clear(): void {
    this.write([]);
  }

  private replaceClause(dimension: string, values: (string | null)[]): FilterClause[] {
    const others = this.set.filter((c) => c.dimension !== dimension);
    return values.length ? [...others, { dimension, values }] : others;
  }

  private write(next: FilterSet): void {
    router.setParams({ f: encodeFilters(next) || null }, 'push');
  }
}

/** Values travel through the URL as text, so compare them as text. */
function normalise(v: FilterValue): string | null {
  return v === null ? null : String(v);
}

export const filters = new Filters();
