import { darkScheme } from './browser-globals';
import { beforeEach, describe, expect, it, vi } from 'vitest';

/** Each test loads the store afresh, as a new page would, over what the previous visit saved. */
async function fresh<T>(path: string): Promise<T> {
  vi.resetModules();
  return (await import(path)) as T;
}

beforeEach(() => localStorage.clear());

describe('theme (runes class)', () => {
  type M = typeof import('../../../src/lib/state/theme.svelte');
  it('follows the system until the user picks, and remembers the pick across visits', async () => {
    darkScheme.value = true;
    let { theme } = await fresh<M>('../../../src/lib/state/theme.svelte');
    expect(theme.choice).toBe('system');
    expect(theme.effective).toBe('dark');
    theme.set('light');
    expect(theme.effective).toBe('light');
    ({ theme } = await fresh<M>('../../../src/lib/state/theme.svelte'));
    expect(theme.effective).toBe('light');
    theme.set('system');
    expect(localStorage.getItem('lbl.theme')).toBeNull();
    darkScheme.value = false;
    ({ theme } = await fresh<M>('../../../src/lib/state/theme.svelte'));
    expect(theme.effective).toBe('light');
  });
});

describe('limits (runes class)', () => {
  type M = typeof import('../../../src/lib/state/limits.svelte');
  it('starts from the defaults, checks capital limits only with a net capital, and keeps changes across visits', async () => {
    let { limits, DEFAULT_LIMITS } = await fresh<M>('../../../src/lib/state/limits.svelte');
    expect(limits.list).toEqual(DEFAULT_LIMITS);
    const capital = limits.list.find((l) => l.kind === 'borrower_share_of_capital')!;
    expect(limits.toLimit(capital)).toBeNull();
    limits.setNetCapital(-5);
    expect(limits.netCapital).toBeNull();
    limits.setNetCapital(2e9);
    expect(limits.toLimit(capital)).toEqual({ kind: 'borrower_share_of_capital', netCapital: 2e9, max: 0.1 });
    limits.update('industry-share', { max: 0.2 });
    limits.addSegmentLimit('region', 0.4);
    ({ limits } = await fresh<M>('../../../src/lib/state/limits.svelte'));
    expect(limits.netCapital).toBe(2e9);
    expect(limits.list.find((l) => l.id === 'industry-share')).toMatchObject({ max: 0.2 });
    expect(limits.list.at(-1)).toMatchObject({ kind: 'segment_share', dimension: 'region', max: 0.4 });
  });

  it('round-trips its file and refuses one that is not a limits file, keeping the settings', async () => {
    const { limits, DEFAULT_LIMITS } = await fresh<M>('../../../src/lib/state/limits.svelte');
    limits.remove('inclusive-npl');
    const file = JSON.stringify(limits.toFile());
    limits.reset();
    expect(limits.list).toEqual(DEFAULT_LIMITS);
    limits.importText(file);
    expect(limits.list.map((l) => l.id)).toEqual(['industry-share', 'borrower-capital']);
    expect(() => limits.importText('{"format":"something else"}')).toThrow(/not a limits file/);
    expect(() => limits.importText('not json')).toThrow();
    expect(limits.list.map((l) => l.id)).toEqual(['industry-share', 'borrower-capital']);
  });
});

describe('packs (runes class)', () => {
  type M = typeof import('../../../src/lib/state/packs.svelte');
  it('saves what a trainer creates and edits, lists the bundled packs after, and keeps both across visits', async () => {
    let { packs, BUNDLED_PACKS } = await fresh<M>('../../../src/lib/state/packs.svelte');
    expect(packs.all).toEqual([...BUNDLED_PACKS]);
    const pack = packs.create({ title: 'Week 1' });
    packs.update(pack.id, (p) => ({ ...p, narrative: 'Look at branch B03.' }));
    expect(packs.all.map((p) => p.id)).toEqual([pack.id, ...BUNDLED_PACKS.map((p) => p.id)]);
    ({ packs } = await fresh<M>('../../../src/lib/state/packs.svelte'));
    expect(packs.find(pack.id)).toMatchObject({ title: 'Week 1', narrative: 'Look at branch B03.' });
    expect(packs.find(null)).toBeUndefined();
  });

  it('copies a bundled pack to edit it and never overwrites a pack on import', async () => {
    const { packs, BUNDLED_PACKS } = await fresh<M>('../../../src/lib/state/packs.svelte');
    const bundled = BUNDLED_PACKS[0];
    expect(packs.isBundled(bundled.id)).toBe(true);
    const copy = packs.duplicate(bundled.id, 'My copy')!;
    expect(copy.id).not.toBe(bundled.id);
    expect(copy.steps).toEqual(bundled.steps);
    const again = packs.import(JSON.stringify(packs.export(copy.id)));
    expect(again.id).not.toBe(copy.id);
    expect(packs.saved.map((p) => p.title)).toEqual(['My copy', 'My copy']);
    packs.remove(copy.id);
    expect(packs.saved.map((p) => p.id)).toEqual([again.id]);
  });
});
