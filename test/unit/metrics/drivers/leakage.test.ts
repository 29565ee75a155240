import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../../src/lib/db/node';
import type { Db } from '../../../../src/lib/db/types';
import { rows, scalar } from '../../../../src/lib/db/rows';
import { runMetric } from '../../../../src/lib/metrics/query';
import { activateStaged, STAGE_PREFIX } from '../../../../src/lib/book/activate';
import { LOAN_FIELDS, sqlType } from '../../../../src/lib/schema/canonical';
import { ident } from '../../../../src/lib/sql/quote';
import {
  LEAKAGE_IV,
  candidateProfileQuery,
  ivRankingQuery,
  rankCandidates,
  tableColumnsQuery,
  type RankedCandidate,
} from '../../../../src/lib/metrics/drivers';
import { openSampleBook } from '../cases/sampleBook';
import { modelBaseSql, rankModelCandidates } from '../../../../src/lib/metrics/models';

/**
 * A crafted book of 2,000 loans. Genuine drivers: `grade` (extra text column, A–D, bad rates
 * 2 / 5 / 10 / 20 %) and `amount`. Leaking columns: `status` (extra text, 'default' for every bad,
 * 'current' / 'closed' for goods), `writeoff` (extra text, an amount only for bad loans),
 * `watch` (extra text, 'W' for every bad and a quarter as many goods: bad rate 80 %, not pure,
 * but IV far above any driver), and the mapped `chargeoff_amount`.
 */
const BOOK = `
WITH n AS (SELECT range AS i FROM range(2000)),
g AS (SELECT i, ['A', 'B', 'C', 'D'][i % 4 + 1] AS grade, [2, 5, 10, 20][i % 4 + 1] AS rate FROM n),
b AS (SELECT *, (i * 7919) % 100 < rate AS bad FROM g)
SELECT 'L' || i AS loan_id, 100000 + (i * 37) % 900000 AS amount, bad AS default_flag,
  CASE WHEN bad THEN 1000.0 + i END AS chargeoff_amount,
  grade,
  CASE WHEN bad THEN 'default' WHEN i % 2 = 0 THEN 'current' ELSE 'closed' END AS status,
  CASE WHEN bad THEN CAST(500 + i AS VARCHAR) END AS writeoff,
  CASE WHEN bad OR (i * 104729) % 1000 < 24 THEN 'W' ELSE 'N' END AS watch
FROM b`;
const EXTRAS = ['grade', 'status', 'writeoff', 'watch'];

let db: Db;
let ranked: RankedCandidate[];
const find = (c: string) => ranked.find((r) => r.attribute.column === c);

beforeAll(async () => {
  db = await openNodeDb();
  await db.exec(`CREATE TABLE src AS ${BOOK}`);
  const present = new Set(['loan_id', 'amount', 'default_flag', 'chargeoff_amount']);
  // As the import builds it: every canonical column typed, then the unmapped source columns as text.
  const columns = LOAN_FIELDS.map((f) => `${present.has(f.name) ? `CAST(${ident(f.name)} AS ${sqlType(f.type)})` : `CAST(NULL AS ${sqlType(f.type)})`} AS ${ident(f.name)}`);
  await db.exec(`CREATE TABLE ${STAGE_PREFIX}loans AS SELECT ${columns.join(', ')}, ${EXTRAS.map((e) => `CAST(${e} AS VARCHAR) AS ${e}`).join(', ')} FROM src`);
  const shape = await activateStaged(db);
  const profile = await runMetric(db, candidateProfileQuery(await runMetric(db, tableColumnsQuery('loan_facts')), new Set(shape.mapped), { table: 'loan_facts', bins: 5 }));
  const tables = await runMetric(db, ivRankingQuery(profile.attributes));
  ranked = rankCandidates(profile.attributes, tables);
});
afterAll(async () => db.close());

