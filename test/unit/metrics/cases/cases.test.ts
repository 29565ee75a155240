import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../../../src/lib/db/rows';
import type { Db } from '../../../../src/lib/db/types';
import { FLAG_RULES, caseFileQuery, selectRules, type ActiveRule } from '../../../../src/lib/metrics/flags';
import { runMetric } from '../../../../src/lib/metrics/query';
import {
  borrowerCaseListQuery, borrowerFileQuery, buildTimeline, likePattern, loanCaseListQuery, loanHistoryQuery, loanRecordQuery,
  MIN_PEERS, peersQuery, position,
} from '../../../../src/lib/metrics/cases';
import { openSampleBook } from './sampleBook';

let db: Db;
let active: ActiveRule[];

beforeAll(async () => {
  const opened = await openSampleBook();
  db = opened.db;
  active = selectRules(FLAG_RULES, new Set(opened.shape.mapped)).active;
}, 120_000);
afterAll(async () => db.close());

const one = async (sql: string, params: (string | number)[] = []) => rows(await db.query(sql, params))[0];

describe('case list', () => {
  it('lists every loan, largest balance first, with its flag count', async () => {
    const list = await runMetric(db, loanCaseListQuery(active));
    const ref = await one('SELECT count(*) AS n, max(balance) AS top FROM loans');
    expect(list.matched).toBe(Number(ref.n));
    expect(list.rows).toHaveLength(Number(ref.n));
    expect(list.rows[0].balance).toBe(ref.top);
    for (let i = 1; i < 200; i++) expect(list.rows[i - 1].balance ?? -1).toBeGreaterThanOrEqual(list.rows[i].balance ?? -1);
    expect(list.rows.some((r) => r.flags > 0)).toBe(true);
  });

  it('filters by status and the app filter set together', async () => {
    const branch = '温州瑞安支行';
    const list = await runMetric(db, loanCaseListQuery(active, { status: 'defaulted', filters: [{ dimension: 'branch', values: [branch] }] }));
    const ref = await one('SELECT count(*) AS n FROM loans WHERE default_flag AND branch = ?', [branch]);
    expect(list.matched).toBe(Number(ref.n));
    expect(list.rows.every((r) => r.defaulted === true)).toBe(true);
    const npl = await runMetric(db, loanCaseListQuery(active, { status: 'npl' }));
    expect(npl.matched).toBe(Number((await one('SELECT count(*) AS n FROM loans WHERE five_class >= 3')).n));
  });

  it('searches by loan id, borrower id or name, taking % and _ literally', async () => {
    const byId = await runMetric(db, loanCaseListQuery(active, { search: 'l0000012', sort: 'id', descending: false }));
    expect(byId.rows[0].loanId).toBe('L0000012');
    expect(byId.rows.every((r) => r.loanId.includes('L0000012'))).toBe(true);
    const name = String((await one(`SELECT borrower_name FROM loans WHERE loan_id = 'L0000001'`)).borrower_name);
    const byName = await runMetric(db, loanCaseListQuery(active, { search: name.slice(2, 6) }));
    expect(byName.rows.some((r) => r.loanId === 'L0000001')).toBe(true);
    expect((await runMetric(db, loanCaseListQuery(active, { search: '%' }))).matched).toBe(0);
    expect(likePattern(' a_b% ')).toBe('%a\\_b\\%%');
  });

  it('sorts by loss: charge-off minus recoveries of defaulted loans', async () => {
    const list = await runMetric(db, loanCaseListQuery(active, { sort: 'loss' }));
    const ref = await one(`SELECT max(CASE WHEN chargeoff_amount IS NOT NULL THEN chargeoff_amount - coalesce(recovery_amount, 0) ELSE balance END) AS top
      FROM loans WHERE default_flag`);
    expect(list.rows[0].loss).toBeCloseTo(Number(ref.top), 6);
    expect(list.rows.filter((r) => r.defaulted !== true).every((r) => r.loss === null)).toBe(true);
  });

  it('lists borrowers with their loans and defaults', async () => {
    const list = await runMetric(db, borrowerCaseListQuery(active, { sort: 'id', descending: false }));
    expect(list.matched).toBe(Number((await one('SELECT count(DISTINCT borrower_id) AS n FROM loans')).n));
    const b5 = list.rows.find((r) => r.borrowerId === 'B000005')!;
    const ref = await one(`SELECT count(*) AS n, count(*) FILTER (WHERE default_flag) AS d FROM loans WHERE borrower_id = 'B000005'`);
    expect(b5.loans).toBe(Number(ref.n));
    expect(b5.defaults).toBe(Number(ref.d));
    const defaulted = await runMetric(db, borrowerCaseListQuery(active, { status: 'defaulted' }));
    expect(defaulted.rows.every((r) => r.defaults > 0)).toBe(true);
  });
});

