import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../../src/lib/db/types';
import { scalar } from '../../../../src/lib/db/rows';
import { overviewQuery } from '../../../../src/lib/metrics/portfolio/overview';
import { classMixQuery, stageMixQuery } from '../../../../src/lib/metrics/portfolio/mix';
import { loadLoans, openNodeDb, run, type FixtureRow } from './fixtures';

/*
 * Five loans, 2,000 of balance:
 *   L1 B1 small   amt 100  bal 100  class 1  rate .05  pd .01 lgd .5  reserve 1   stage 2 given
 *   L2 B1 small   amt 200  bal 200  class 2  rate .06  pd .02 lgd .5  reserve 4
 *   L3 B2 medium  amt 300  bal 300  class 3  rate .07  flag+date, charge-off 60, recovery 15, reserve 30
 *   L4 B3 micro   amt 400  bal 400  class 1  rate .04
 *   L5 B4 medium  amt 1000 bal 1000 class 5  (no rate) date only, charge-off 200, recovery 0, reserve 500
 */
const BOOK: FixtureRow[] = [
  { loan_id: 'L1', borrower_id: 'B1', enterprise_size: 'small', industry: 'C', region: 'N', amount: 100, balance: 100, five_class: 1, interest_rate: 0.05, pd: 0.01, lgd: 0.5, reserve: 1, ifrs9_stage: 2 },
  { loan_id: 'L2', borrower_id: 'B1', enterprise_size: 'small', industry: 'C', region: 'S', amount: 200, balance: 200, five_class: 2, interest_rate: 0.06, pd: 0.02, lgd: 0.5, reserve: 4 },
  { loan_id: 'L3', borrower_id: 'B2', enterprise_size: 'medium', industry: 'F', region: 'N', amount: 300, balance: 300, five_class: 3, interest_rate: 0.07, default_flag: true, default_date: '2024-03-10', chargeoff_amount: 60, recovery_amount: 15, reserve: 30 },
  { loan_id: 'L4', borrower_id: 'B3', enterprise_size: 'micro', industry: 'F', region: 'S', amount: 400, balance: 400, five_class: 1, interest_rate: 0.04 },
  { loan_id: 'L5', borrower_id: 'B4', enterprise_size: 'medium', industry: 'G', region: 'N', amount: 1000, balance: 1000, five_class: 5, default_date: '2024-02-01', chargeoff_amount: 200, recovery_amount: 0, reserve: 500 },
];

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => db.close());
beforeEach(async () => loadLoans(db, BOOK));

