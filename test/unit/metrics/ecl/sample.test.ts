import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../../src/lib/db/types';
import { rows } from '../../../../src/lib/db/rows';
import { runMetric } from '../../../../src/lib/metrics/query';
import { cohortTransitionQuery } from '../../../../src/lib/metrics/portfolio';
import { scope } from '../../../../src/lib/metrics/portfolio/sql';
import {
  absorbingMatrix, DEFAULT_STAGE_RULES, eclMovementQuery, eclQuery, stagedCte, stageTransferQuery, stateTransitionQuery, type PdCurve,
} from '../../../../src/lib/metrics/ecl';
import { openSampleBook } from '../cases/sampleBook';

let db: Db;
beforeAll(async () => {
  db = (await openSampleBook()).db;
}, 120_000);
afterAll(async () => db.close());

const RULES = DEFAULT_STAGE_RULES;

/** Monthly DPD-state transition counts, written here from the snapshots and loan_facts' default date. */
const COUNTS_SQL = `
WITH s AS (
  SELECT s.loan_id, s.snapshot_date,
    CASE WHEN lf.default_on <= s.snapshot_date OR s.dpd > 90 THEN 4 WHEN s.dpd > 60 THEN 3 WHEN s.dpd > 30 THEN 2 WHEN s.dpd > 0 THEN 1 ELSE 0 END AS st
  FROM snapshots s JOIN loan_facts lf USING (loan_id)),
p AS (SELECT st, lead(st) OVER (PARTITION BY loan_id ORDER BY snapshot_date) AS nx FROM s)
SELECT st, nx, count(*) AS n FROM p WHERE nx IS NOT NULL GROUP BY ALL`;

/**
 * Each live loan's ECL inputs, written here from loan_facts under the default rules (the sample has
 * no given stage, no rating at origination, no watch list and no LGD: the book's realised LGD applies).
 */
const INPUTS_SQL = `
WITH lgd AS (SELECT 1 - sum(recovery_amount) / sum(chargeoff_amount) AS lgd FROM loan_facts WHERE chargeoff_amount > 0)
SELECT loan_id, industry, balance, interest_rate / 12 AS i, repayment_method,
  CASE WHEN is_defaulted OR dpd > 90 OR five_class >= 3 THEN 3 WHEN dpd > 30 OR five_class >= 2 OR is_restructured THEN 2 ELSE 1 END AS stage,
  CASE WHEN dpd > 90 THEN 4 WHEN dpd > 60 THEN 3 WHEN dpd > 30 THEN 2 WHEN dpd > 0 THEN 1 ELSE 0 END AS st,
  greatest(1, date_diff('month', as_of_date, maturity_date)) AS m, lgd.lgd
FROM loan_facts, lgd WHERE balance > 0`;

interface Input { loan_id: string; industry: string; balance: number; i: number; repayment_method: string; stage: number; st: number; m: number; lgd: number }

/** The golden README's ECL, written out longhand: row vector × matrix month by month. */
function loanEcl(x: Input, P: number[][]): number {
  if (x.stage === 3) return x.lgd * x.balance;
  const horizon = x.stage === 1 ? Math.min(12, x.m) : x.m;
  let dist: number[] = P.map((_, j) => (j === x.st ? 1 : 0));
  let ecl = 0;
  for (let t = 1; t <= horizon; t++) {
    const before = dist[4];
    dist = P.map((_, j) => dist.reduce((s, p, k) => s + p * P[k][j], 0));
    const ead =
      x.repayment_method === 'bullet' || x.repayment_method === 'interest_only'
        ? x.balance
        : x.repayment_method === 'equal_installment'
          ? (x.balance * ((1 + x.i) ** x.m - (1 + x.i) ** (t - 1))) / ((1 + x.i) ** x.m - 1)
          : x.balance * (1 - (t - 1) / x.m);
    ecl += (dist[4] - before) * x.lgd * ead * (1 + x.i) ** -t;
  }
  return ecl;
}

