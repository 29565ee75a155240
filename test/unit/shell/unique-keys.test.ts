import { describe, expect, it } from 'vitest';
import { uniqueKeys } from '../../../src/lib/ui/unique-keys';

describe('uniqueKeys', () => {
  it('keeps unique ids as they are and numbers the repeats', () => {
    expect(uniqueKeys(['A', 'B', 'A', 'A'], (x) => x)).toEqual(['A', 'B', 'A#2', 'A#3']);
  });
  it('never repeats a key, even when an id looks like a numbered repeat', () => {
    const keys = uniqueKeys(['A', 'A#2', 'A', 'A#2'], (x) => x);
    expect(new Set(keys).size).toBe(4);
  });
});
