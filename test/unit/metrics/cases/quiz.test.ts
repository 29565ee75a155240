import { describe, expect, it } from 'vitest';
import { both, DEFAULT_SCORING, SELF_CHECK, type Pack } from '../../../../src/lib/metrics/cases/records';
import {
  answerStep, attemptFile, attemptScore, checkAnswer, finishAttempt, giveUp, maxScore, newAttempt, parseAttemptFile, parseNumber, revealHint, sameSegment,
} from '../../../../src/lib/metrics/cases/quiz';

const pack: Pack = {
  id: 'p1',
  title: { en: 'Quiz', zh: '测验' },
  narrative: both(''),
  book: { kind: 'sample' },
  steps: [
    { view: '#/overview', question: both('NPL?'), answer: both('2.31 %'), hints: [both('tile'), both('top left')], check: { type: 'number', value: 2.31, tolerance: 0.01, unit: '%' } },
    { view: '#/causes', question: both('Which?'), answer: both('B'), hints: [], check: { type: 'choice', options: [both('A'), both('B'), both('C')], correct: 1 }, points: 4 },
    { view: '#/structure', question: both('Click'), answer: both('E × 南部县'), hints: [], check: { type: 'segment', filters: [{ dimension: 'industry', values: ['E'] }, { dimension: 'region', values: ['南部县'] }] } },
    { view: '#/cases', question: both('Class?'), answer: both('loss'), hints: [], check: { type: 'text', keywords: ['loss|损失', 'class 5|5类|五类'] } },
    { view: '#/cases', question: both('Discuss'), answer: both('model answer'), hints: [], check: SELF_CHECK },
  ],
  scoring: { ...DEFAULT_SCORING },
  updated: '2025-01-01T00:00:00.000Z',
};

describe('checking an answer', () => {
  it('reads numbers as people type them', () => {
    expect(parseNumber('4.96')).toBe(4.96);
    expect(parseNumber(' 4.96 % ')).toBe(4.96);
    expect(parseNumber('300,000')).toBe(300000);
    expect(parseNumber('300 000 元')).toBe(300000);
    expect(parseNumber('４.９６％')).toBe(4.96);
    expect(parseNumber('4,96')).toBe(4.96);
    expect(parseNumber('-0.5')).toBe(-0.5);
    expect(parseNumber('about 5')).toBeNaN();
    expect(parseNumber('')).toBeNaN();
  });

  it('a number within the tolerance, at its edges, and outside it', () => {
    const c = pack.steps[0].check;
    expect(checkAnswer(c, '2.31')).toBe(true);
    expect(checkAnswer(c, '2.32')).toBe(true);
    expect(checkAnswer(c, '2.30 %')).toBe(true);
    expect(checkAnswer(c, '2.33')).toBe(false);
    expect(checkAnswer(c, '23.1')).toBe(false);
    expect(checkAnswer(c, 'two')).toBe(false);
    expect(checkAnswer({ type: 'number', value: 300000, tolerance: 0 }, '300,000')).toBe(true);
    expect(checkAnswer({ type: 'number', value: 300000, tolerance: 0 }, '300,001')).toBe(false);
  });

  it('a choice by its index', () => {
    expect(checkAnswer(pack.steps[1].check, 1)).toBe(true);
    expect(checkAnswer(pack.steps[1].check, 0)).toBe(false);
    expect(checkAnswer(pack.steps[1].check, '1')).toBe(false);
  });

  it('a segment: the same clauses in any order, nothing more or less', () => {
    const c = pack.steps[2].check;
    expect(checkAnswer(c, [{ dimension: 'region', values: ['南部县'] }, { dimension: 'industry', values: ['E'] }])).toBe(true);
    expect(checkAnswer(c, [{ dimension: 'industry', values: ['E'] }])).toBe(false);
    expect(checkAnswer(c, [{ dimension: 'industry', values: ['E', 'K'] }, { dimension: 'region', values: ['南部县'] }])).toBe(false);
    expect(checkAnswer(c, [{ dimension: 'industry', values: ['E'] }, { dimension: 'region', values: ['南部县'] }, { dimension: 'branch', values: ['x'] }])).toBe(false);
    expect(checkAnswer(c, 'E')).toBe(false);
    expect(sameSegment([{ dimension: 'a', values: ['2', '1'] }], [{ dimension: 'a', values: ['1', '2'] }])).toBe(true);
  });

  it('free text: every keyword, any of its alternatives, in either language; none: self-assessed', () => {
    const c = pack.steps[3].check;
    expect(checkAnswer(c, 'It must be LOSS,  class 5')).toBe(true);
    expect(checkAnswer(c, '应为损失类，即五类')).toBe(true);
    expect(checkAnswer(c, 'loss')).toBe(false);
    expect(checkAnswer(c, 'class 2')).toBe(false);
    expect(checkAnswer(SELF_CHECK, 'anything')).toBeNull();
  });
});

