import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../../src/lib/db/node';
import type { Db } from '../../../../src/lib/db/types';
import { runMetric } from '../../../../src/lib/metrics/query';
import { flagStatsQuery, selectRules, userRuleToFlagRule, validateUserRule, type UserRule } from '../../../../src/lib/metrics/flags';
import { ALL_MAPPED, createBook } from './canonicalBook';

const rule = (condition: string, id = 'short_expensive'): UserRule => ({ id, name: 'Short and expensive', condition, problem: 'P4', cause: 'C1' });

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  await createBook(db, [
    { loan_id: 'a', interest_rate: 0.09, term_months: 6, default_flag: true },
    { loan_id: 'b', interest_rate: 0.09, term_months: 36, default_flag: false },
    { loan_id: 'c', interest_rate: 0.04, term_months: 6, default_flag: false },
  ]);
});
afterAll(async () => db.close());

describe('user rules', () => {
  it('accepts a valid condition and says how many loans it flags', async () => {
    expect(await validateUserRule(db, rule('interest_rate > 0.08 AND term_months <= 12'))).toEqual({ ok: true, flagged: 1 });
  });

  it('returns the engine message for bad SQL', async () => {
    const unknownColumn = await validateUserRule(db, rule('intrest_rate > 0.08'));
    expect(unknownColumn.ok).toBe(false);
    if (!unknownColumn.ok) expect(unknownColumn.error).toMatch(/intrest_rate/);
    const syntax = await validateUserRule(db, rule('interest_rate >> AND'));
    expect(syntax.ok).toBe(false);
    if (!syntax.ok) expect(syntax.error).toMatch(/syntax error/i);
  });

  it('rejects a second statement and bad ids before reaching the engine', async () => {
    expect(await validateUserRule(db, rule('TRUE); DROP TABLE loans; SELECT (1'))).toEqual({
      ok: false,
      error: expect.stringContaining(';'),
    });
    expect((await validateUserRule(db, rule('TRUE', 'loan_id'))).ok).toBe(false);
    expect((await validateUserRule(db, rule('TRUE', 'Bad Id'))).ok).toBe(false);
  });

  it('joins the built-in machinery once validated', async () => {
    const { active } = selectRules([userRuleToFlagRule(rule('interest_rate > 0.08'))], ALL_MAPPED);
    const s = await runMetric(db, flagStatsQuery(active));
    expect(s.rules[0]).toMatchObject({ ruleId: 'short_expensive', flagged: 2, flaggedDefaults: 1, precision: 0.5, coverage: 1 });
  });
});
