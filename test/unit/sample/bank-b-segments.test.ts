import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/db/types';
import { rows } from '../../../src/lib/db/rows';
import { runMetric } from '../../../src/lib/metrics/query';
import { segmentSearchQuery, type SegmentSearch } from '../../../src/lib/metrics/segments';
import { openSampleBook } from '../metrics/cases/sampleBook';

/** The segment finder (Root causes) on Bank B: the planted clusters are among the segments it lists. */
let db: Db;
let found: SegmentSearch;
let truth: { region: string; industry: string; shock: boolean; fraud: boolean }[];
beforeAll(async () => {
  ({ db } = await openSampleBook('data-samples/bank-b'));
  found = await runMetric(db, segmentSearchQuery([]));
  truth = rows(await db.query(`SELECT l.region, l.industry, p.planted_price_shock AS shock, p.planted_broker_fraud AS fraud
    FROM loans l JOIN planted p USING (loan_id)`)) as typeof truth;
}, 120_000);
afterAll(async () => db?.close());

const value = (s: SegmentSearch['found'][number], attribute: string) => s.values[s.attributes.indexOf(attribute)];

/** Planted loans inside a found segment, counted on loan_facts with the segment's own values. */
async function plantedIn(s: SegmentSearch['found'][number]) {
  const cond = s.attributes.map((a, i) => (s.values[i] === null ? `f.${a} IS NULL` : `CAST(f.${a} AS VARCHAR) = '${s.values[i]}'`)).join(' AND ');
  const [r] = rows(await db.query(`SELECT count(*) AS loans, count(*) FILTER (WHERE p.planted_broker_fraud) AS fraud, count(*) FILTER (WHERE p.planted_price_shock) AS shock
    FROM loan_facts f JOIN planted p USING (loan_id) WHERE ${cond}`));
  return { loans: Number(r.loans), fraud: Number(r.fraud), shock: Number(r.shock) };
}

describe('Bank B: the segment finder', () => {
  it('lists the shocked county’s livestock among its top 25 segments, and a top segment holding every introduced loan', async () => {
    // The broker's 96 loans (new to the bank, never inspected, unsecured, joint guarantee, 2024) are
    // described by many overlapping segments, which rank first by excess; the shock follows them.
    const top25 = found.found.slice(0, 25);
    const shocked = truth.filter((r) => r.shock);
    const [region, industry] = [shocked[0].region, shocked[0].industry];
    const shock = top25.find((s) => s.attributes.length === 2 && value(s, 'region') === region && value(s, 'industry') === industry);
    expect(shock, 'region × industry of the price shock').toBeDefined();
    expect(shock!.lift).toBeGreaterThan(3);
    expect((await plantedIn(shock!)).shock).toBe(shocked.length);
    // the broker's signature (joint guarantees, no statements, 2024 …): the first segment contains every introduced loan
    const fraud = truth.filter((r) => r.fraud).length;
    const first = await plantedIn(found.found[0]);
    expect(first.loans).toBe(found.found[0].loans);
    expect(first.fraud).toBe(fraud);
    expect(found.found[0].excess).toBeGreaterThan(0.8 * fraud);
  });
});
