import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../../src/lib/db/node';
import type { Db } from '../../../../src/lib/db/types';
import { runMetric } from '../../../../src/lib/metrics/query';
import { nplOutcome } from '../../../../src/lib/metrics/drivers';
import { processByGroupQuery, processMeasuresQuery, turnaroundQuery } from '../../../../src/lib/metrics/process';
import { ALL_MAPPED, createBook, type LoanRow } from '../flags/canonicalBook';

/*
 * Six loans, as of 2025-12-31 (days worked out by hand in the comments):
 *        app→appr  appr→disb  app→disb  amount/limit  exc    skipped  first inspection      renewal restr default branch
 * L1         4         2          6     100/50 above   F       –      +25 d                  T       F     T      A
 * L2        20         1         21      10/50         T    site_visit never                 F       F     T      A
 * L3        10        −2          8      10/50         F      ''      +112 d (late)          F       T     F      A
 * L4         2         7          9      60/50 above   F       –      +81 d                  F       F     F      B
 * L5        30        10         40      10/–          –       –      never (265 d on book)  –       F     F      B
 * L6         –         1          –      10/50         F       –      never (59 d: too soon) F       F     F*     B
 * (* no flag and no default date: not defaulted under the book's one outcome, loan_facts.is_defaulted)
 */
const base = { as_of_date: '2025-12-31', five_class: 1 };
const BOOK: LoanRow[] = [
  { ...base, loan_id: 'L1', branch: 'A', officer_id: 'O1', application_date: '2025-01-01', approval_date: '2025-01-05', disbursement_date: '2025-01-07', amount: 100, approver_limit: 50, approval_exception: false, first_inspection_date: '2025-02-01', is_renewal: true, is_restructured: false, default_flag: true },
  { ...base, loan_id: 'L2', branch: 'A', officer_id: 'O1', application_date: '2025-01-01', approval_date: '2025-01-21', disbursement_date: '2025-01-22', amount: 10, approver_limit: 50, approval_exception: true, skipped_step: 'site_visit', is_renewal: false, is_restructured: false, default_flag: true, five_class: 3 },
  { ...base, loan_id: 'L3', branch: 'A', officer_id: 'O2', application_date: '2025-02-01', approval_date: '2025-02-11', disbursement_date: '2025-02-09', amount: 10, approver_limit: 50, approval_exception: false, skipped_step: '', first_inspection_date: '2025-06-01', is_renewal: false, is_restructured: true, default_flag: false },
  { ...base, loan_id: 'L4', branch: 'B', officer_id: 'O3', application_date: '2025-03-01', approval_date: '2025-03-03', disbursement_date: '2025-03-10', amount: 60, approver_limit: 50, approval_exception: false, first_inspection_date: '2025-05-30', is_renewal: false, is_restructured: false, default_flag: false },
  { ...base, loan_id: 'L5', branch: 'B', officer_id: 'O3', application_date: '2025-03-01', approval_date: '2025-03-31', disbursement_date: '2025-04-10', amount: 10, is_restructured: false, default_flag: false },
  { ...base, loan_id: 'L6', branch: 'B', officer_id: 'O4', approval_date: '2025-11-01', disbursement_date: '2025-11-02', amount: 10, approver_limit: 50, approval_exception: false, is_renewal: false, is_restructured: false },
];

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  await createBook(db, BOOK);
});
afterAll(async () => db.close());

const without = (...fields: string[]) => new Set([...ALL_MAPPED].filter((f) => !fields.includes(f)));

