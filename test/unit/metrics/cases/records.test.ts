import { describe, expect, it } from 'vitest';
import { isAppView, notesFile, packFile, parseNotesFile, parsePackFile, parseTags, RecordError, slug, type Pack } from '../../../../src/lib/metrics/cases/records';
import example from '../../../../data-samples/packs/bank-a-planted-problems.json';

const pack: Pack = {
  id: 'p1',
  title: 'Process breaches',
  narrative: 'Why money left before the decision.',
  book: { kind: 'sample' },
  steps: [{ view: '#/cases?loan=L0000123', question: 'What is out of order?', answer: 'Disbursement before approval.' }],
  updated: '2025-01-01T00:00:00.000Z',
};

describe('case notes file', () => {
  it('round-trips and validates causes', () => {
    const file = notesFile('Bank A (sample)', { L1: { finding: 'x', cause: 'C2', problem: 'P3', tags: ['a'], updated: '2025-01-01T00:00:00.000Z' } });
    expect(parseNotesFile(JSON.stringify(file))).toEqual(file);
    const bad = { ...file, notes: { L1: { finding: 'x', cause: 'C9' } } };
    expect(() => parseNotesFile(JSON.stringify(bad))).toThrow(RecordError);
    expect(() => parseNotesFile('{')).toThrow(/JSON/);
    expect(() => parseNotesFile(JSON.stringify(packFile(pack)))).toThrow(/case-notes/);
  });

  it('reads tags as typed in either language', () => {
    expect(parseTags(' early, 抵押 ，担保、early ,, ')).toEqual(['early', '抵押', '担保']);
  });
});

describe('case-study pack file', () => {
  it('round-trips', () => {
    expect(parsePackFile(JSON.stringify(packFile(pack)))).toEqual(pack);
  });

  it('rejects views that leave the app and packs without a book', () => {
    const away = { ...pack, steps: [{ ...pack.steps[0], view: 'https://example.com/#/cases' }] };
    expect(() => parsePackFile(JSON.stringify(packFile(away)))).toThrow(/inside the app/);
    expect(() => parsePackFile(JSON.stringify(packFile({ ...pack, book: {} as never })))).toThrow(/book/);
    expect(isAppView('#/cases?loan=L1&step=2')).toBe(true);
    expect(isAppView('javascript:alert(1)')).toBe(false);
    expect(slug('  问题 P3: process!  ')).toBe('问题-p3-process');
  });

  it('the bundled example pack on the sample book is valid and walks through the planted problems', () => {
    const p = parsePackFile(JSON.stringify(example));
    expect(p.book).toEqual({ kind: 'sample' });
    expect(p.steps.length).toBeGreaterThanOrEqual(5);
    const text = p.steps.map((s) => `${s.question} ${s.answer}`).join(' ');
    for (const problem of ['P1', 'P2', 'P3', 'P4']) expect(text).toContain(problem);
  });
});
