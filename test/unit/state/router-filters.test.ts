import { historyEntries, visit } from './browser-globals';
import { describe, expect, it } from 'vitest';
import { router } from '../../../src/lib/state/router.svelte';
import { filters } from '../../../src/lib/state/filters.svelte';
import { view } from '../../../src/views/structure/params';

describe('router (runes class over the URL hash)', () => {
  it('follows the hash, keeps the filter set across screens and leaves screen-local parameters behind', () => {
    visit('#/structure?dim=branch&f=industry%3AC');
    expect(router.screen).toBe('structure');
    expect(router.param('dim')).toBe('branch');
    router.go('cases');
    expect(location.hash).toBe('#/cases?f=industry%3AC');
    expect(router.param('dim')).toBeNull();
    expect(historyEntries().at(-1)).toBe('push #/cases?f=industry%3AC');
  });

  it('writes nothing when the hash would not change', () => {
    visit('#/cases?q=x');
    const before = historyEntries().length;
    router.setParams({ q: 'x' });
    expect(historyEntries().length).toBe(before);
    router.setParams({ q: null });
    expect(location.hash).toBe('#/cases');
  });

  it('the Structure screen never writes its defaults (a copied link holds only choices)', () => {
    visit('#/structure?dim=branch&n=5');
    view.set({ dim: 'industry' });
    expect(location.hash).toBe('#/structure?n=5');
    view.set({ n: '3', unit: 'borrower' });
    expect(location.hash).toBe('#/structure?unit=borrower');
    expect(view.lorenzUnit).toBe('borrower');
    expect(() => view.set({ nonsense: 'x' })).toThrow(/Unknown Structure parameter/);
  });
});

describe('filters (runes class whose only store is the URL)', () => {
  it('derives the filter set from the URL and writes clicks back to it', () => {
    visit('#/overview');
    expect(filters.set).toEqual([]);
    filters.toggle('industry', 'C');
    expect(filters.set).toEqual([{ dimension: 'industry', values: ['C'] }]);
    expect(location.hash).toBe('#/overview?f=industry%3AC');
    filters.toggle('five_class', 3, true);
    filters.toggle('five_class', null, true);
    expect(filters.set).toEqual([
      { dimension: 'industry', values: ['C'] },
      { dimension: 'five_class', values: ['3', null] },
    ]);
    expect(filters.isSelected('five_class', 3)).toBe(true);
    expect(filters.isSelected('five_class', '4')).toBe(false);
  });

  it('toggles a lone value off, removes a dimension, pops the last clause and clears', () => {
    visit('#/overview?f=industry%3AC%3Bregion%3AEast');
    filters.toggle('industry', 'C');
    expect(filters.set).toEqual([{ dimension: 'region', values: ['East'] }]);
    filters.toggle('industry', 'F');
    filters.popLast();
    expect(filters.set).toEqual([{ dimension: 'region', values: ['East'] }]);
    filters.remove('region');
    expect(location.hash).toBe('#/overview');
    filters.toggle('branch', 'B1');
    filters.clear();
    expect(filters.set).toEqual([]);
  });

  it('sees a filter set that arrives by navigation (Back, a pasted link)', () => {
    visit('#/overview?f=branch%3A%E6%9D%AD%E5%B7%9E%7C~');
    expect(filters.set).toEqual([{ dimension: 'branch', values: ['杭州', null] }]);
  });
});
