import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../../src/lib/db/types';
import { rows } from '../../../../src/lib/db/rows';
import { characteristicStabilityQuery, vintageCountsQuery } from '../../../../src/lib/metrics/models/stability';
import { loadLoans, openNodeDb, run, type FixtureRow } from '../portfolio/fixtures';
import { openSampleBook } from '../cases/sampleBook';

/**
 * Characteristic stability by vintage on a crafted book whose PSI is worked by hand, and on the
 * sample against counts selected here with the PSI formula written out.
 */
const loans: FixtureRow[] = [];
let id = 0;
const add = (year: number, industry: string | null, amount: number, n = 1) => {
  for (let i = 0; i < n; i++) loans.push({ loan_id: `L${++id}`, origination_date: `${year}-03-01`, industry, amount, balance: amount });
};
// 2020 (baseline): industry A 50, B 30, C 20; amounts 1…10 ten times each.
// 2021: A 30, B 30, C 40; amounts: 80 below 5, 20 at 5 or more.
// 2022: A 50, B 30, C 20 and amounts as in 2020 (no shift), plus 4 loans of a new industry D.
for (let k = 0; k < 100; k++) add(2020, k < 50 ? 'A' : k < 80 ? 'B' : 'C', (k % 10) + 1);
for (let k = 0; k < 100; k++) add(2021, k < 30 ? 'A' : k < 60 ? 'B' : 'C', k < 80 ? 2 : 7);
for (let k = 0; k < 100; k++) add(2022, k < 50 ? 'A' : k < 80 ? 'B' : 'C', (k % 10) + 1);
add(2022, 'D', 3, 4);
loans.push({ loan_id: 'undated', industry: 'A', amount: 1, balance: 1 });

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  await loadLoans(db, loans);
});
afterAll(async () => db.close());

const term = (a: number, e: number) => (a - e) * Math.log(a / e);

describe('characteristic stability by vintage', () => {
  it('counts loans by origination year, undated loans left out', async () => {
    expect(await run(db, vintageCountsQuery([]))).toEqual([{ vintage: 2020, loans: 100 }, { vintage: 2021, loans: 100 }, { vintage: 2022, loans: 104 }]);
  });

  it('reproduces hand-worked PSI of a category and of quantile bins against the baseline year', async () => {
    const [industry, amount] = await run(db, characteristicStabilityQuery(
      [{ column: 'industry', binning: { kind: 'categorical' } }, { column: 'amount', binning: { kind: 'quantile', bins: 2 } }],
      { baseline: 2020 },
    ));
    expect(industry.vintages.map((v) => v.vintage)).toEqual([2021, 2022]);
    // 2021: (0.3 − 0.5)·ln(0.3/0.5) + 0 + (0.4 − 0.2)·ln(0.4/0.2) = 0.2407946
    expect(industry.vintages[0].psi.psi).toBeCloseTo(0.2407946, 6);
    expect(industry.vintages[0].psi.band).toBe('moderate shift');
    // 2022: D is a zero cell in 2020 → 0.5 added to both counts of D: E = 50, 30, 20, 0.5 of 100.5; A = 50, 30, 20, 4.5 of 104.5.
    const e = [50, 30, 20, 0.5].map((x) => x / 100.5);
    const a = [50, 30, 20, 4.5].map((x) => x / 104.5);
    expect(industry.vintages[1].psi.psi).toBeCloseTo(e.reduce((s, ei, i) => s + term(a[i], ei), 0), 9);
    expect(industry.worst).toBeCloseTo(industry.vintages[0].psi.psi, 12);
    // Amount: the baseline's median (quantile_disc 0.5 of 1…10) is 5: bins < 5 (40 %) and ≥ 5 (60 %).
    // 2021 has 80 % below 5: (0.8 − 0.4)·ln 2 + (0.2 − 0.6)·ln(1/3) = 0.7167038
    expect(amount.vintages[0].psi.bins.map((b) => [b.expected, b.actual])).toEqual([[40, 80], [60, 20]]);
    expect(amount.vintages[0].psi.psi).toBeCloseTo(0.7167038, 6);
    expect(amount.vintages[0].psi.band).toBe('significant shift');
    // 2022: the four D loans have amount 3 (< 5): 44 of 104 against 40 of 100.
    expect(amount.vintages[1].psi.psi).toBeCloseTo(term(44 / 104, 0.4) + term(60 / 104, 0.6), 9);
  });

  it('takes the filters and any baseline year', async () => {
    const [industry] = await run(db, characteristicStabilityQuery([{ column: 'industry', binning: { kind: 'categorical' } }], {
      baseline: 2021, filters: [{ dimension: 'industry', values: ['A', 'C'] }],
    }));
    // 2021 A 30, C 40 → 3/7, 4/7; 2020 A 50, C 20 → 5/7, 2/7.
    expect(industry.vintages[0].vintage).toBe(2020);
    expect(industry.vintages[0].psi.psi).toBeCloseTo(term(5 / 7, 3 / 7) + term(2 / 7, 4 / 7), 9);
  });
});

describe('characteristic stability on the sample book', () => {
  let sample: Db;
  beforeAll(async () => {
    sample = (await openSampleBook()).db;
  }, 120_000);
  afterAll(async () => sample.close());

  it('industry PSI of each year against the first equals the formula over counts selected here', async () => {
    const years = await run(sample, vintageCountsQuery([]));
    const baseline = years[0].vintage;
    const [industry] = await run(sample, characteristicStabilityQuery([{ column: 'industry', binning: { kind: 'categorical' } }], { baseline }));
    const counts = rows(await sample.query(`SELECT year(origination_date) AS y, coalesce(industry, '∅') AS k, count(*) AS n FROM loans WHERE origination_date IS NOT NULL GROUP BY ALL`));
    const keys = [...new Set(counts.map((r) => String(r.k)))];
    const n = (y: number, k: string) => Number(counts.find((r) => Number(r.y) === y && r.k === k)?.n ?? 0);
    expect(industry.vintages.map((v) => v.vintage)).toEqual(years.slice(1).map((y) => y.vintage));
    for (const v of industry.vintages) {
      const cells = keys.map((k) => {
        const zero = n(baseline, k) === 0 || n(v.vintage, k) === 0;
        return { e: n(baseline, k) + (zero ? 0.5 : 0), a: n(v.vintage, k) + (zero ? 0.5 : 0) };
      });
      const te = cells.reduce((s, c) => s + c.e, 0);
      const ta = cells.reduce((s, c) => s + c.a, 0);
      const psi = cells.reduce((s, c) => s + term(c.a / ta, c.e / te), 0);
      expect(v.psi.psi, String(v.vintage)).toBeCloseTo(psi, 9);
    }
    console.info('sample industry PSI by year vs', baseline, industry.vintages.map((v) => `${v.vintage} ${v.psi.psi.toFixed(4)}`).join(', '));
  }, 120_000);
});
