import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../../src/lib/db/node';
import type { Db } from '../../../../src/lib/db/types';
import { runMetric } from '../../../../src/lib/metrics/query';
import { FLAG_RULES, caseFileQuery, flagMatrixQuery, selectRules } from '../../../../src/lib/metrics/flags';
import { ALL_MAPPED, createBook, type LoanRow } from './canonicalBook';

/** A loan that breaks no rule. */
const CLEAN: LoanRow = {
  loan_id: 'clean',
  borrower_id: 'b1',
  industry: 'C',
  enterprise_size: 'small',
  relationship_start_date: '2015-01-01',
  has_financial_statements: true,
  officer_id: 'o1',
  officer_tenure_months: 60,
  officer_training_hours: 40,
  origination_date: '2023-01-10',
  maturity_date: '2025-01-10',
  amount: 1_000_000,
  term_months: 24,
  collateral_type: 'real_estate',
  collateral_value: 2_000_000,
  guarantee_type: 'personal',
  is_renewal: false,
  is_restructured: false,
  as_of_date: '2024-06-30',
  balance: 500_000,
  dpd: 0,
  five_class: 1,
  application_date: '2022-12-20',
  approval_date: '2023-01-05',
  disbursement_date: '2023-01-10',
  approval_level: 'branch',
  approver_limit: 3_000_000,
  approval_exception: false,
  first_inspection_date: '2023-03-01',
  last_inspection_date: '2024-05-15',
  default_flag: false,
};

const crafted = (changes: LoanRow): LoanRow => ({ ...CLEAN, loan_id: 'crafted', ...changes });
const fillers = (n: number, changes: LoanRow = {}): LoanRow[] => Array.from({ length: n }, (_, i) => ({ ...CLEAN, loan_id: `filler${i}`, ...changes }));

const CASES: [string, LoanRow[]][] = [
  ['classification_exception', [crafted({ dpd: 120, five_class: 2 })]],
  ['no_timely_inspection', [crafted({ first_inspection_date: '2023-06-01' })]],
  ['stale_inspection', [crafted({ last_inspection_date: '2024-01-01' })]],
  ['approval_above_authority', [crafted({ approver_limit: 500_000 })]],
  ['approval_exception', [crafted({ approval_exception: true })]],
  ['disbursed_before_approval', [crafted({ disbursement_date: '2023-01-02' })]],
  ['skipped_step', [crafted({ skipped_step: 'site visit' })]],
  ['weak_collateral', [crafted({ collateral_value: 600_000 })]],
  ['no_guarantee', [crafted({ guarantee_type: 'none' })]],
  ['renewal', [crafted({ is_renewal: true })]],
  ['restructured', [crafted({ is_restructured: true })]],
  ['new_to_bank', [crafted({ relationship_start_date: '2022-09-01' })]],
  ['missing_financials', [crafted({ has_financial_statements: false })]],
  ['stressed_industry', [crafted({ industry: 'F', five_class: 3, dpd: 100 }), ...fillers(3)]],
  ['new_officer', [crafted({ officer_tenure_months: 6 })]],
  ['untrained_officer', [crafted({ officer_training_hours: 0 })]],
  ['early_default', [crafted({ default_flag: true, default_date: '2023-10-01' })]],
];

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => db.close());

async function flagsByLoan(loans: LoanRow[]): Promise<Map<string, string[]>> {
  await createBook(db, loans);
  const { active } = selectRules(FLAG_RULES, ALL_MAPPED);
  const matrix = await runMetric(db, flagMatrixQuery(active));
  return new Map(matrix.map((r) => [r.loanId!, r.flags]));
}

