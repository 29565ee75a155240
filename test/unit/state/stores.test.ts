import { darkScheme } from './browser-globals';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BUNDLED_PACKS } from '../../../src/lib/state/bundled-packs';

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
    let { packs } = await fresh<M>('../../../src/lib/state/packs.svelte');
    await packs.bundledReady;
    expect(packs.all).toEqual([...BUNDLED_PACKS]);
    const pack = packs.create({ title: { en: 'Week 1', zh: '第一周' } });
    packs.update(pack.id, (p) => ({ ...p, narrative: { en: 'Look at branch B03.', zh: '看 B03 支行。' } }));
    expect(packs.all.map((p) => p.id)).toEqual([pack.id, ...BUNDLED_PACKS.map((p) => p.id)]);
    ({ packs } = await fresh<M>('../../../src/lib/state/packs.svelte'));
    await packs.bundledReady;
    expect(packs.find(pack.id)).toMatchObject({ title: { en: 'Week 1', zh: '第一周' }, narrative: { en: 'Look at branch B03.', zh: '看 B03 支行。' } });
    expect(packs.find(null)).toBeUndefined();
  });

  it('copies a bundled pack to edit it and never overwrites a pack on import', async () => {
    const { packs } = await fresh<M>('../../../src/lib/state/packs.svelte');
    await packs.bundledReady;
    const bundled = BUNDLED_PACKS[0];
    expect(packs.isBundled(bundled.id)).toBe(true);
    const copy = packs.duplicate(bundled.id, { en: 'My copy', zh: '我的副本' })!;
    expect(copy.id).not.toBe(bundled.id);
    expect(copy.steps).toEqual(bundled.steps);
    const again = packs.import(JSON.stringify(packs.export(copy.id)));
    expect(again.id).not.toBe(copy.id);
    expect(packs.saved.map((p) => p.title.en)).toEqual(['My copy', 'My copy']);
    packs.remove(copy.id);
    expect(packs.saved.map((p) => p.id)).toEqual([again.id]);
  });
});

describe('attempts (runes class)', () => {
  type A = typeof import('../../../src/lib/state/attempts.svelte');
  it('keeps a student’s attempt across visits, marks it, and exports it finished', async () => {
    const pack = BUNDLED_PACKS[0];
    const choice = pack.steps.findIndex((s) => s.check.type === 'choice');
    const check = pack.steps[choice].check;
    if (check.type !== 'choice') throw new Error('the Bank A pack has a choice step');
    let { attempts } = await fresh<A>('../../../src/lib/state/attempts.svelte');
    attempts.rename(pack, 'Li Wei');
    expect(attempts.answer(pack, choice, (check.correct + 1) % check.options.length)).toBe(false);
    expect(attempts.answer(pack, choice, check.correct)).toBe(true);
    ({ attempts } = await fresh<A>('../../../src/lib/state/attempts.svelte'));
    const kept = attempts.current(pack.id)!;
    expect(kept).toMatchObject({ name: 'Li Wei', finished: null });
    expect(kept.steps[choice]).toMatchObject({ wrong: 1, correct: true, done: true });
    const file = attempts.export(pack);
    expect(file.attempt.score).toBe(pack.scoring.points - pack.scoring.wrong);
    expect(file.attempt.finished).not.toBeNull();
    // a finished attempt stays; the next answer opens a new one
    attempts.answer(pack, choice, check.correct);
    expect(attempts.list).toHaveLength(2);
    expect(attempts.current(pack.id)!.finished).toBeNull();
  });
});
