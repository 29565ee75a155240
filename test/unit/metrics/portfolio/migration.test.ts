import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../../src/lib/db/types';
import { literal } from '../../../../src/lib/sql/quote';
import { migrationMatrixQuery, pooledMigrationQuery, regulatoryMigrationQuery } from '../../../../src/lib/metrics/portfolio/migration';
import { cohortTransitionQuery } from '../../../../src/lib/metrics/portfolio/transition';
import { loadLoans, loadSnapshots, openNodeDb, run, type FixtureRow } from './fixtures';
import { goldenFile } from '../../../golden';

const GOLDEN_PANEL = goldenFile('transition_panel.csv');
const START = '2024-01-31';
const MID = '2024-06-30';
const END = '2024-12-31';

/*
 * The two worked examples of DOMAIN.md, as loans with a class at START and at END (absent = left the book):
 *   normal 10,000: A 5,000 stays 1; B1 500 → 2; B2 400 → 3 (900 moved down); C 800 left; D 3,300 stays 1
 *     → 900 ÷ (10,000 − 800) = 0.0978261
 *   special mention 4,000: E 600 → 3; F 1,000 left; G 2,400 → 1 (an upgrade does not count)
 *     → 600 ÷ (4,000 − 1,000) = 0.2
 *   substandard: H 700 → 4.
 * A also has a MID snapshot in class 2 (so the pooled estimator sees 1 → 2 → 1).
 */
const LOANS: FixtureRow[] = ['A', 'B1', 'B2', 'C', 'D', 'E', 'F', 'G', 'H'].map((id) => ({
  loan_id: id,
  industry: 'ABCD'.includes(id[0]) ? 'X' : 'Y',
  amount: 1,
}));
const snap = (loan_id: string, snapshot_date: string, balance: number, five_class: number): FixtureRow => ({ loan_id, snapshot_date, balance, five_class });
const SNAPSHOTS: FixtureRow[] = [
  snap('A', START, 5000, 1), snap('A', MID, 5000, 2), snap('A', END, 4000, 1),
  snap('B1', START, 500, 1), snap('B1', END, 500, 2),
  snap('B2', START, 400, 1), snap('B2', END, 390, 3),
  snap('C', START, 800, 1),
  snap('D', START, 3300, 1), snap('D', END, 3000, 1),
  snap('E', START, 600, 2), snap('E', END, 600, 3),
  snap('F', START, 1000, 2),
  snap('G', START, 2400, 2), snap('G', END, 2000, 1),
  snap('H', START, 700, 3), snap('H', END, 700, 4),
];

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  await loadLoans(db, LOANS);
  await loadSnapshots(db, SNAPSHOTS);
});
afterAll(async () => db.close());

describe('regulatory migration rate', () => {
  it('reproduces the worked examples: normal 0.0978261, special mention 0.2', async () => {
    const r = await run(db, regulatoryMigrationQuery([], { from: START, to: END }));
    expect(r.normal).toMatchObject({ opening: 10000, movedDown: 900, left: 800 });
    expect(Math.abs(r.normal.rate! - 0.0978261)).toBeLessThan(1e-6);
    expect(r.specialMention).toMatchObject({ opening: 4000, movedDown: 600, left: 1000 });
    expect(Math.abs(r.specialMention.rate! - 0.2)).toBeLessThan(1e-6);
  });
});

describe('migration matrix between two dates', () => {
  it('counts loans per from/to class with a column for loans that left', async () => {
    const m = await run(db, migrationMatrixQuery([], { from: START, to: END }));
    const [normal, special, sub, doubtful] = m.rows;
    expect(normal).toMatchObject({ opening: 5, counts: [2, 1, 1, 0, 0], left: 1, leftBalance: 800, unclassified: 0 });
    expect(normal.rates).toEqual([0.4, 0.2, 0.2, 0, 0]);
    expect(normal.leftRate).toBe(0.2);
    expect(special).toMatchObject({ opening: 3, counts: [1, 0, 1, 0, 0], left: 1 });
    expect(sub).toMatchObject({ opening: 1, counts: [0, 0, 0, 1, 0], left: 0 });
    expect(doubtful).toMatchObject({ opening: 0, rates: [null, null, null, null, null], leftRate: null });
  });

  it('restricts to the filtered loans', async () => {
    const m = await run(db, migrationMatrixQuery([{ dimension: 'industry', values: ['Y'] }], { from: START, to: END }));
    expect(m.rows[0].opening).toBe(0);
    expect(m.rows[1]).toMatchObject({ opening: 3, openingBalance: 4000 });
  });
});

describe('pooled cohort estimator', () => {
  it('pools all consecutive snapshot pairs of each loan', async () => {
    const p = await run(db, pooledMigrationQuery([]));
    expect(p.states).toEqual([1, 2, 3, 4, 5]);
    // 1→1 D; 1→2 A, B1; 1→3 B2 | 2→1 A, G; 2→3 E | 3→4 H
    expect(p.counts.slice(0, 3)).toEqual([
      [1, 2, 1, 0, 0],
      [2, 0, 1, 0, 0],
      [0, 0, 0, 1, 0],
    ]);
    expect(p.rates[0]).toEqual([0.25, 0.5, 0.25, 0, 0]);
    expect(p.rates[1][0]).toBeCloseTo(2 / 3, 12);
    expect(p.rates[4]).toEqual([null, null, null, null, null]);
    expect(p.pairs).toBe(8);
    const x = await run(db, pooledMigrationQuery([{ dimension: 'industry', values: ['X'] }]));
    expect(x.counts[1]).toEqual([1, 0, 0, 0, 0]);
  });

  it('reproduces the golden transition_panel.csv matrix to 1e-6', async () => {
    await db.registerBuffer('transition_panel.csv', new Uint8Array(readFileSync(GOLDEN_PANEL)));
    const q = cohortTransitionQuery({
      relation: { sql: `read_csv(${literal('transition_panel.csv')})`, params: [] },
      entity: 'ID',
      time: 'Time',
      state: 'State',
    });
    const m = await run(db, q);
    expect(m.states).toEqual([0, 1, 2]);
    expect(m.rowTotals).toEqual([11358, 10754, 17888]);
    expect(m.counts).toEqual([
      [9109, 1684, 565],
      [1065, 7531, 2158],
      [0, 0, 17888],
    ]);
    const golden = [
      [0.8019898, 0.1482655, 0.0497447],
      [0.0990329, 0.7002976, 0.2006695],
      [0, 0, 1],
    ];
    m.rates.forEach((row, i) => row.forEach((p, j) => expect(Math.abs(p! - golden[i][j])).toBeLessThan(1e-6)));
    for (const row of m.rates) expect(row.reduce((a, b) => a! + b!, 0)).toBeCloseTo(1, 12);
    await db.dropFile('transition_panel.csv');
  });
});