describe('built-in red-flag rules', () => {
  it('has a test case for every rule, unique ids and a reason each', () => {
    expect(CASES.map(([id]) => id).sort()).toEqual(FLAG_RULES.map((r) => r.id).sort());
    for (const r of FLAG_RULES) expect(r.reason.length).toBeGreaterThan(20);
  });

  it('flags nothing on a clean loan', async () => {
    const flags = await flagsByLoan([CLEAN]);
    expect(flags.get('clean')).toEqual([]);
  });

  it.each(CASES)('%s fires on a crafted loan and not on the clean one', async (id, loans) => {
    const flags = await flagsByLoan([CLEAN, ...loans]);
    expect(flags.get('crafted')).toEqual([id]);
    expect(flags.get('clean')).toEqual([]);
  });

  it('respects threshold boundaries and overrides', async () => {
    await createBook(db, [crafted({ collateral_value: 700_000 }), { ...CLEAN, loan_id: 'late', default_flag: true, default_date: '2024-02-11' }]);
    const active = (overrides = {}) => selectRules(FLAG_RULES.filter((r) => ['weak_collateral', 'early_default'].includes(r.id)), ALL_MAPPED, overrides).active;
    // LTV 500k / 700k = 0.714 > 0.7; default 13 months after origination is not early
    expect(await runMetric(db, flagMatrixQuery(active()))).toMatchObject([{ loanId: 'crafted', flags: ['weak_collateral'] }, { loanId: 'late', flags: [] }]);
    const relaxed = active({ weak_collateral: { max_ltv: 0.8 }, early_default: { months: 24 } });
    expect(await runMetric(db, flagMatrixQuery(relaxed))).toMatchObject([{ loanId: 'crafted', flags: [] }, { loanId: 'late', flags: ['early_default'] }]);
  });

  it('judges a stressed industry against the whole book even under a filter', async () => {
    await createBook(db, [crafted({ industry: 'F', five_class: 3, dpd: 100 }), ...fillers(3)]);
    const { active } = selectRules(FLAG_RULES.filter((r) => r.id === 'stressed_industry'), ALL_MAPPED, { stressed_industry: { k: 3 } });
    const filtered = await runMetric(db, flagMatrixQuery(active, { filters: [{ dimension: 'industry', values: ['F'] }] }));
    // industry F: NPL ratio 1; book: 0.25; 1 > 3 × 0.25
    expect(filtered).toMatchObject([{ loanId: 'crafted', flags: ['stressed_industry'] }]);
    const strict = selectRules(FLAG_RULES.filter((r) => r.id === 'stressed_industry'), ALL_MAPPED, { stressed_industry: { k: 4 } }).active;
    expect(await runMetric(db, flagMatrixQuery(strict))).toMatchObject([{ flags: [] }, { flags: [] }, { flags: [] }, { flags: [] }]);
  });

  it('reports rules whose fields are not mapped and keeps them out of the SQL', () => {
    const mapped = new Set([...ALL_MAPPED].filter((f) => f !== 'approver_limit' && f !== 'dpd'));
    const { active, unavailable } = selectRules(FLAG_RULES, mapped);
    expect(unavailable.map((u) => [u.rule.id, u.missing])).toEqual([
      ['classification_exception', ['dpd']],
      ['approval_above_authority', ['approver_limit']],
    ]);
    expect(active).toHaveLength(FLAG_RULES.length - 2);
    expect(flagMatrixQuery(active).sql).not.toMatch(/approver_limit|dpd >/);
  });

  it('lists the flags of one loan with their evidence for the case file', async () => {
    await createBook(db, [CLEAN, crafted({ dpd: 120, five_class: 2, approver_limit: 800_000 })]);
    const { active } = selectRules(FLAG_RULES, ALL_MAPPED);
    expect(await runMetric(db, caseFileQuery(active, 'clean'))).toEqual([]);
    expect(await runMetric(db, caseFileQuery(active, 'nobody'))).toEqual([]);
    const fired = await runMetric(db, caseFileQuery(active, 'crafted'));
    expect(fired).toEqual([
      {
        ruleId: 'classification_exception',
        problem: 'P1',
        cause: 'C2',
        labelKey: 'flags.rule.classification_exception',
        evidence: { dpd: 120, five_class: 2, min_class_for_dpd: 3 },
      },
      {
        ruleId: 'approval_above_authority',
        problem: 'P1',
        cause: 'C2',
        labelKey: 'flags.rule.approval_above_authority',
        evidence: { amount: 1_000_000, approver_limit: 800_000, approval_level: 'branch' },
      },
    ]);
  });
});
