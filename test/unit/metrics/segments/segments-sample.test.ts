import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../../src/lib/db/types';
import { rows, type Row } from '../../../../src/lib/db/rows';
import { runMetric } from '../../../../src/lib/metrics/query';
import { SEGMENT_ATTRIBUTES, segmentSearchQuery, type SegmentSearch } from '../../../../src/lib/metrics/segments';
import { openSampleBook } from '../cases/sampleBook';

/*
 * The segment finder against the stated search written here (counts by a separate native DuckDB,
 * one GROUP BY per combination of attributes; the exact binomial tail summed term by term from
 * log-factorials; the selection in plain JavaScript), and against the
 * generator's ground truth (planted.parquet: each loan's lifetime default probability and the
 * planted mechanisms it carries). A clean book is the sample with the outcome shuffled among the
 * loans by a seeded Fisher–Yates: the same rate and attributes, no association between them.
 */

let db: Db;
let loans: Row[];
beforeAll(async () => {
  db = (await openSampleBook()).db;
  loans = rows(await db.query(`SELECT loan_id, ${SEGMENT_ATTRIBUTES.map((a) => `CAST(${a} AS VARCHAR) AS ${a}`).join(', ')}, CAST(is_defaulted AS INTEGER) AS y FROM loan_facts ORDER BY loan_id`));
}, 120_000);
afterAll(async () => db.close());

/** ln n! by a running sum of logs (20,000 loans at most). */
const LOG_FACT = (() => {
  const t = new Float64Array(20_002);
  for (let i = 2; i < t.length; i++) t[i] = t[i - 1] + Math.log(i);
  return t;
})();
/** P(X ≥ k), X ~ Binomial(n, p): every term from k up, each from logs (no recurrence). */
function tailAtLeast(k: number, n: number, p: number): number {
  let sum = 0;
  for (let j = k; j <= n; j++) {
    const term = Math.exp(LOG_FACT[n] - LOG_FACT[j] - LOG_FACT[n - j] + j * Math.log(p) + (n - j) * Math.log1p(-p));
    sum += term;
    if (j > n * p && term < 1e-20) break;
  }
  return sum;
}

interface Expected { key: string; loans: number; defaults: number; excess: number }

/** Loans and bad loans of every combination of values of up to `depth` attributes, by key `a=v & b=w` (∅ for missing). */
type Counts = Map<string, [number, number]>;

/**
 * The counts by a separate native DuckDB: the loans' attribute values and outcome written to a file,
 * then one plain GROUP BY per attribute, pair and triple of attributes.
 */
