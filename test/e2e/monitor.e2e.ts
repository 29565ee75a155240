import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { closeChecked, metric, openApp, openSample, screenshot, settled, showScreen, type AppPage } from './support';
import { sampleReference } from './reference';

/**
 * Monitoring on the sample book, both languages: characteristic stability by origination year
 * (the industry row's PSI against SQL counts written here, the verdict bands, the baseline kept in
 * the URL), and concentration as Shannon entropy, Theil index and HHI over borrower groups.
 */
let app: AppPage | undefined;
afterEach(async () => {
  await closeChecked(app);
  app = undefined;
});

const term = (a: number, e: number) => (a - e) * Math.log(a / e);
const band = (psi: number) => (psi < 0.1 ? 'stable' : psi < 0.25 ? 'moderate shift' : 'significant shift');

/** Industry PSI of each year against `baseline`, from counts selected here (0.5 added to both counts of an empty bin). */
async function industryPsi(years: number[], baseline: number): Promise<Record<number, number>> {
  const cols = years.map((y) => `count(*) FILTER (WHERE year(origination_date) = ${y}) AS "y${y}"`).join(', ');
  const out: Record<number, number> = {};
  const perIndustry = await Promise.all(
    (await distinct()).map(async (k) => ({ k, c: await sampleReference(`SELECT ${cols} FROM loans WHERE industry = '${k}'`) })),
  );
  for (const y of years) {
    if (y === baseline) continue;
    const cells = perIndustry
      .map(({ c }) => ({ e: c[`y${baseline}`], a: c[`y${y}`] }))
      .filter((x) => x.e + x.a > 0)
      .map((x) => (x.e === 0 || x.a === 0 ? { e: x.e + 0.5, a: x.a + 0.5 } : x));
    const te = cells.reduce((s, x) => s + x.e, 0);
    const ta = cells.reduce((s, x) => s + x.a, 0);
    out[y] = cells.reduce((s, x) => s + term(x.a / ta, x.e / te), 0);
  }
  return out;
}

async function distinct(): Promise<string[]> {
  // sampleReference returns numbers: the industries (GB/T 4754 sections A–T) are read as one count each.
  const letters = 'ABCDEFGHIJKLMNOPQRST'.split('');
  const present = await sampleReference(`SELECT ${letters.map((l) => `count(*) FILTER (WHERE industry = '${l}') AS "${l}"`).join(', ')}, count(*) FILTER (WHERE industry IS NULL OR industry NOT IN (${letters.map((l) => `'${l}'`).join(', ')})) AS other FROM loans`);
  expect(present.other).toBe(0);
  return letters.filter((l) => present[l] > 0);
}

let years: number[];
let ref: Record<number, number>;
let refShifted: Record<number, number>;
let conc: Record<string, number>;

beforeAll(async () => {
  const y = await sampleReference(`SELECT min(year(origination_date)) AS lo, max(year(origination_date)) AS hi FROM loans`);
  years = Array.from({ length: y.hi - y.lo + 1 }, (_, i) => y.lo + i);
  ref = await industryPsi(years, years[0]);
  refShifted = await industryPsi(years, years[1]);
  // Concentration of live balances by industry, and by borrower group (a borrower outside any group is its own).
  const shares = (key: string) => `(SELECT b / sum(b) OVER () AS s FROM (SELECT ${key} AS k, sum(balance) AS b FROM loans GROUP BY ALL HAVING sum(balance) > 0))`;
  conc = await sampleReference(`SELECT
    (SELECT -sum(s * ln(s)) FROM ${shares('industry')}) AS entropy,
    (SELECT ln(count(*)) + sum(s * ln(s)) FROM ${shares('industry')}) AS theil,
    (SELECT sum(s * s) FROM ${shares("coalesce('G' || group_id, 'B' || borrower_id, 'L' || loan_id)")}) AS groups,
    (SELECT count(*) FROM ${shares("coalesce('G' || group_id, 'B' || borrower_id, 'L' || loan_id)")}) AS group_n`);
}, 120_000);

