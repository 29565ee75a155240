import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import example from '../../../data-samples/packs/bank-a-planted-problems.json';
import { checkAnswer } from '../../../src/lib/metrics/cases/quiz';
import { parsePackFile, type Check } from '../../../src/lib/metrics/cases/records';
import { num, one, openBook } from './db';
import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * The Bank A teaching pack (version 2): both languages on every text, and each step's check is
 * right on the committed book. The truths are recomputed here with SQL of this test over the
 * Parquet files, and the check is asked to mark that truth right (and a wrong answer wrong).
 */
const pack = parsePackFile(JSON.stringify(example));
const han = /[\u4e00-\u9fff]/;
let conn: DuckDBConnection;
let close: () => void;
beforeAll(async () => ({ conn, close } = await openBook()));
afterAll(() => close());

const loan = (id: string) => one(conn, `SELECT * FROM loans WHERE loan_id = '${id}'`);
const stepOf = (needle: string) => {
  const i = pack.steps.findIndex((s) => s.view.includes(needle));
  expect(i, needle).toBeGreaterThanOrEqual(0);
  return pack.steps[i].check;
};
const choiceIs = (c: Check, index: number) => expect(c).toMatchObject({ type: 'choice', correct: index });

describe('the Bank A teaching pack', () => {
  it('is a version-2 file with text in English and Chinese and a typed check on every step', () => {
    expect(example.version).toBe(2);
    expect(pack.title.zh).toMatch(han);
    expect(pack.narrative.zh).toMatch(han);
    expect(pack.steps.length).toBeGreaterThanOrEqual(8);
    for (const s of pack.steps) {
      expect(s.question.en.length).toBeGreaterThan(10);
      expect(s.question.zh).toMatch(han);
      expect(s.answer.zh).toMatch(han);
      expect(s.check.type === 'text' ? s.check.keywords.length : 1).toBeGreaterThan(0);
      if (s.check.type === 'choice') for (const o of s.check.options) expect(o.zh).toMatch(han);
    }
    expect(new Set(pack.steps.map((s) => s.check.type))).toEqual(new Set(['text', 'number', 'choice', 'segment']));
  });

  it('L0002912: the reported class (2) and the class its DPD requires (5) are what the keywords ask', async () => {
    const l = await loan('L0002912');
    expect(l.five_class).toBe(2);
    expect(l.dpd as number).toBeGreaterThan(360);
    const c = stepOf('L0002912');
    expect(checkAnswer(c, 'Reported as special mention, should be loss')).toBe(true);
    expect(checkAnswer(c, '报告为关注类，应为损失类')).toBe(true);
    expect(checkAnswer(c, 'substandard')).toBe(false);
  });

  it('L0000027 was disbursed before approval; L0006993 was never inspected; L0016623 was new and without statements', async () => {
    const a = await loan('L0000027');
    expect(String(a.disbursement_date) < String(a.approval_date)).toBe(true);
    choiceIs(stepOf('L0000027'), 0);
    expect(await num(conn, `SELECT count(*) FROM inspections WHERE loan_id = 'L0006993'`)).toBe(0);
    choiceIs(stepOf('L0006993'), 3);
    const n = await loan('L0016623');
    expect(await num(conn, `SELECT date_diff('month', relationship_start_date, origination_date) FROM loans WHERE loan_id = 'L0016623'`)).toBeLessThan(6);
    expect(n.has_financial_statements).toBe(false);
    choiceIs(stepOf('L0016623'), 1);
  });

  it('L0004841: the approver limit in millions; industry H: an NPL several times the book’s', async () => {
    const limit = (await loan('L0004841')).approver_limit as number;
    expect(checkAnswer(stepOf('L0004841'), String(limit / 1e6))).toBe(true);
    expect(checkAnswer(stepOf('L0004841'), '48.7')).toBe(false);
    const npl = (where: string) => num(conn, `SELECT sum(balance) FILTER (WHERE five_class >= 3) / sum(balance) FROM loans WHERE ${where}`);
    expect((await npl(`industry = 'H'`)) / (await npl('true'))).toBeGreaterThan(3);
    choiceIs(stepOf('L0012755'), 0);
  });

  it('E and K share of the balance, and the largest industry the click must pick', async () => {
    const share = await num(conn, `SELECT 100 * sum(balance) FILTER (WHERE industry IN ('E', 'K')) / sum(balance) FROM loans`);
    expect(checkAnswer(stepOf('status=defaulted'), share.toFixed(2))).toBe(true);
    expect(checkAnswer(stepOf('status=defaulted'), '35.2')).toBe(false);
    const top = (await one(conn, `SELECT industry FROM loans GROUP BY 1 ORDER BY sum(balance) DESC LIMIT 1`)).industry as string;
    const segment = pack.steps.find((s) => s.check.type === 'segment')!.check;
    expect(checkAnswer(segment, [{ dimension: 'industry', values: [top] }])).toBe(true);
  });
});
