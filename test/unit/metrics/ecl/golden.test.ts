import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../../src/lib/db/types';
import { cumulativePd, DEFAULT_STAGE_RULES, eclLoansQuery, eclQuery, type PdCurve } from '../../../../src/lib/metrics/ecl';
import { loadLoans, loadSnapshots, openNodeDb, run } from '../portfolio/fixtures';

/** ../shared/golden/README.md, "Lifetime expected credit loss (IFRS 9) from a monthly transition matrix". */
const MATRIX = [
  [0.99, 0.008, 0.002],
  [0.35, 0.55, 0.1],
  [0, 0, 1],
];
const GOLDEN = {
  l1: { pd12: 0.040161063, ecl12: 13241.038256, pdLife: 0.082204418, eclLife: 17989.684558 },
  l2: { pd12: 0.247081885, ecl12: 101666.745023, pdLife: 0.280199218, eclLife: 105418.201941 },
  l3: 225000,
  book: 343659.240196,
};
/** States 0 current, 1 past due, 2 default: the class basis (normal, special mention, default). */
const CURVE: PdCurve = { kind: 'markov', basis: 'class', matrix: MATRIX };
const RULES = { ...DEFAULT_STAGE_RULES };
const loan = (id: string, fiveClass: number, balance: number, extra: Record<string, string | number | boolean> = {}) => ({
  loan_id: id, five_class: fiveClass, balance, amount: balance, interest_rate: 0.06, lgd: 0.45,
  as_of_date: '2025-12-31', origination_date: '2025-12-01', maturity_date: '2027-12-31', default_flag: false, ...extra,
});

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  await loadSnapshots(db, []);
  await loadLoans(db, [loan('L1', 1, 1_000_000), loan('L2', 2, 1_000_000), loan('L3', 5, 500_000, { default_flag: true, default_date: '2025-10-31' })]);
});
afterAll(async () => db.close());

describe('golden lifetime ECL', () => {
  it('cumulative PD from the matrix powers', () => {
    const c = cumulativePd(MATRIX, 24);
    expect(c[0][11]).toBeCloseTo(GOLDEN.l1.pd12, 9);
    expect(c[0][23]).toBeCloseTo(GOLDEN.l1.pdLife, 9);
    expect(c[1][11]).toBeCloseTo(GOLDEN.l2.pd12, 9);
    expect(c[1][23]).toBeCloseTo(GOLDEN.l2.pdLife, 9);
  });

  it('reproduces every row of the worked example to 1e-6', async () => {
    const loans = Object.fromEntries((await run(db, eclLoansQuery([], { rules: RULES, curve: CURVE }))).map((l) => [l.loanId, l]));
    expect(loans.L1.stage).toBe(1);
    expect(loans.L1.months).toBe(24);
    expect(Math.abs(loans.L1.pd12m - GOLDEN.l1.pd12)).toBeLessThan(1e-9);
    expect(Math.abs(loans.L1.pdLifetime - GOLDEN.l1.pdLife)).toBeLessThan(1e-9);
    expect(Math.abs(loans.L1.ecl12m - GOLDEN.l1.ecl12)).toBeLessThan(1e-6);
    expect(Math.abs(loans.L1.eclLifetime - GOLDEN.l1.eclLife)).toBeLessThan(1e-6);
    expect(loans.L1.ecl).toBe(loans.L1.ecl12m);
    expect(loans.L2.stage).toBe(2);
    expect(loans.L2.reason).toBe('class_downgrade');
    expect(Math.abs(loans.L2.pd12m - GOLDEN.l2.pd12)).toBeLessThan(1e-9);
    expect(Math.abs(loans.L2.pdLifetime - GOLDEN.l2.pdLife)).toBeLessThan(1e-9);
    expect(Math.abs(loans.L2.ecl12m - GOLDEN.l2.ecl12)).toBeLessThan(1e-6);
    expect(Math.abs(loans.L2.eclLifetime - GOLDEN.l2.eclLife)).toBeLessThan(1e-6);
    expect(loans.L2.ecl).toBe(loans.L2.eclLifetime);
    expect(loans.L3.stage).toBe(3);
    expect(loans.L3.reason).toBe('defaulted');
    expect(Math.abs(loans.L3.ecl - GOLDEN.l3)).toBeLessThan(1e-6);
  });

  it('reproduces the book total to 1e-6, and by stage', async () => {
    const s = await run(db, eclQuery([], { rules: RULES, curve: CURVE }));
    expect(Math.abs(s.total.ecl - GOLDEN.book)).toBeLessThan(1e-6);
    expect(s.byStage.map((x) => x.loans)).toEqual([1, 1, 1]);
    expect(Math.abs(s.byStage[0].ecl - GOLDEN.l1.ecl12)).toBeLessThan(1e-6);
    expect(Math.abs(s.byStage[1].ecl - GOLDEN.l2.eclLife)).toBeLessThan(1e-6);
    expect(s.total.ead).toBe(2_500_000);
    expect(s.assumptions).toEqual({ noRate: 0, noTerm: 0, bookLgd: 0 });
  });
});
