import { describe, expect, it } from 'vitest';
import { gotWorse, matchesFilter, parseSignalsFile, readDecision, signalStatus, SIGNALS_FILE_KIND, type SignalDecision } from '../../../src/lib/metrics/models/signals';

const at = { score: 520, band: 'F', flags: 2 };
const dismissed: SignalDecision = { loanId: 'L1', action: 'dismissed', reason: 'collateral revalued', owner: 'Wang', date: '2026-12-01', note: '', at };

describe('early-warning workflow', () => {
  it('keeps a dismissed signal closed until the loan gets worse, then reopens it', () => {
    expect(signalStatus(undefined, at)).toBe('open');
    expect(signalStatus(dismissed, at)).toBe('dismissed');
    expect(signalStatus(dismissed, { ...at, score: 530 })).toBe('dismissed');
    expect(signalStatus(dismissed, { ...at, score: 519 })).toBe('reopened');
    expect(signalStatus(dismissed, { ...at, band: 'G' })).toBe('reopened');
    expect(signalStatus(dismissed, { ...at, flags: 3 })).toBe('reopened');
    expect(signalStatus(dismissed, { ...at, band: 'E', score: 560, flags: 1 })).toBe('dismissed');
    expect(signalStatus({ ...dismissed, action: 'escalated' }, { ...at, score: 100 })).toBe('escalated');
    expect(gotWorse({ ...at, band: 'A' }, at)).toBe(false);
  });

  it('shows open and reopened signals under "open"', () => {
    expect(matchesFilter('open', 'open')).toBe(true);
    expect(matchesFilter('reopened', 'open')).toBe(true);
    expect(matchesFilter('dismissed', 'open')).toBe(false);
    expect(matchesFilter('dismissed', 'dismissed')).toBe(true);
    expect(matchesFilter('confirmed', 'all')).toBe(true);
  });

  it('refuses a dismissal without a reason and anything that is not a decision', () => {
    expect(readDecision({ ...dismissed, reason: '  ' })).toEqual({ error: 'dismiss_needs_reason' });
    expect(readDecision({ ...dismissed, action: 'ignored' })).toEqual({ error: 'not_a_decision' });
    expect(readDecision({ ...dismissed, at: { score: 'x' } })).toEqual({ error: 'not_a_decision' });
    expect(readDecision({ ...dismissed, action: 'confirmed', reason: '' })).toMatchObject({ action: 'confirmed' });
  });

  it('reads an exported file, counting the decisions it cannot read', () => {
    const text = JSON.stringify({ format: SIGNALS_FILE_KIND, version: 1, book: 'B', decisions: [dismissed, { loanId: 'L2' }, { ...dismissed, loanId: 'L3', date: 'yesterday' }] });
    const f = parseSignalsFile(text);
    expect(f.book).toBe('B');
    expect(f.decisions.map((d) => d.loanId)).toEqual(['L1', 'L3']);
    expect(f.decisions[1].date).toBe('');
    expect(f.rejected).toBe(1);
    expect(() => parseSignalsFile('{"format":"other"}')).toThrow(/not a signals file/);
  });
});