describe('turnaround per stage', () => {
  it('gives median, p90 (linear interpolation), loans over the service level and negative durations', async () => {
    const t = await runMetric(db, turnaroundQuery([], { mapped: ALL_MAPPED }));
    const [approval, disbursement, endToEnd] = t.stages;
    // 2 4 10 20 30 → median 10; p90 at position 3.6 → 20 + 0.6 × 10
    expect(approval).toMatchObject({ stage: 'application_to_approval', loans: 5, median: 10, serviceLevel: 10, over: 2, negative: 0 });
    expect(approval.p90).toBeCloseTo(26, 9);
    expect(approval.overShare).toBeCloseTo(0.4, 12);
    // −2 1 1 2 7 10 → median 1.5; p90 at 4.5 → 8.5; over 5 days: 7 and 10
    expect(disbursement).toMatchObject({ loans: 6, median: 1.5, over: 2, negative: 1 });
    expect(disbursement.p90).toBeCloseTo(8.5, 9);
    expect(disbursement.overShare).toBeCloseTo(1 / 3, 12);
    // 6 8 9 21 40 → median 9; p90 at 3.6 → 21 + 0.6 × 19
    expect(endToEnd).toMatchObject({ loans: 5, median: 9, over: 2 });
    expect(endToEnd.p90).toBeCloseTo(32.4, 9);
    expect(t.unavailable).toEqual([]);
  });

  it('uses the service levels the user sets', async () => {
    const t = await runMetric(db, turnaroundQuery([], { mapped: ALL_MAPPED, serviceLevels: { application_to_approval: 3, approval_to_disbursement: 0 } }));
    expect(t.stages[0]).toMatchObject({ serviceLevel: 3, over: 4 });
    expect(t.stages[1]).toMatchObject({ serviceLevel: 0, over: 5 });
  });

  it('lists stages whose dates are not mapped and applies the filters', async () => {
    const t = await runMetric(db, turnaroundQuery([{ dimension: 'branch', values: ['B'] }], { mapped: without('application_date') }));
    expect(t.stages.map((s) => s.stage)).toEqual(['approval_to_disbursement']);
    expect(t.stages[0]).toMatchObject({ loans: 3, median: 7 });
    expect(t.unavailable).toEqual([
      { stage: 'application_to_approval', missing: ['application_date'] },
      { stage: 'application_to_disbursement', missing: ['application_date'] },
    ]);
  });

  it('rejects a service level that is not a number', () => {
    expect(() => turnaroundQuery([], { mapped: ALL_MAPPED, serviceLevels: { application_to_approval: Number.NaN } })).toThrow(/Service level/);
  });
});

