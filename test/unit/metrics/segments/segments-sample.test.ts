import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../../src/lib/db/types';
import { rows, type Row } from '../../../../src/lib/db/rows';
import { runMetric } from '../../../../src/lib/metrics/query';
import { SEGMENT_ATTRIBUTES, segmentSearchQuery, type SegmentSearch } from '../../../../src/lib/metrics/segments';
import { openSampleBook } from '../cases/sampleBook';

/*
 * The segment finder against a search written here in plain JavaScript over the loans' rows
 * (counts by loops, the exact binomial tail summed term by term from log-factorials), and against the
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

/** The stated search, independently: counts of every pair and triple, Bonferroni over those with ≥ min loans. */
function search(data: Row[], outcome: number[], options: { min: number; alpha: number; bonferroni: boolean }): { tested: number; found: Expected[] } {
  const attrs = [...SEGMENT_ATTRIBUTES];
  const counts = new Map<string, [number, number]>();
  const add = (key: string, y: number) => {
    const c = counts.get(key) ?? [0, 0];
    c[0]++; c[1] += y;
    counts.set(key, c);
  };
  const part = (i: number, r: Row) => `${attrs[i]}=${r[attrs[i]] ?? '∅'}`;
  data.forEach((r, n) => {
    const y = outcome[n];
    for (let i = 0; i < attrs.length; i++) {
      add(part(i, r), y);
      for (let j = i + 1; j < attrs.length; j++) {
        add(`${part(i, r)} & ${part(j, r)}`, y);
        for (let k = j + 1; k < attrs.length; k++) add(`${part(i, r)} & ${part(j, r)} & ${part(k, r)}`, y);
      }
    }
  });
  const N = data.length;
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

  it('lists the segments the stated search written here finds, with their counts and excess, in the same order', () => {
    const expected = search(loans, loans.map((r) => Number(r.y)), { min: 100, alpha: 0.05, bonferroni: true });
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
  });

  it('its top ten are truly riskier by the generator’s own lifetime PD; the first and four or more of the ten carry the planted missing-statements mechanism (C1)', async () => {
    const book = rows(await db.query('SELECT avg(planted_lifetime_pd) AS pd FROM planted'))[0].pd as number;
    const top = result.found.slice(0, 10);
    expect(top).toHaveLength(10);
    let carriers = 0;
    for (const [rank, s] of top.entries()) {
      const where = s.attributes.map((a, i) => (s.values[i] === null ? `f.${a} IS NULL` : `CAST(f.${a} AS VARCHAR) = '${s.values[i]}'`)).join(' AND ');
      const truth = rows(await db.query(`SELECT count(*) AS n, avg(p.planted_lifetime_pd) AS pd, avg(p.planted_info_asymmetry::INT) AS c1
        FROM loan_facts f JOIN planted p USING (loan_id) WHERE ${where}`))[0];
      expect(truth.n).toBe(s.loans);
      // The loans' planted default probability, not the realised defaults the finder saw, is well above the book's.
      expect((truth.pd as number) / book, keyOfFound(s)).toBeGreaterThan(1.3);
      const carries = s.attributes.some((a, i) => a === 'has_financial_statements' && s.values[i] === 'false');
      if (carries) {
        carriers++;
        expect(truth.c1, keyOfFound(s)).toBe(1);
      }
      if (rank === 0) expect(carries, keyOfFound(s)).toBe(true);
    }
    expect(carriers).toBeGreaterThanOrEqual(4);
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
      const uncorrected = search(loans, permuted, { min: 100, alpha: 0.05, bonferroni: false });
      expect(uncorrected.found.length, `seed ${seed}`).toBeGreaterThan(0);
    }
  }, 240_000);
});