describe('ECL on the sample book', () => {
  let P: number[][];

  it('the monthly DPD-state matrix counts every consecutive snapshot pair', async () => {
    const m = await runMetric(db, stateTransitionQuery([], 'dpd'));
    const expected = [0, 1, 2, 3, 4].map(() => [0, 0, 0, 0, 0]);
    for (const r of rows(await db.query(COUNTS_SQL))) expected[Number(r.st)][Number(r.nx)] = Number(r.n);
    expect(m.counts).toEqual(expected);
    expect(m.pairs).toBeGreaterThan(200_000);
    P = absorbingMatrix(m).matrix;
    expect(P[4]).toEqual([0, 0, 0, 0, 1]);
  });

  it('ECL by stage and by industry equals the longhand computation on loans selected here', async () => {
    const curve: PdCurve = { kind: 'markov', basis: 'dpd', matrix: P };
    const inputs = rows(await db.query(INPUTS_SQL)) as unknown as Input[];
    const byStage = [0, 0, 0];
    const byIndustry = new Map<string, number>();
    for (const x of inputs) {
      const e = loanEcl(x, P);
      byStage[x.stage - 1] += e;
      byIndustry.set(x.industry, (byIndustry.get(x.industry) ?? 0) + e);
    }
    const s = await runMetric(db, eclQuery([], { rules: RULES, curve, by: 'industry' }));
    expect(s.total.loans).toBe(inputs.length);
    expect(s.byStage.map((x) => x.loans)).toEqual([1, 2, 3].map((k) => inputs.filter((x) => x.stage === k).length));
    for (const k of [0, 1, 2]) expect(Math.abs(s.byStage[k].ecl - byStage[k])).toBeLessThan(1e-9 * byStage[k] + 1e-6);
    for (const [industry, ecl] of byIndustry) {
      const got = s.cells.filter((c) => c.key === industry).reduce((a, c) => a + c.ecl, 0);
      expect(Math.abs(got - ecl), industry).toBeLessThan(1e-9 * ecl + 1e-6);
    }
    expect(s.assumptions).toEqual({ noRate: 0, noTerm: 0, bookLgd: inputs.length });
    expect(byStage.every((x) => x > 0)).toBe(true);
    console.info('sample ECL by stage', byStage.map((x) => Math.round(x)), 'coverage', s.coverage);
  }, 120_000);

  it('the stage transfer matrix between two dates has the cohort estimator’s counts', async () => {
    const from = '2025-06-30';
    const to = '2025-12-31';
    const transfer = await runMetric(db, stageTransferQuery([], { rules: RULES, from, to }));
    const panel = [from, to].map((d) => {
      const s = scope([], { asOf: d });
      return { sql: `(${s.sql},\n${stagedCte(RULES, d)}\nSELECT loan_id, DATE '${d}' AS at, stage FROM staged WHERE balance > 0)`, params: s.params };
    });
    const cohort = await runMetric(db, cohortTransitionQuery({
      relation: { sql: `(SELECT * FROM ${panel[0].sql} UNION ALL SELECT * FROM ${panel[1].sql})`, params: [...panel[0].params, ...panel[1].params] },
      entity: 'loan_id', time: 'at', state: 'stage', states: [1, 2, 3],
    }));
    expect(transfer.matrix.counts).toEqual(cohort.counts);
    expect(transfer.matrix.pairs).toBeGreaterThan(1000);
    const atFrom = await db.query(`SELECT count(*) AS n FROM snapshots WHERE snapshot_date = DATE '${from}' AND balance > 0`);
    expect(transfer.matrix.pairs + transfer.left.reduce((a, b) => a + b, 0)).toBe(Number(rows(atFrom)[0].n));
    console.info('stage transfer', JSON.stringify(transfer.matrix.counts), 'left', transfer.left, 'entered', transfer.entered);
  }, 120_000);
});

describe('ECL movement on the sample book', () => {
  it('opening + steps = closing, and each end equals the ECL at that date', async () => {
    const m = await runMetric(db, stateTransitionQuery([], 'dpd'));
    const curve: PdCurve = { kind: 'markov', basis: 'dpd', matrix: absorbingMatrix(m).matrix };
    const from = '2025-06-30';
    const to = '2025-12-31';
    const mv = await runMetric(db, eclMovementQuery([], { rules: RULES, curve, from, to }));
    const atFrom = await runMetric(db, eclQuery([], { rules: RULES, curve, asOf: from }));
    const atTo = await runMetric(db, eclQuery([], { rules: RULES, curve, asOf: to }));
    expect(Math.abs(mv.opening - atFrom.total.ecl)).toBeLessThan(1e-6 * atFrom.total.ecl);
    expect(Math.abs(mv.closing - atTo.total.ecl)).toBeLessThan(1e-6 * atTo.total.ecl);
    const sum = mv.steps.reduce((s, x) => s + x.change, mv.opening);
    expect(Math.abs(sum - mv.closing)).toBeLessThan(1e-6 * mv.closing);
    const transfer = await runMetric(db, stageTransferQuery([], { rules: RULES, from, to }));
    expect(mv.steps.find((s) => s.step === 'derecognised')!.loans).toBe(transfer.left.reduce((a, b) => a + b, 0));
    expect(mv.steps.find((s) => s.step === 'originated')!.loans).toBe(transfer.entered.reduce((a, b) => a + b, 0));
    const moved = transfer.matrix.counts.flatMap((r, i) => r.filter((_, j) => j !== i)).reduce((a, b) => a + b, 0);
    expect(mv.steps.filter((s) => s.step.startsWith('transfer')).reduce((a, s) => a + s.loans, 0)).toBe(moved);
    // The book's own date is its last snapshot: the movement closes on the screen's headline ECL
    // (one LGD for every date, the book's realised LGD over all its charge-offs).
    const now = await runMetric(db, eclQuery([], { rules: RULES, curve }));
    expect(Math.abs(mv.closing - now.total.ecl)).toBeLessThan(1e-6 * now.total.ecl);
    console.info('ECL movement', Math.round(mv.opening), mv.steps.map((s) => `${s.step} ${Math.round(s.change)} (${s.loans})`).join(', '), Math.round(mv.closing));
  }, 120_000);
});