describe('case file', () => {
  it('reads one loan, and nothing for an unknown id', async () => {
    const loan = await runMetric(db, loanRecordQuery('L0000001'));
    expect(loan?.loan_id).toBe('L0000001');
    expect(loan?.origination_date).toBe('2021-02-19');
    expect(await runMetric(db, loanRecordQuery('nope'))).toBeNull();
  });

  it('shows the borrower, all its loans and the other members of its group', async () => {
    const file = (await runMetric(db, borrowerFileQuery('B000001')))!;
    const ref = await one(`SELECT count(*) AS n, any_value(group_id) AS g FROM loans WHERE borrower_id = 'B000001'`);
    expect(file.loans).toHaveLength(Number(ref.n));
    expect(file.profile.group_id).toBe(ref.g);
    const members = await one(`SELECT count(DISTINCT borrower_id) AS n FROM loans WHERE group_id = ? AND borrower_id <> 'B000001'`, [String(ref.g)]);
    expect(file.group).toHaveLength(Number(members.n));
    expect(file.loans.map((l) => l.originationDate)).toEqual([...file.loans.map((l) => l.originationDate)].sort());
  });

  it('names the problem and cause of each flag on a planted loan, with the evidence', async () => {
    const id = String((await one(`SELECT loan_id FROM loans JOIN planted USING (loan_id)
      WHERE planted_process_breach AND disbursement_date < approval_date ORDER BY loan_id LIMIT 1`)).loan_id);
    const flags = await runMetric(db, caseFileQuery(active, id));
    const breach = flags.find((f) => f.ruleId === 'disbursed_before_approval')!;
    expect(breach.problem).toBe('P3');
    expect(breach.cause).toBe('C2');
    expect(String(breach.evidence.disbursement_date) < String(breach.evidence.approval_date)).toBe(true);
  });
});

describe('timeline', () => {
  it('puts process steps, snapshots and inspections on one axis and marks disbursement before approval', async () => {
    const id = String((await one(`SELECT loan_id FROM loans WHERE disbursement_date < approval_date ORDER BY loan_id LIMIT 1`)).loan_id);
    const loan = (await runMetric(db, loanRecordQuery(id)))!;
    const history = await runMetric(db, loanHistoryQuery(id));
    const ref = await one(`SELECT (SELECT count(*) FROM snapshots WHERE loan_id = ?) AS s, (SELECT count(*) FROM inspections WHERE loan_id = ?) AS i`, [id, id]);
    expect(history.snapshots).toHaveLength(Number(ref.s));
    expect(history.inspections).toHaveLength(Number(ref.i));
    const t = buildTimeline(loan, history);
    expect(t.events.map((e) => e.date)).toEqual([...t.events.map((e) => e.date)].sort());
    expect(t.issues.map((i) => i.kind)).toContain('disbursed_before_approval');
    expect(t.events.find((e) => e.kind === 'disbursement')?.issue).toBe('disbursed_before_approval');
    expect(t.events.filter((e) => e.kind === 'snapshot')).toHaveLength(Number(ref.s));
  });

  it('finds steps out of order, late first visits, monthly gaps and classes better than the DPD allows', () => {
    const loan = {
      application_date: '2023-01-10', approval_date: '2023-01-05', disbursement_date: '2023-01-03', origination_date: '2023-01-03',
      maturity_date: '2024-01-03', as_of_date: '2023-12-31', default_date: '2023-09-01', default_on: '2023-09-01', skipped_step: 'site_visit', is_restructured: false,
    };
    const t = buildTimeline(loan, {
      snapshots: [
        { date: '2023-01-31', balance: 100, dpd: 0, fiveClass: 1, minClass: 1 },
        { date: '2023-04-30', balance: 100, dpd: 95, fiveClass: 2, minClass: 3 },
      ],
      inspections: [{ date: '2023-06-01', finding: 'normal_operations' }],
    });
    const kinds = t.issues.map((i) => i.kind);
    expect(kinds).toEqual(expect.arrayContaining([
      'approval_before_application', 'disbursed_before_approval', 'skipped_step', 'no_inspection_90d', 'snapshot_gap', 'class_below_dpd_floor', 'early_default',
    ]));
    expect(t.issues.find((i) => i.kind === 'snapshot_gap')?.values.months).toBe(2);
    expect(t.issues.find((i) => i.kind === 'disbursed_before_approval')?.values.days).toBe(2);
  });

  it('a loan in order raises no issue', () => {
    const t = buildTimeline(
      { application_date: '2023-01-01', approval_date: '2023-01-05', disbursement_date: '2023-01-06', origination_date: '2023-01-06', as_of_date: '2023-04-30' },
      {
        snapshots: ['2023-01-31', '2023-02-28', '2023-03-31', '2023-04-30'].map((date) => ({ date, balance: 1, dpd: 0, fiveClass: 1, minClass: 1 })),
        inspections: [{ date: '2023-03-01', finding: null }],
      },
    );
    expect(t.issues).toEqual([]);
  });
});

describe('peers', () => {
  it('compares a loan with loans of the same industry, size, product and vintage', async () => {
    const peers = (await runMetric(db, peersQuery('L0000001')))!;
    const me = await one(`SELECT * FROM loans WHERE loan_id = 'L0000001'`);
    expect(peers.count).toBeGreaterThanOrEqual(MIN_PEERS);
    const ref = await one(
      `SELECT count(*) AS n, avg(default_flag::INT) AS dr FROM loans
       WHERE industry = ? AND enterprise_size = ? AND product = ? AND year(origination_date) = year(?::DATE) AND loan_id <> 'L0000001'`,
      [String(me.industry), String(me.enterprise_size), String(me.product), String(me.origination_date).slice(0, 10)],
    );
    if (peers.tier === 0) {
      expect(peers.count).toBe(Number(ref.n));
      expect(peers.defaultRate).toBeCloseTo(Number(ref.dr), 12);
    }
    const amount = peers.positions.find((p) => p.measure === 'amount')!;
    expect(amount.value).toBe(me.amount);
    expect(amount.percentile).toBeGreaterThanOrEqual(0);
    expect(amount.percentile).toBeLessThanOrEqual(1);
    expect(peers.positions.find((p) => p.measure === 'months_to_default')!.value).toBeNull();
  });

  it('mid-rank percentile and median', () => {
    const p = position('amount', 3, [1, 2, 3, 3, 5, null, 'x']);
    expect(p.percentile).toBeCloseTo((2 + 1) / 5, 12);
    expect(p.median).toBe(3);
    expect(position('amount', null, [1]).percentile).toBeNull();
  });
});