describe('leakage guard on a crafted book', () => {
  it('offers every genuine and leaking column as a candidate', () => {
    expect(ranked.map((r) => r.attribute.column).sort()).toEqual(['amount', 'chargeoff_amount', 'default_flag', 'grade', 'status', 'watch', 'writeoff']);
  });

  it('marks the status column that restates the outcome: its pure bins hold every bad', async () => {
    const bads = Number(await scalar(db, `SELECT count(*) FROM src WHERE default_flag`));
    const pure = rows(await db.query(`SELECT status, count(*) FILTER (WHERE default_flag) AS bads FROM src GROUP BY status HAVING avg(CAST(default_flag AS INTEGER)) >= 0.95`));
    expect(pure.map((r) => r.status)).toEqual(['default']);
    expect(find('status')!.leakage).toEqual({ kind: 'pure_bins', bins: [{ kind: 'value', value: 'default' }], badShare: Number(pure[0].bads) / bads });
    expect(find('status')!.table.iv).toBeGreaterThan(LEAKAGE_IV);
  });

  it('marks a column that exists only for defaulted loans, whatever its values', () => {
    const w = find('writeoff')!;
    expect(w.attribute.numeric).toBe(true);
    expect(w.leakage?.kind).toBe('pure_bins');
    if (w.leakage?.kind === 'pure_bins') {
      expect(w.leakage.badShare).toBe(1);
      expect(w.leakage.bins.every((b) => b.kind === 'range')).toBe(true);
    }
  });

  it('marks near-perfect separation by IV when no bin is pure', async () => {
    const watch = rows(await db.query(`SELECT avg(CAST(default_flag AS INTEGER)) AS rate FROM src WHERE watch = 'W'`))[0];
    expect(Number(watch.rate)).toBeLessThan(0.95);
    expect(Number(watch.rate)).toBeGreaterThan(0.6);
    const w = find('watch')!;
    expect(w.leakage).toEqual({ kind: 'separation', iv: w.table.iv });
    expect(w.table.iv).toBeGreaterThanOrEqual(LEAKAGE_IV);
  });

  it('marks the outcome and charge-off fields by what they are', () => {
    expect(find('default_flag')!.leakage).toEqual({ kind: 'outcome' });
    expect(find('chargeoff_amount')!.leakage).toEqual({ kind: 'after_default' });
  });

  it('leaves the genuine drivers unmarked and ranks them first', () => {
    expect(find('grade')!.leakage).toBeNull();
    expect(find('amount')!.leakage).toBeNull();
    expect(find('grade')!.table.iv).toBeGreaterThan(0.1);
    expect(ranked.slice(0, 2).map((r) => r.attribute.column)).toEqual(['grade', 'amount']);
  });
});

describe('leakage guard in the scorecard builder (development sample of model_base)', () => {
  it('marks the same columns and suggests only genuine ones', async () => {
    const base = modelBaseSql([], { kind: 'default' }, { kind: 'random', seed: 42, devShare: 0.7 }, false);
    await db.exec(base.sql, base.params);
    const { ranked: model, suggestion } = await rankModelCandidates(db, new Set(['loan_id', 'amount', 'default_flag', 'chargeoff_amount']), { bins: 10 });
    const kinds = Object.fromEntries(model.map((r) => [r.attribute.column, r.leakage?.kind ?? null]));
    expect(kinds).toEqual({ grade: null, amount: null, status: 'pure_bins', writeoff: 'pure_bins', watch: 'separation', default_flag: 'outcome', chargeoff_amount: 'after_default' });
    expect(suggestion.picked).toContain('grade');
    expect(suggestion.picked.every((c) => kinds[c] === null)).toBe(true);
  });
});

describe('leakage guard on the sample book', () => {
  let sample: Db;
  let sampleRanked: RankedCandidate[];
  beforeAll(async () => {
    const opened = await openSampleBook();
    sample = opened.db;
    const profile = await runMetric(sample, candidateProfileQuery(await runMetric(sample, tableColumnsQuery('loan_facts')), new Set(opened.shape.mapped), { table: 'loan_facts', bins: 5 }));
    sampleRanked = rankCandidates(profile.attributes, await runMetric(sample, ivRankingQuery(profile.attributes)));
  });
  afterAll(async () => sample.close());

  it('marks no attribute known at lending, the planted drivers included, and marks what is recorded after it', () => {
    const leaking = sampleRanked.filter((r) => r.leakage);
    expect(leaking.every((r) => r.leakage!.kind === 'outcome' || r.leakage!.kind === 'after_default' || r.leakage!.kind === 'later_state')).toBe(true);
    for (const c of ['has_financial_statements', 'officer_tenure_months', 'officer_training_hours']) expect(find2(c)?.leakage).toBeNull();
    expect(find2('default_flag')?.leakage).toEqual({ kind: 'outcome' });
    const genuine = sampleRanked.filter((r) => !r.leakage);
    expect(genuine[0].table.iv).toBeLessThan(LEAKAGE_IV);
  });
  const find2 = (c: string) => sampleRanked.find((r) => r.attribute.column === c);
});
