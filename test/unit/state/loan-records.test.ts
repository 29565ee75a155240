import './browser-globals';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SignalDecision } from '../../../src/lib/metrics/models/signals';
import { newRecordId, readStoredList, readStoredText } from '../../../src/lib/state/stored';

type Book = typeof import('../../../src/lib/state/book.svelte');
type Notes = typeof import('../../../src/lib/state/notes.svelte');
type Signals = typeof import('../../../src/lib/state/signals.svelte');

/** A new page over what earlier visits stored: the stores and the open book loaded afresh. */
async function page() {
  vi.resetModules();
  const { book } = (await import('../../../src/lib/state/book.svelte')) as Book;
  const { notes } = (await import('../../../src/lib/state/notes.svelte')) as Notes;
  const { signals } = (await import('../../../src/lib/state/signals.svelte')) as Signals;
  return { book, notes, signals };
}

beforeEach(() => localStorage.clear());

describe('stored lists and texts', () => {
  it('keeps the entries that validate and drops the rest, and reads broken storage as empty', () => {
    localStorage.setItem('k', JSON.stringify([{ n: 1 }, { n: 'x' }, { n: 3 }]));
    const valid = (e: unknown) => {
      const n = (e as { n: unknown }).n;
      if (typeof n !== 'number') throw new Error('not a number');
      return n;
    };
    expect(readStoredList('k', valid)).toEqual([1, 3]);
    localStorage.setItem('k', '{not json');
    expect(readStoredList('k', valid)).toEqual([]);
    localStorage.setItem('k', JSON.stringify({ n: 1 }));
    expect(readStoredList('k', valid)).toEqual([]);
    expect(readStoredList('missing', valid)).toEqual([]);
    expect(readStoredText('k', () => { throw new Error('bad'); }, 'fallback')).toBe('fallback');
  });

  it('gives ids that differ', () => {
    const ids = new Set(Array.from({ length: 50 }, () => newRecordId('pack')));
    expect(ids.size).toBe(50);
    expect([...ids].every((id) => id.startsWith('pack-'))).toBe(true);
  });
});

describe('records per loan of the open book (runes classes over LoanRecords)', () => {
  it('keeps each book its own notes, across visits, and forgets a note emptied again', async () => {
    let { book, notes } = await page();
    notes.set('L1', { finding: 'no statements' });
    expect(notes.get('L1')).toBeUndefined();
    book.name = 'Bank A';
    notes.set('L1', { finding: 'no statements', cause: 'C1' });
    notes.set('L2', { tags: ['visit'] });
    book.name = 'Bank B';
    expect(notes.byLoan).toEqual({});
    notes.set('L1', { finding: 'other book' });

    ({ book, notes } = await page());
    book.name = 'Bank A';
    expect(Object.keys(notes.byLoan).sort()).toEqual(['L1', 'L2']);
    expect(notes.reviewedCauses()).toEqual(new Map([['L1', 'C1']]));
    notes.set('L2', { tags: [] });
    expect(Object.keys(notes.byLoan)).toEqual(['L1']);
    book.name = 'Bank B';
    expect(notes.get('L1')?.finding).toBe('other book');
  });

  it('merges an imported file, the file winning, and names the book it came from', async () => {
    const { book, notes } = await page();
    book.name = 'Bank A';
    notes.set('L1', { finding: 'mine' });
    notes.set('L3', { finding: 'kept' });
    const file = { ...notes.export(), book: 'Bank A (March)', notes: { L1: { ...notes.get('L1')!, finding: 'theirs' } } };
    expect(notes.import(JSON.stringify(file))).toEqual({ count: 1, otherBook: 'Bank A (March)' });
    expect(notes.get('L1')?.finding).toBe('theirs');
    expect(notes.get('L3')?.finding).toBe('kept');
  });

  it('records and takes back early-warning decisions per book, refusing a dismissal without a reason', async () => {
    const decision = (action: string, reason: string): SignalDecision =>
      ({ loanId: 'L1', action, reason, owner: 'Li', date: '2026-01-05', note: '', at: { score: 612, band: 'E', flags: 2 } }) as SignalDecision;
    let { book, signals } = await page();
    expect(signals.decide(decision('dismissed', 'repaid in full'))).toBe('not_a_decision');
    book.name = 'Bank A';
    expect(signals.decide(decision('dismissed', ''))).toBe('dismiss_needs_reason');
    expect(signals.decide(decision('dismissed', 'repaid in full'))).toBeNull();
    ({ book, signals } = await page());
    book.name = 'Bank A';
    expect(signals.get('L1')?.reason).toBe('repaid in full');
    expect(signals.toFile()).toMatchObject({ book: 'Bank A', decisions: [{ loanId: 'L1', action: 'dismissed' }] });
    signals.clear('L1');
    expect(signals.get('L1')).toBeUndefined();
    book.name = 'Bank B';
    expect(signals.toFile().decisions).toEqual([]);
  });
});