async function nativeCounts(data: Row[], outcome: number[], depth: 2 | 3): Promise<Counts> {
  const dir = mkdtempSync(join(tmpdir(), 'lbl-segments-'));
  const file = join(dir, 'loans.ndjson');
  const attrs = [...SEGMENT_ATTRIBUTES];
  writeFileSync(file, data.map((r, i) => JSON.stringify({ ...Object.fromEntries(attrs.map((a) => [a, r[a] ?? null])), y: outcome[i] })).join('\n'));
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    await conn.run(`CREATE TABLE t AS SELECT * FROM read_json('${file}', format = 'newline_delimited', columns = {${attrs.map((a) => `${a}: 'VARCHAR'`).join(', ')}, y: 'INTEGER'})`);
    const combos: string[][] = [];
    for (let i = 0; i < attrs.length; i++) {
      combos.push([attrs[i]]);
      for (let j = i + 1; j < attrs.length; j++) {
        combos.push([attrs[i], attrs[j]]);
        if (depth === 3) for (let k = j + 1; k < attrs.length; k++) combos.push([attrs[i], attrs[j], attrs[k]]);
      }
    }
    const counts: Counts = new Map();
    for (const combo of combos) {
      const key = combo.map((a) => `'${a}=' || coalesce(${a}, '∅')`).join(` || ' & ' || `);
      const reader = await conn.runAndReadAll(`SELECT ${key} AS key, count(*)::INTEGER AS n, sum(y)::INTEGER AS k FROM t GROUP BY ${combo.join(', ')}`);
      for (const [key, n, k] of reader.getRowsJS() as [string, number, number][]) counts.set(key, [n, k]);
    }
    return counts;
  } finally {
    conn.closeSync();
    instance.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The stated search over those counts: Bonferroni over the pairs and triples with ≥ min loans. */
function search(counts: Counts, outcome: number[], options: { min: number; alpha: number; bonferroni: boolean }): { tested: number; found: Expected[] } {
  const N = outcome.length;
  const K = outcome.reduce((s, y) => s + y, 0);
  const rate = K / N;
  const cells = [...counts].filter(([key, [n]]) => key.includes(' & ') && n >= options.min);
  const level = options.bonferroni ? options.alpha / cells.length : options.alpha;
  const found: Expected[] = [];
  for (const [key, [n, k]] of cells) {
    if (!(k / n > rate) || !(tailAtLeast(k, n, rate) < level)) continue;
    const parts = key.split(' & ');
    const adds = parts.every((_, drop) => {
      const [pn, pk] = counts.get(parts.filter((_, i) => i !== drop).join(' & '))!;
      return k / n > pk / pn && tailAtLeast(k, n, pk / pn) < 0.05;
    });
    if (adds) found.push({ key, loans: n, defaults: k, excess: k - (n * (K - k)) / (N - n) });
  }
  found.sort((a, b) => b.excess - a.excess);
  return { tested: cells.length, found };
}

const keyOfFound = (s: SegmentSearch['found'][number]) => s.attributes.map((a, i) => `${a}=${s.values[i] ?? '∅'}`).join(' & ');

/** Seeded shuffle (mulberry32 + Fisher–Yates). */
function shuffled(values: number[], seed: number): number[] {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('segment finder on the sample book', () => {
  let result: SegmentSearch;
  beforeAll(async () => {
    result = await runMetric(db, segmentSearchQuery([]));
  }, 120_000);

  it('lists the segments the stated search written here finds, with their counts and excess, in the same order', async () => {
    const y = loans.map((r) => Number(r.y));
    const expected = search(await nativeCounts(loans, y, 3), y, { min: 100, alpha: 0.05, bonferroni: true });
    expect(result.tested).toBe(expected.tested);
    expect(result.tested).toBeGreaterThan(10_000);
    expect(result.loans).toBe(20_000);
    expect(result.found.map(keyOfFound)).toEqual(expected.found.map((e) => e.key));
    result.found.forEach((s, i) => {
      expect(s.loans).toBe(expected.found[i].loans);
      expect(s.defaults).toBe(expected.found[i].defaults);
      expect(s.excess).toBeCloseTo(expected.found[i].excess, 9);
      expect(s.liftLow).toBeGreaterThan(1);
    });
    expect(result.found.length).toBeGreaterThan(10);
  }, 180_000);

  /** The planted mechanisms of data-samples/README.md, each with the attribute values that observe it and its flag in planted.parquet. */
  const MECHANISMS = {
    C1: { flag: 'planted_info_asymmetry', values: ['has_financial_statements=false', 'relationship_band=under_6m'] },
    C4: { flag: 'planted_untrained_officer', values: ['officer_trained=false', 'officer_tenure_band=under_1y'] },
    C3: { flag: 'planted_missed_inspection', values: ['first_inspection_band=after_90d', 'first_inspection_band=never'] },
    C2: { flag: 'planted_approval_exception', values: ['approval_exception=true', 'above_authority=true'] },
    P3: { flag: 'planted_process_breach', values: ['disbursed_before_approval=true', ...['site_visit', 'credit_investigation', 'collateral_appraisal', 'review_committee'].map((v) => `skipped_step=${v}`)] },
  } as const;
  type Mechanism = keyof typeof MECHANISMS;
  const mechanismsOf = (s: SegmentSearch['found'][number]) =>
    (Object.keys(MECHANISMS) as Mechanism[]).filter((m) => s.attributes.some((a, i) => (MECHANISMS[m].values as readonly string[]).includes(`${a}=${s.values[i]}`)));
  const truthOf = async (s: SegmentSearch['found'][number]) => {
    const where = s.attributes.map((a, i) => (s.values[i] === null ? `f.${a} IS NULL` : `CAST(f.${a} AS VARCHAR) = '${s.values[i]}'`)).join(' AND ');
    return rows(await db.query(`SELECT count(*) AS n, avg(p.planted_lifetime_pd) AS pd, avg(p.planted_pd_multiplier) AS multiplier,
        ${Object.values(MECHANISMS).map((m) => `avg(p.${m.flag}::INT) AS ${m.flag}`).join(', ')}
      FROM loan_facts f JOIN planted p USING (loan_id) WHERE ${where}`))[0];
  };

  it('recovers the planted mechanisms: its top 20 are truly riskier by the generator’s lifetime PD, led by C1, and hold C1, C4 and C3 and their combinations; C2 and P3 are found further down', async () => {
    const book = rows(await db.query('SELECT avg(planted_lifetime_pd) AS pd FROM planted'))[0].pd as number;
    const top = result.found.slice(0, 20);
    expect(top).toHaveLength(20);
    const seen = new Set<Mechanism>();
    let combined = 0;
    for (const [rank, s] of top.entries()) {
      const truth = await truthOf(s);
      expect(truth.n).toBe(s.loans);
      // The loans' planted default probability, not the realised defaults the finder saw, is well above the book's.
      expect((truth.pd as number) / book, keyOfFound(s)).toBeGreaterThan(1.3);
      const carried = mechanismsOf(s);
      // A segment that observes a mechanism holds loans that carry it (planted.parquet), all or (C1's 183 days vs 6 months) all but a few.
      for (const m of carried) expect(truth[MECHANISMS[m].flag] as number, `${keyOfFound(s)} ${m}`).toBeGreaterThan(0.995);
      carried.forEach((m) => seen.add(m));
      if (carried.length >= 2) {
        combined++;
        // Two mechanisms at once: their multipliers (2 × 2 or more) act together on the segment's loans.
        expect(truth.multiplier as number, keyOfFound(s)).toBeGreaterThan(3.5);
      }
      if (rank === 0) expect(carried, keyOfFound(s)).toContain('C1');
    }
    expect([...seen].sort()).toEqual(['C1', 'C3', 'C4']);
    expect(top.filter((s) => mechanismsOf(s).length > 0).length).toBeGreaterThanOrEqual(12);
    expect(combined).toBeGreaterThanOrEqual(4);
    // The smaller mechanisms (rate ratios 1.6 and 2.0 on 8 % of loans each) pass the corrected test only in a few cells.
    for (const m of ['C2', 'P3'] as const) {
      const carriers = result.found.filter((s) => mechanismsOf(s).includes(m));
      expect(carriers.length, m).toBeGreaterThan(0);
      for (const s of carriers) expect((await truthOf(s))[MECHANISMS[m].flag] as number, keyOfFound(s)).toBe(1);
    }
  });

  it('on a clean book (the outcome shuffled with fixed seeds) it lists nothing, while the same search without the Bonferroni correction does', async () => {
    const y = loans.map((r) => Number(r.y));
    for (const seed of [1, 2, 3]) {
      const permuted = shuffled(y, seed);
      await db.exec('CREATE OR REPLACE TEMP TABLE shuffled_outcome (loan_id VARCHAR, y BOOLEAN)');
      await db.exec(`INSERT INTO shuffled_outcome VALUES ${loans.map((r, i) => `('${r.loan_id}', ${permuted[i] === 1})`).join(',')}`);
      await db.exec('CREATE OR REPLACE TABLE loan_facts AS SELECT f.* REPLACE (s.y AS is_defaulted) FROM loan_facts f JOIN shuffled_outcome s USING (loan_id)');
      const clean = await runMetric(db, segmentSearchQuery([]));
      expect(clean.defaults).toBe(result.defaults);
      expect(clean.found.map(keyOfFound), `seed ${seed}`).toEqual([]);
      // Pairs are enough to show that chance alone lists segments at an uncorrected 5 %.
      const uncorrected = search(await nativeCounts(loans, permuted, 2), permuted, { min: 100, alpha: 0.05, bonferroni: false });
      expect(uncorrected.found.length, `seed ${seed}`).toBeGreaterThan(0);
    }
  }, 240_000);
});