describe('overview', () => {
  it('computes the headline figures by hand-checked arithmetic', async () => {
    const { figures: f } = await run(db, overviewQuery([]));
    expect(f.loans.value).toBe(5);
    expect(f.borrowers.value).toBe(4);
    expect(f.outstandingBalance.value).toBe(2000);
    expect(f.averageLoanAmount.value).toBeCloseTo(400, 9);
    expect(f.weightedInterestRate.value).toBeCloseTo((5 + 12 + 21 + 16) / 1000, 9);
    expect(f.nplRatioBalance.value).toBeCloseTo(1300 / 2000, 9);
    expect(f.nplRatioCount.value).toBeCloseTo(2 / 5, 9);
    expect(f.defaultRate.value).toBeCloseTo(2 / 5, 9);
    expect(f.chargeOffRate.value).toBeCloseTo(260 / 1300, 9);
    expect(f.recoveryRate.value).toBeCloseTo(15 / 260, 9);
    expect(f.inclusiveBalanceShare.value).toBeCloseTo(700 / 2000, 9);
    expect(f.inclusiveNplRatio.value).toBe(0);
    expect(f.expectedLoss.value).toBeCloseTo(0.5 + 2, 9);
    expect(f.expectedLossCoverage.value).toBeCloseTo(300 / 2000, 9);
    expect(f.provisionCoverage.value).toBeCloseTo(535 / 1300, 9);
    expect(f.loanProvisionRatio.value).toBeCloseTo(535 / 2000, 9);
    for (const k of Object.keys(f) as (keyof typeof f)[]) expect(f[k].missing, k).toEqual([]);
  });

  it('compares the inclusive-SME NPL ratio with the bank NPL ratio', async () => {
    const { inclusiveTolerance: t } = await run(db, overviewQuery([]));
    expect(t.inclusiveNplRatio).toBe(0);
    expect(t.bankNplRatio).toBeCloseTo(0.65, 9);
    expect(t.gapPoints).toBeCloseTo(-65, 9);
    expect(t.breach).toBe(false);
  });

  it('flags an inclusive NPL ratio more than 3 pp above the bank ratio, and not one exactly 3 pp above', async () => {
    // Inclusive: a (100, NPL) + b (1,900, normal) → 100 / 2,000 = 5 %; bank 100 / 10,000 = 1 %: gap 4 pp.
    await loadLoans(db, [
      { loan_id: 'a', enterprise_size: 'small', amount: 100, balance: 100, five_class: 3 },
      { loan_id: 'b', enterprise_size: 'micro', amount: 1900, balance: 1900, five_class: 1 },
      { loan_id: 'c', enterprise_size: 'medium', amount: 8000, balance: 8000, five_class: 1 },
    ]);
    const over = await run(db, overviewQuery([]));
    expect(over.inclusiveTolerance.gapPoints).toBeCloseTo(4, 9);
    expect(over.inclusiveTolerance.breach).toBe(true);
    // Inclusive 100 / 2,000 = 5 %, bank 100 / 5,000 = 2 %: gap exactly 3 pp (3.0000000000000004 in floats), within tolerance.
    await loadLoans(db, [
      { loan_id: 'a', enterprise_size: 'small', amount: 100, balance: 100, five_class: 3 },
      { loan_id: 'b', enterprise_size: 'micro', amount: 1900, balance: 1900, five_class: 1 },
      { loan_id: 'c', enterprise_size: 'medium', amount: 3000, balance: 3000, five_class: 1 },
    ]);
    const edge = await run(db, overviewQuery([]));
    expect(edge.inclusiveTolerance.gapPoints).toBeCloseTo(3, 9);
    expect(edge.inclusiveTolerance.breach).toBe(false);
  });

  it('returns null plus the missing fields for figures whose fields are not mapped', async () => {
    await loadLoans(db, BOOK.map(({ pd: _pd, reserve: _r, ...rest }) => rest));
    const { figures: f } = await run(db, overviewQuery([]));
    expect(f.expectedLoss).toEqual({ value: null, missing: ['pd'] });
    expect(f.provisionCoverage).toEqual({ value: null, missing: ['reserve'] });
    expect(f.loanProvisionRatio).toEqual({ value: null, missing: ['reserve'] });
    expect(f.nplRatioBalance.value).toBeCloseTo(0.65, 9);
    // A caller-supplied mapping wins over the data: an unmapped field is missing even where it has values.
    const mapped = new Set(['balance', 'five_class', 'amount', 'enterprise_size']);
    const m = (await run(db, overviewQuery([], { mapped }))).figures;
    expect(m.defaultRate).toEqual({ value: null, missing: ['outcome'] });
    expect(m.borrowers).toEqual({ value: null, missing: ['borrower_id'] });
    expect(m.nplRatioBalance.value).toBeCloseTo(0.65, 9);
  });

  it('estimates LGD from the book\'s charge-offs and recoveries when loans carry none', async () => {
    await loadLoans(db, BOOK.map(({ lgd: _lgd, ...rest }) => rest));
    const { figures: f } = await run(db, overviewQuery([]));
    // 1 − 15 / 260 from L3 and L5; EL over L1 and L2 (the loans with a PD): (0.01 × 100 + 0.02 × 200) × 245 / 260.
    expect(f.expectedLoss.value).toBeCloseTo((5 * 245) / 260, 9);
    expect(f.expectedLoss.missing).toEqual([]);
    // A filter to industry C (L1, L2: no charge-offs among them) keeps the book's estimate.
    const c = (await run(db, overviewQuery([{ dimension: 'industry', values: ['C'] }]))).figures;
    expect(c.expectedLoss.value).toBeCloseTo((5 * 245) / 260, 9);
    await loadLoans(db, BOOK.map(({ lgd: _lgd, chargeoff_amount: _c, ...rest }) => rest));
    expect((await run(db, overviewQuery([]))).figures.expectedLoss).toEqual({ value: null, missing: ['lgd'] });
  });

  it('counts NPL loans by number over live loans only', async () => {
    // A written-off loan (balance 0, class 5) and a repaid one (balance 0, class 1) are off the book.
    await loadLoans(db, [
      ...BOOK,
      { loan_id: 'W', amount: 50, balance: 0, five_class: 5 },
      { loan_id: 'R', amount: 50, balance: 0, five_class: 1 },
    ]);
    expect((await run(db, overviewQuery([]))).figures.nplRatioCount.value).toBeCloseTo(2 / 5, 9);
  });

  it('counts a default from the flag alone or the date alone', async () => {
    await loadLoans(db, [
      { loan_id: 'a', amount: 1, default_flag: true },
      { loan_id: 'b', amount: 1, default_date: '2024-01-01' },
      { loan_id: 'c', amount: 1, default_flag: false },
      { loan_id: 'd', amount: 1 },
    ]);
    const { figures: f } = await run(db, overviewQuery([]));
    expect(f.defaultRate).toEqual({ value: 0.5, missing: [] });
    expect(f.nplRatioBalance).toEqual({ value: null, missing: ['five_class', 'balance'] });
  });

  it('applies a filter set to every figure', async () => {
    const { figures: f } = await run(db, overviewQuery([{ dimension: 'region', values: ['N'] }]));
    // L1, L3, L5: balance 1,400, NPL 1,300.
    expect(f.loans.value).toBe(3);
    expect(f.outstandingBalance.value).toBe(1400);
    expect(f.nplRatioBalance.value).toBeCloseTo(1300 / 1400, 9);
    const two = (await run(db, overviewQuery([{ dimension: 'region', values: ['N'] }, { dimension: 'industry', values: ['C', 'F'] }]))).figures;
    expect(two.loans.value).toBe(2);
    expect(two.nplRatioBalance.value).toBeCloseTo(300 / 400, 9);
  });

  it('binds hostile filter values instead of interpolating them', async () => {
    const hostile = "C'; DROP TABLE loans; --";
    const q = overviewQuery([{ dimension: 'industry', values: [hostile] }]);
    expect(q.sql).not.toContain('DROP');
    expect(q.params).toContain(hostile);
    const { figures: f } = await run(db, q);
    expect(f.loans.value).toBe(0);
    expect(f.nplRatioBalance.value).toBeNull();
    expect(await scalar(db, 'SELECT count(*) FROM loans')).toBe(5);
    // A hostile dimension name is quoted as one identifier: it fails to bind, it does not run.
    const bad = overviewQuery([{ dimension: 'industry" = \'x\'; DROP TABLE loans; --', values: ['x'] }]);
    await expect(run(db, bad)).rejects.toMatchObject({ kind: 'binder' });
    expect(await scalar(db, 'SELECT count(*) FROM loans')).toBe(5);
  });
});