describe('process measures', () => {
  const byId = async (q: ReturnType<typeof processMeasuresQuery>) => {
    const m = await runMetric(db, q);
    return { ...m, get: Object.fromEntries(m.measures.map((x) => [x.id, x])) };
  };

  it('counts each breach with its share and default rate vs the rest of the eligible loans', async () => {
    const m = await byId(processMeasuresQuery([], { mapped: ALL_MAPPED }));
    expect(m.loans).toBe(6);
    expect(m.get.approval_above_authority).toEqual({ id: 'approval_above_authority', eligible: 5, flagged: 2, share: 0.4, defaultRateFlagged: 0.5, defaultRateRest: 1 / 3, rateRatio: 1.5 });
    expect(m.get.approval_exception).toMatchObject({ eligible: 5, flagged: 1, share: 0.2, defaultRateFlagged: 1, defaultRateRest: 0.25, rateRatio: 4 });
    expect(m.get.disbursed_before_approval).toMatchObject({ eligible: 6, flagged: 1, defaultRateFlagged: 0, defaultRateRest: 0.4, rateRatio: 0 });
    expect(m.get.skipped_step).toMatchObject({ eligible: 6, flagged: 1, defaultRateFlagged: 1, defaultRateRest: 0.2, rateRatio: 5 });
    expect(m.get.renewal).toMatchObject({ eligible: 5, flagged: 1, share: 0.2, defaultRateFlagged: 1 });
    expect(m.get.restructured).toMatchObject({ eligible: 6, flagged: 1, defaultRateFlagged: 0, defaultRateRest: 0.4 });
    expect(m.unavailable).toEqual([]);
    expect(m.noOutcome).toBe(false);
  });

  it('judges the first inspection only once the window has passed, and splits never from late', async () => {
    const m = await byId(processMeasuresQuery([], { mapped: ALL_MAPPED }));
    expect(m.get.inspection_missing_or_late).toMatchObject({ eligible: 5, flagged: 3, missing: 2, share: 0.6, defaultRateRest: 0.5 });
    expect(m.get.inspection_missing_or_late.defaultRateFlagged).toBeCloseTo(1 / 3, 12);
    // With 120 days, L3 (112 d) is in time and L6 is still too recent.
    const wide = await byId(processMeasuresQuery([], { mapped: ALL_MAPPED, inspectionDays: 120 }));
    expect(wide.get.inspection_missing_or_late).toMatchObject({ eligible: 5, flagged: 2, missing: 2 });
    // With 30 days, L6 (59 d on book) is judged too, and L4 (81 d) is late.
    const tight = await byId(processMeasuresQuery([], { mapped: ALL_MAPPED, inspectionDays: 30 }));
    expect(tight.get.inspection_missing_or_late).toMatchObject({ eligible: 6, flagged: 5, missing: 3 });
  });

  it('applies the filters, the NPL outcome, and reports unmapped measures and outcome', async () => {
    const b = await byId(processMeasuresQuery([{ dimension: 'branch', values: ['B'] }], { mapped: ALL_MAPPED }));
    expect(b.loans).toBe(3);
    expect(b.get.inspection_missing_or_late).toMatchObject({ eligible: 2, flagged: 1, share: 0.5 });
    const npl = await byId(processMeasuresQuery([], { mapped: ALL_MAPPED, outcome: nplOutcome() }));
    // NPL: only L2 (class 3), which is the one exception and the one skipped step.
    expect(npl.get.approval_exception).toMatchObject({ defaultRateFlagged: 1, defaultRateRest: 0 });
    const partial = await byId(processMeasuresQuery([], { mapped: without('approver_limit', 'outcome') }));
    expect(partial.unavailable).toEqual([{ id: 'approval_above_authority', missing: ['approver_limit'] }]);
    expect(partial.noOutcome).toBe(true);
    expect(partial.get.renewal).toMatchObject({ flagged: 1, defaultRateFlagged: null, rateRatio: null });
  });
});

describe('process by branch and officer', () => {
  it('gives each group its loans, default rate, turnaround and measure shares', async () => {
    const g = await runMetric(db, processByGroupQuery([], { mapped: ALL_MAPPED, group: 'branch' }));
    expect(g.rows.map((r) => r.group)).toEqual(['A', 'B']);
    const [a, b] = g.rows;
    expect(a).toMatchObject({ loans: 3, medianDays: 8 });
    expect(a.defaultRate).toBeCloseTo(2 / 3, 12);
    expect(a.overServiceShare).toBeCloseTo(1 / 3, 12);
    expect(a.measures.approval_above_authority).toMatchObject({ eligible: 3, flagged: 1, defaultRateFlagged: 1, defaultRateRest: 0.5 });
    expect(b).toMatchObject({ loans: 3, defaultRate: 0, medianDays: 24.5, overServiceShare: 0.5 });
    // B's rest for this measure is L6 alone, not defaulted: 0 ÷ 0 has no ratio.
    expect(b.measures.approval_above_authority).toMatchObject({ eligible: 2, flagged: 1, share: 0.5, defaultRateFlagged: 0, defaultRateRest: 0, rateRatio: null });
  });

  it('groups by officer with the service level the user sets', async () => {
    const g = await runMetric(db, processByGroupQuery([], { mapped: ALL_MAPPED, group: 'officer_id', serviceLevelDays: 8 }));
    expect(g.rows.map((r) => [r.group, r.loans])).toEqual([['O1', 2], ['O3', 2], ['O2', 1], ['O4', 1]]);
    expect(g.rows[0].overServiceShare).toBeCloseTo(0.5, 12);
    expect(g.rows[1].overServiceShare).toBeCloseTo(1, 12);
    expect(g.rows[3].medianDays).toBeNull();
  });

  it('refuses a group that is not a process dimension', () => {
    expect(() => processByGroupQuery([], { mapped: ALL_MAPPED, group: 'industry' as 'branch' })).toThrow(/Unknown process group/);
  });
});
