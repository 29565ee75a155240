import { describe, expect, it } from 'vitest';
import { both, DEFAULT_SCORING, isAppView, localText, notesFile, packFile, parseNotesFile, parsePackFile, parseTags, RecordError, SELF_CHECK, slug, type Pack } from '../../../../src/lib/metrics/cases/records';
import example from '../../../../data-samples/packs/bank-a-planted-problems.json';

const pack: Pack = {
  id: 'p1',
  title: { en: 'Process breaches', zh: '流程违规' },
  narrative: { en: 'Why money left before the decision.', zh: '为什么钱在审批前就放出去了。' },
  book: { kind: 'sample' },
  steps: [
    { view: '#/cases?loan=L0000123', question: both('What is out of order?'), answer: both('Disbursement before approval.'), hints: [], check: SELF_CHECK },
    { view: '#/overview', question: both('NPL ratio?'), answer: both('2.31 %'), hints: [{ en: 'Top left tile', zh: '左上角' }], check: { type: 'number', value: 2.31, tolerance: 0.01, unit: '%' }, points: 5 },
    { view: '#/causes', question: both('Which?'), answer: both('B'), hints: [], check: { type: 'choice', options: [both('A'), both('B')], correct: 1 } },
    { view: '#/structure', question: both('Click'), answer: both('E'), hints: [], check: { type: 'segment', filters: [{ dimension: 'industry', values: ['E'] }] } },
    { view: '#/cases', question: both('Class?'), answer: both('loss'), hints: [], check: { type: 'text', keywords: ['loss|损失'] } },
  ],
  scoring: { ...DEFAULT_SCORING },
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

  it('reads a version-1 pack: plain text in both languages, every step self-assessed', () => {
    const v1 = { kind: 'loanbook-lab/case-pack', version: 1, pack: { id: 'old', title: 'Old', narrative: 'N', book: { kind: 'sample' },
      steps: [{ view: '#/cases', question: 'Q?', answer: 'A.' }], updated: '2024-01-01T00:00:00.000Z' } };
    const p = parsePackFile(JSON.stringify(v1));
    expect(p.title).toEqual({ en: 'Old', zh: 'Old' });
    expect(p.steps[0]).toEqual({ view: '#/cases', question: both('Q?'), answer: both('A.'), hints: [], check: SELF_CHECK });
    expect(p.scoring).toEqual(DEFAULT_SCORING);
    expect(packFile(p).version).toBe(2);
  });

  it('reads a version-1 pack with text and translation blocks (options into the choice)', () => {
    const v1 = { kind: 'loanbook-lab/case-pack', version: 1, pack: { id: 'b', title: 'T', narrative: 'N', book: { kind: 'sample', sample: 'bank-b' },
      translations: { zh: { title: '题', narrative: '叙' } },
      steps: [{ view: '#/overview', question: 'Q', answer: 'A', text: { en: { question: 'Q', answer: 'A', options: ['x', 'y'] }, zh: { question: '问', answer: '答', options: ['甲', '乙'] } }, check: { type: 'choice', correct: 1 } }] } };
    const p = parsePackFile(JSON.stringify(v1));
    expect(p.title).toEqual({ en: 'T', zh: '题' });
    expect(p.steps[0].question).toEqual({ en: 'Q', zh: '问' });
    expect(p.steps[0].check).toEqual({ type: 'choice', options: [{ en: 'x', zh: '甲' }, { en: 'y', zh: '乙' }], correct: 1 });
  });

  it('rejects checks that cannot be marked', () => {
    const withCheck = (check: unknown) => JSON.stringify({ ...packFile(pack), pack: { ...pack, steps: [{ ...pack.steps[0], check }] } });
    expect(() => parsePackFile(withCheck({ type: 'choice', options: [both('a'), both('b')], correct: 2 }))).toThrow(/correct option/);
    expect(() => parsePackFile(withCheck({ type: 'choice', options: [both('a')], correct: 0 }))).toThrow(/two options/);
    expect(() => parsePackFile(withCheck({ type: 'number', value: 'x' }))).toThrow(/number/);
    expect(() => parsePackFile(withCheck({ type: 'number', value: 1, tolerance: -1 }))).toThrow(/negative/);
    expect(() => parsePackFile(withCheck({ type: 'segment', filters: [] }))).toThrow(/filters/);
    expect(() => parsePackFile(withCheck({ type: 'essay' }))).toThrow(/unknown check/);
    expect(() => parsePackFile(JSON.stringify({ ...packFile(pack), version: 3 }))).toThrow(/version 3/);
  });

  it('shows the text of the language, English when a translation is missing', () => {
    expect(localText({ en: 'a', zh: '甲' }, 'zh')).toBe('甲');
    expect(localText({ en: 'a', zh: '' }, 'zh')).toBe('a');
    expect(localText({ en: 'a', zh: '甲' }, 'en')).toBe('a');
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
    const text = p.steps.map((s) => `${s.question.en} ${s.answer.en}`).join(' ');
    for (const problem of ['P1', 'P2', 'P3', 'P4']) expect(text).toContain(problem);
  });
});