describe('class and stage mix', () => {
  it('counts loans and balance per five-category class, listing empty classes', async () => {
    const mix = await run(db, classMixQuery([]));
    expect(mix.classes.map((c) => [c.key, c.loans, c.balance])).toEqual([
      [1, 2, 500],
      [2, 1, 200],
      [3, 1, 300],
      [4, 0, 0],
      [5, 1, 1000],
    ]);
    expect(mix.classes[4].balanceShare).toBeCloseTo(0.5, 9);
    expect(mix.classes[0].countShare).toBeCloseTo(0.4, 9);
    expect(mix.unclassified).toEqual({ loans: 0, balance: 0 });
  });

  it('takes a given IFRS 9 stage and derives the rest from the class, and says so', async () => {
    const mix = await run(db, stageMixQuery([]));
    // L1 given stage 2; L4 class 1 → 1; L2 class 2 → 2; L3, L5 NPL → 3.
    expect(mix.stages.map((s) => [s.key, s.loans, s.balance])).toEqual([
      [1, 1, 400],
      [2, 2, 300],
      [3, 2, 1300],
    ]);
    expect(mix.source).toBe('mixed');
    expect(mix.givenLoans).toBe(1);
    expect(mix.derivedLoans).toBe(4);
    await loadLoans(db, BOOK.map(({ ifrs9_stage: _s, ...rest }) => rest));
    expect((await run(db, stageMixQuery([]))).source).toBe('derived');
  });
});