describe('an attempt', () => {
  it('scores points less hints and wrong tries, and nothing for a step given up', () => {
    let a = newAttempt(pack, 'Li Wei', 'a1', '2025-01-01T10:00:00.000Z');
    expect(maxScore(pack)).toBe(10 + 4 + 10 + 10);
    // step 1: a wrong try, a hint, then right: 10 − 2 − 3 = 5
    let r = answerStep(pack, a, 0, '23.1');
    expect(r.correct).toBe(false);
    expect(r.attempt.steps[0]).toMatchObject({ wrong: 1, done: false, correct: null, answer: '23.1' });
    a = revealHint(pack, r.attempt, 0);
    r = answerStep(pack, a, 0, '2.31');
    expect(r.correct).toBe(true);
    a = r.attempt;
    expect(a.steps[0]).toMatchObject({ wrong: 1, hints: 1, done: true, correct: true });
    expect(attemptScore(pack, a)).toBe(5);
    // a done step keeps its result
    expect(answerStep(pack, a, 0, '99').attempt).toBe(a);
    // step 2 right first time: its own 4 points
    a = answerStep(pack, a, 1, 1).attempt;
    expect(attemptScore(pack, a)).toBe(9);
    // step 3 given up: 0
    a = giveUp(a, 2);
    expect(a.steps[2]).toMatchObject({ correct: false, done: true });
    // step 4: six wrong tries cost more than its points: 0, never below
    for (let i = 0; i < 6; i++) a = answerStep(pack, a, 3, 'no idea').attempt;
    a = answerStep(pack, a, 3, 'loss, class 5').attempt;
    expect(a.steps[3].wrong).toBe(6);
    expect(attemptScore(pack, a)).toBe(9);
    // self-assessed: done, no verdict, no points
    const s = answerStep(pack, a, 4, 'my thoughts');
    expect(s.correct).toBeNull();
    expect(s.attempt.steps[4]).toMatchObject({ done: true, correct: null, answer: 'my thoughts' });
    expect(attemptScore(pack, s.attempt)).toBe(9);
  });

  it('no more hints than the step has, none after it is done', () => {
    let a = newAttempt(pack, '', 'a2', '2025-01-01T10:00:00.000Z');
    for (let i = 0; i < 5; i++) a = revealHint(pack, a, 0);
    expect(a.steps[0].hints).toBe(2);
    a = revealHint(pack, a, 1);
    expect(a.steps[1].hints).toBe(0);
  });

  it('exports a file the trainer reads back: name, answers, score, time', () => {
    let a = newAttempt(pack, '王芳', 'a3', '2025-01-01T10:00:00.000Z');
    a = answerStep(pack, a, 0, '5').attempt;
    a = answerStep(pack, a, 0, '2.31').attempt;
    a = answerStep(pack, a, 2, [{ dimension: 'industry', values: ['E'] }, { dimension: 'region', values: ['南部县'] }]).attempt;
    a = finishAttempt(a, '2025-01-01T10:20:00.000Z');
    const back = parseAttemptFile(JSON.stringify(attemptFile(pack, a)));
    expect(back).toEqual({ ...a, score: 8 + 10, max: 34 });
    expect(back.name).toBe('王芳');
    expect(back.finished).toBe('2025-01-01T10:20:00.000Z');
    expect(back.steps[2].answer).toEqual([{ dimension: 'industry', values: ['E'] }, { dimension: 'region', values: ['南部县'] }]);
    expect(() => parseAttemptFile('{')).toThrow(/JSON/);
    expect(() => parseAttemptFile(JSON.stringify({ kind: 'x' }))).toThrow(/attempt file/);
    expect(() => parseAttemptFile(JSON.stringify({ ...attemptFile(pack, a), attempt: { ...a, steps: [{ correct: 'yes' }] } }))).toThrow(/correct/);
  });
});