async function industryRow(page: Page): Promise<Record<number, { psi: number; band: string }>> {
  const row = page.locator('[data-table="characteristic-stability"] tr[data-attribute="industry"]');
  await row.waitFor({ timeout: 120_000 });
  return row.evaluate((tr) =>
    Object.fromEntries([...tr.querySelectorAll('td[data-vintage]')].map((td) => [Number(td.getAttribute('data-vintage')), { psi: Number(td.getAttribute('data-value')), band: td.getAttribute('data-band') ?? '' }])),
  );
}

function expectRow(got: Record<number, { psi: number; band: string }>, want: Record<number, number>): void {
  expect(Object.keys(got).map(Number).sort()).toEqual(Object.keys(want).map(Number).sort());
  for (const [y, psi] of Object.entries(want)) {
    expect(Math.abs(got[Number(y)].psi - psi), y).toBeLessThan(1e-9);
    expect(got[Number(y)].band, y).toBe(band(psi));
  }
}

describe('monitoring', () => {
  for (const locale of ['en-US', 'zh-CN'] as const) {
    const lang = locale === 'en-US' ? 'en' : 'zh';
    it(`characteristic stability by vintage and concentration indices (${lang})`, async () => {
      app = await openApp('#/data', { locale });
      const { page } = app;
      await openSample(page);
      await showScreen(page, '#/models?tab=monitor');
      expectRow(await industryRow(page), ref);
      expect(await metric(page, 'monitor_characteristics')).toBeGreaterThan(5);
      // Every cell's verdict follows the bands from its PSI, whatever the characteristic.
      const cells = await page.locator('[data-table="characteristic-stability"] td[data-band]').evaluateAll((tds) => tds.map((td) => [Number(td.getAttribute('data-value')), td.getAttribute('data-band')] as const));
      expect(cells.length).toBeGreaterThan(20);
      for (const [psi, b] of cells) expect(b).toBe(band(psi));
      const shifted = await metric(page, 'monitor_shifted');
      const worst = await page.locator('[data-table="characteristic-stability"] td[data-col="worst"]').evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-value'))));
      expect(shifted).toBe(worst.filter((w) => w >= 0.25).length);
      expect(await metric(page, 'monitor_worst_psi')).toBeCloseTo(Math.max(...worst), 12);
      await page.locator('[data-chart="characteristic-psi"] svg').first().waitFor();
      const text = await page.locator('[data-screen="models"]').innerText();
      expect(text).not.toMatch(/\b(monitor|models)\.[a-z]/);
      if (lang === 'zh') expect(text).toContain('特征稳定性');
      await settled(page);
      await screenshot(page, `monitor-${lang}`);

      // Another baseline year, kept in the URL (a copied link opens the same comparison).
      await page.locator('[data-control="baseline"]').selectOption(String(years[1]));
      await expect.poll(() => page.evaluate(() => location.hash)).toContain(`base=${years[1]}`);
      await expect.poll(async () => Object.keys(await industryRow(page)).map(Number).includes(years[0]), { timeout: 60_000 }).toBe(true);
      expectRow(await industryRow(page), refShifted);

      await showScreen(page, '#/structure?tab=concentration');
      expect(Math.abs((await metric(page, 'entropy')) - conc.entropy)).toBeLessThan(1e-9);
      expect(Math.abs((await metric(page, 'theil')) - conc.theil)).toBeLessThan(1e-9);
      expect(Math.abs((await metric(page, 'hhi_groups')) - conc.groups)).toBeLessThan(1e-9);
      expect(await page.locator('[data-screen="structure"]').innerText()).toContain(new Intl.NumberFormat(locale).format(conc.group_n));
      await settled(page);
      await screenshot(page, `concentration-${lang}`);
    }, 300_000);
  }
});
