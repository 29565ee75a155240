import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../../src/lib/db/types';
import { DEFAULT_STAGE_RULES, eclLoansQuery, vintageHazardQuery, type PdCurve } from '../../../../src/lib/metrics/ecl';
import { loadLoans, loadSnapshots, openNodeDb, run } from '../portfolio/fixtures';

const RULES = { ...DEFAULT_STAGE_RULES, classDowngrade: null };
const P = [[0.99, 0.008, 0.002], [0.35, 0.55, 0.1], [0, 0, 1]];
const CURVE: PdCurve = { kind: 'markov', basis: 'class', matrix: P };
const i = 0.06 / 12;
/** Marginal PD from state 0, by hand: first row of Pᵗ, month by month. */
const marginal = (() => {
  let row = [1, 0, 0];
  const out: number[] = [];
  for (let t = 1; t <= 6; t++) {
    const next = [0, 1, 2].map((j) => row.reduce((s, p, k) => s + p * P[k][j], 0));
    out.push(next[2] - row[2]);
    row = next;
  }
  return out;
})();
const ecl = (ead: (t: number) => number) => marginal.reduce((s, p, k) => s + p * 0.5 * ead(k + 1) * (1 + i) ** -(k + 1), 0);

const loan = (id: string, method: string | null, extra: Record<string, string | number> = {}) => ({
  loan_id: id, five_class: 1, balance: 600, amount: 600, interest_rate: 0.06, lgd: 0.5, repayment_method: method,
  as_of_date: '2025-06-30', origination_date: '2025-03-15', maturity_date: '2025-12-31', default_flag: false, ...extra,
});

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  await loadSnapshots(db, []);
  await loadLoans(db, [
    loan('bullet', 'bullet'),
    loan('interestOnly', '先息后本'),
    loan('annuity', 'equal_installment'),
    loan('principal', 'equal principal'),
    loan('unknown', null),
    loan('byTerm', null, { maturity_date: null as unknown as string, term_months: 9 }),
  ]);
});
afterAll(async () => db.close());

describe('EAD amortisation and discounting', () => {
  it('follows each repayment method over the 6 remaining months', async () => {
    const got = Object.fromEntries((await run(db, eclLoansQuery([], { rules: RULES, curve: CURVE }))).map((l) => [l.loanId, l]));
    const linear = ecl((t) => 600 * (1 - (t - 1) / 6));
    const annuity = ecl((t) => (600 * ((1 + i) ** 6 - (1 + i) ** (t - 1))) / ((1 + i) ** 6 - 1));
    expect(got.bullet.months).toBe(6);
    expect(got.bullet.ecl).toBeCloseTo(ecl(() => 600), 9);
    expect(got.interestOnly.ecl).toBeCloseTo(ecl(() => 600), 9);
    expect(got.annuity.ecl).toBeCloseTo(annuity, 9);
    expect(got.principal.ecl).toBeCloseTo(linear, 9);
    expect(got.unknown.ecl).toBeCloseTo(linear, 9);
    // 9-month term, 3 months on book (2025-03 → 2025-06): 6 months left.
    expect(got.byTerm.months).toBe(6);
    expect(got.byTerm.ecl).toBeCloseTo(linear, 9);
    expect(annuity).toBeGreaterThan(linear);
  });

  it('projects from vintage hazards where there are no snapshots', async () => {
    const hazards = [0.01, 0.02];
    const got = (await run(db, eclLoansQuery([], { rules: RULES, curve: { kind: 'hazard', hazards } }))).find((l) => l.loanId === 'bullet')!;
    // 3 months on book: months 4…9 all beyond the observed hazards, at their mean 0.015.
    const h = 0.015;
    const expected = [1, 2, 3, 4, 5, 6].reduce((s, t) => s + (1 - h) ** (t - 1) * h * 0.5 * 600 * (1 + i) ** -t, 0);
    expect(got.ecl).toBeCloseTo(expected, 9);
    expect(got.pdLifetime).toBeCloseTo(1 - (1 - h) ** 6, 12);
  });

  it('estimates vintage hazards from the outcome and the months on book', async () => {
    // 4 loans from 2025-01: one defaults at month 2, one at month 4, two still performing at month 5 (as of 2025-06-30).
    const l = (id: string, extra: Record<string, string | boolean>) => ({ loan_id: id, amount: 1, origination_date: '2025-01-10', as_of_date: '2025-06-30', default_flag: false, ...extra });
    await loadLoans(db, [
      l('a', { default_flag: true, default_date: '2025-03-05' }),
      l('b', { default_flag: true, default_date: '2025-05-20' }),
      l('c', {}),
      l('d', {}),
      l('undated', { default_flag: true }),
    ]);
    const v = await run(db, vintageHazardQuery([]));
    expect(v.atRisk).toEqual([4, 4, 3, 3, 2]);
    expect(v.defaults).toEqual([0, 1, 0, 1, 0]);
    expect(v.hazards).toEqual([0, 1 / 4, 0, 1 / 3, 0]);
  });
});
