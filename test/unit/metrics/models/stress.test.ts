import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../../src/lib/db/node';
import type { Db } from '../../../../src/lib/db/types';
import { runMetric } from '../../../../src/lib/metrics/query';
import { realisedLgdQuery, stressFigures, stressQuery, type Scenario, type StressBaseline } from '../../../../src/lib/metrics/models';
import { createBook } from '../flags/canonicalBook';

/*
 * Six loans, figures worked by hand below. L5 and L6 are charged off (balance 0), so only L1–L4
 * are exposures; L4 is NPL (class 3, 120 DPD) and so has PD 1.
 */
const AS_OF = '2025-12-31';
const LOANS = [
  { loan_id: 'L1', industry: 'E', region: '杭州', balance: 1_000_000, pd: 0.02, reserve: 15_000, five_class: 1, dpd: 0, collateral_type: 'real_estate', collateral_value: 2_000_000, default_flag: false },
  { loan_id: 'L2', industry: 'E', region: '宁波', balance: 500_000, pd: 0.05, reserve: 7_500, five_class: 1, dpd: 0, collateral_type: 'none', default_flag: false },
  { loan_id: 'L3', industry: 'C', region: '杭州', balance: 2_000_000, pd: 0.01, reserve: 30_000, five_class: 1, dpd: 0, collateral_type: 'equipment', collateral_value: 1_000_000, default_flag: false },
  { loan_id: 'L4', industry: 'C', region: '宁波', balance: 400_000, pd: 0.2, reserve: 120_000, five_class: 3, dpd: 120, collateral_type: 'none', default_flag: true },
  { loan_id: 'L5', industry: 'E', region: '杭州', balance: 0, five_class: 5, dpd: 400, default_flag: true, chargeoff_amount: 600_000, recovery_amount: 240_000 },
  { loan_id: 'L6', industry: 'C', region: '杭州', balance: 0, five_class: 5, dpd: 400, default_flag: true, chargeoff_amount: 400_000, recovery_amount: 100_000 },
].map((l) => ({ ...l, as_of_date: AS_OF, amount: 1_000_000 }));

const BASELINE: StressBaseline = { pdSource: 'loan', lgd: 0.5, segment: 'industry' };
const SCENARIO: Scenario = {
  id: 's1',
  name: 'Construction downturn',
  pdShocks: [
    { dimension: 'industry', value: 'E', multiplier: 2 },
    { dimension: 'region', value: '宁波', multiplier: 1.5 },
  ],
  collateralHaircut: 0.2,
  lgdAddOn: 0.05,
};

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  await createBook(db, LOANS);
});
afterAll(async () => db.close());

const close = (a: number | null, b: number) => expect(Math.abs((a ?? NaN) - b)).toBeLessThan(1e-6);

describe('stress scenarios on a hand-worked fixture', () => {
  it('realised LGD = 1 − Σ recoveries ÷ Σ charge-offs = 1 − 340,000 ÷ 1,000,000', async () => {
    const r = await runMetric(db, realisedLgdQuery());
    close(r.lgd, 0.66);
    expect(r.loans).toBe(2);
  });

  it('baseline EL = PD × LGD × EAD, NPL loans at PD 1', async () => {
    const { rows, total } = await runMetric(db, stressQuery(BASELINE, { ...SCENARIO, pdShocks: [], collateralHaircut: 0, lgdAddOn: 0 }));
    // L1 0.02·0.5·1,000,000 = 10,000; L2 0.05·0.5·500,000 = 12,500; L3 0.01·0.5·2,000,000 = 10,000; L4 1·0.5·400,000 = 200,000
    const e = rows.find((r) => r.segment === 'E')!;
    const c = rows.find((r) => r.segment === 'C')!;
    close(stressFigures(e).baseEl, 22_500);
    close(stressFigures(c).baseEl, 210_000);
    close(stressFigures(total).baseEl, 232_500);
    expect(total.loans).toBe(4);
    close(total.ead, 3_900_000);
    close(total.reserves, 172_500);
    // shortfall = EL − reserves: E 22,500 − 22,500 = 0; C 210,000 − 150,000 = 60,000
    close(stressFigures(e).baseShortfall, 0);
    close(stressFigures(c).baseShortfall, 60_000);
    // implied NPL = (400,000 NPL + Σ PD·EAD 65,000) ÷ 3,900,000
    close(stressFigures(total).baseNplRatio, 465_000 / 3_900_000);
  });

  it('applies PD multipliers, the collateral haircut and the LGD add-on in steps that add up', async () => {
    const { rows, total } = await runMetric(db, stressQuery(BASELINE, SCENARIO));
    // E ×2: L1 0.04, L2 0.10 → 255,000; 宁波 ×1.5: L2 0.15 (L4 stays at PD 1) → 267,500;
    // haircut 20 % on secured L1, L3: LGD 1 − 0.5·0.8 = 0.6 → 24,000 + 37,500 + 12,000 + 200,000 = 273,500;
    // +5 pp: L1 26,000, L2 0.15·0.55·500,000 = 41,250, L3 13,000, L4 220,000 → 300,250.
    const stages = [232_500, 255_000, 267_500, 273_500, 300_250];
    total.stages.forEach((s, i) => close(s, stages[i]));
    const e = stressFigures(rows.find((r) => r.segment === 'E')!);
    const c = stressFigures(rows.find((r) => r.segment === 'C')!);
    close(e.stressedEl, 67_250);
    close(c.stressedEl, 233_000);
    close(e.stressedShortfall, 44_750);
    close(c.stressedShortfall, 83_000);
    const t = stressFigures(total);
    close(t.stressedEl, 300_250);
    close(t.stressedShortfall, 127_750);
    // Σ PD·EAD: 0.04·1,000,000 + 0.15·500,000 + 0.01·2,000,000 = 135,000
    close(t.stressedNplRatio, 535_000 / 3_900_000);
  });

  it('takes the segment default rate as PD and honours the app filters', async () => {
    const { rows } = await runMetric(db, stressQuery({ ...BASELINE, pdSource: 'segment' }, { ...SCENARIO, pdShocks: [], collateralHaircut: 0, lgdAddOn: 0 }));
    // E: 1 default in 3 loans → L1 ⅓·0.5·1,000,000 + L2 ⅓·0.5·500,000 = 250,000
    close(stressFigures(rows.find((r) => r.segment === 'E')!).baseEl, 250_000);
    const filtered = await runMetric(db, stressQuery(BASELINE, SCENARIO, [{ dimension: 'region', values: ['杭州'] }]));
    // 杭州: L1 26,000 + L3 13,000
    close(stressFigures(filtered.total).stressedEl, 39_000);
  });

  it('caps stressed PD at 1 and rejects non-numeric settings', async () => {
    const { total } = await runMetric(db, stressQuery(BASELINE, { ...SCENARIO, pdShocks: [{ dimension: 'industry', value: 'C', multiplier: 500 }], collateralHaircut: 0, lgdAddOn: 0 }));
    // L3 PD 0.01·500 → 1: 1·0.5·2,000,000 = 1,000,000
    close(total.stages[1], 10_000 + 12_500 + 1_000_000 + 200_000);
    expect(() => stressQuery({ ...BASELINE, lgd: NaN }, SCENARIO)).toThrow(/LGD/);
  });
});
