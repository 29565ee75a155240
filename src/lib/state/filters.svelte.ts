import type { FilterSet } from '../sql/filters';
import { decodeFilters, encodeFilters } from './filter-codec';
import { normalise, toggledAll, type FilterPick, type FilterValue } from './filter-toggle';
import { router } from './router.svelte';

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
    this.toggleAll([{ dimension, value: raw }], additive);
  }

  /**
   * One gesture on several dimensions at once (a heatmap cell is a row and a column value):
   * each is toggled as by `toggle`, and the result is written once, so Back undoes the whole click.
   */
  toggleAll(picks: readonly FilterPick[], additive = false): void {
    this.write(toggledAll(this.set, picks, additive));
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

  private write(next: FilterSet): void {
    router.setParams({ f: encodeFilters(next) || null }, 'push');
  }
}

export const filters = new Filters();
