import type { BookShape } from '../book/activate';

/** What an empty part may be waiting for, besides loans that the filters let through. */
export type EmptyNeed = 'snapshots' | 'live_balance' | 'pd';

/**
 * The real cause of an empty part, as a message key: the first need the book does not meet; else
 * the filters when any are set; else that the book has nothing to show here.
 */
export function emptyCauseKey(shape: BookShape | null, needs: readonly EmptyNeed[], filtered: boolean): string {
  for (const need of needs) {
    if (need === 'snapshots' && shape && shape.snapshots === 0) return 'empty.snapshots';
    if (need === 'live_balance' && shape && shape.outcome.exposureBasis === 'amount') return 'empty.liveBalance';
    if (need === 'pd' && shape && !shape.mapped.includes('pd')) return 'empty.pd';
  }
  return filtered ? 'state.noRows' : 'empty.nothing';
}
