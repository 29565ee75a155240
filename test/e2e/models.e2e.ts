import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { metric, openApp, openSample, screenshot, type AppPage } from './support';
import { sampleReference } from './reference';

let app: AppPage | undefined;
let ref: Record<string, number>;

/** Planted risk drivers of the sample book (data-samples/README.md) as scorecard attributes. */
const PLANTED = [
  ['flag_no_timely_inspection'],
  ['has_financial_statements', 'flag_missing_financials'],
  ['relationship_months', 'flag_new_to_bank'],
  ['officer_tenure_months', 'flag_new_officer'],
  ['officer_training_hours', 'flag_untrained_officer'],
];
/** A chart's plot (not its legend swatches). */
const plot = (id: string) => `[data-chart="${id}"] svg[class^="plot"]:not([class*="ramp"])`;

/*
 * The bundled "construction and real-estate downturn" scenario on the default baseline (loan PD,
 * LGD 45 %), written here over the raw sample files with native DuckDB: PD × 2 in E and × 1.5 in
 * K, collateral haircut 20 % on secured loans, +5 pp LGD; non-performing loans at PD 1.
 */
beforeAll(async () => {
  ref = await sampleReference(`
    WITH l AS (
      SELECT balance, coalesce(reserve, 0) AS reserve, pd, (coalesce(five_class >= 3, FALSE) OR coalesce(dpd, 0) > 90) AS npl,
        CASE industry WHEN 'E' THEN 2.0 WHEN 'K' THEN 1.5 ELSE 1.0 END AS m,
        least(1.0, CASE WHEN collateral_value > 0 AND collateral_type <> 'none' THEN 1 - 0.55 * 0.8 ELSE 0.45 END + 0.05) AS lgd_s
      FROM loans WHERE balance > 0)
    SELECT sum(CASE WHEN npl THEN 1 ELSE pd END * 0.45 * balance) AS base_el,
      sum(CASE WHEN npl THEN 1 ELSE least(1.0, pd * m) END * lgd_s * balance) AS stressed_el,
      sum(CASE WHEN npl THEN 1 ELSE least(1.0, pd * m) END * lgd_s * balance) - sum(reserve) AS shortfall
    FROM l`);
});

afterEach(async () => {
  expect(app?.errors ?? []).toEqual([]);
  expect(app?.foreign ?? []).toEqual([]);
  await app?.close();
  app = undefined;
});

const close = (a: number, b: number, tol = 1e-9) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));

async function buildModel(page: Page): Promise<void> {
  await openSample(page);
  await page.locator('[data-nav="models"]').click();
  await page.locator('[data-table="model-candidates"] tbody tr').first().waitFor({ timeout: 90_000 });
  await page.locator('[data-action="fit"]:not([disabled])').waitFor({ timeout: 60_000 });
  await page.locator('[data-action="fit"]').click();
  await page.locator('[data-section="fit-report"]').waitFor({ timeout: 90_000 });
}

describe('models on the sample Bank A book', () => {
  it('builds a scorecard that picks the planted drivers, applies it, lists loans to watch and runs a scenario', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await buildModel(page);

    // The suggestion and the fitted model hold every planted driver, each clearly significant.
    const terms = await page.locator('[data-table="coefficients"] tr[data-term]').evaluateAll((trs) =>
      trs.map((tr) => ({ column: tr.getAttribute('data-term')!, p: Number(tr.querySelector('[data-col="p"]')!.getAttribute('data-value')) })),
    );
    for (const forms of PLANTED) expect(terms.some((t) => forms.includes(t.column) && t.p < 0.001), forms.join(' / ')).toBe(true);
    for (const t of terms) await expect(page.locator(`tr[data-attribute="${t.column}"] input[type="checkbox"]`).isChecked()).resolves.toBe(true);
    console.info(`scorecard attributes: ${terms.map((t) => t.column).join(', ')}`);
    const aucDev = await metric(page, 'model_auc_dev');
    const aucVal = await metric(page, 'model_auc_val');
    const giniVal = await metric(page, 'model_gini_val');
    const ksVal = await metric(page, 'model_ks_val');
    expect(aucDev).toBeGreaterThan(0.75);
    expect(aucVal).toBeGreaterThan(0.75);
    close(giniVal, 2 * aucVal - 1);
    expect(ksVal).toBeGreaterThan(0.35);
    console.info(`sample scorecard: AUC dev ${aucDev.toFixed(4)} val ${aucVal.toFixed(4)}, Gini val ${giniVal.toFixed(4)}, KS val ${ksVal.toFixed(4)}`);
    await page.locator(plot('model-calibration')).waitFor();
    await screenshot(page, 'models-build-en');

    await page.locator('[data-action="save-model"]').click();
    await page.locator('[data-action="go-scores"]').click();
    await page.locator('[data-action="apply"]').click();
    await page.locator('[data-state="applied"]').waitFor({ timeout: 60_000 });
    await page.locator('[data-table="band-summary"] tr[data-band="H"]').waitFor({ timeout: 60_000 });
    const rate = async (band: string) => Number(await page.locator(`[data-table="band-summary"] tr[data-band="${band}"] td[data-col="rate"]`).getAttribute('data-value'));
    expect(await rate('H')).toBeGreaterThan(4 * (await rate('A')));
    const banded = await page.locator('[data-table="band-summary"] td[data-col="loans"]').evaluateAll((tds) => tds.reduce((s, td) => s + Number(td.getAttribute('data-value')), 0));
    expect(banded).toBe(20000);
    await page.locator('[data-table="vintage-psi"] tr[data-vintage="2025"]').waitFor();
    await page.locator(plot('model-vintage-bands')).waitFor();
    await screenshot(page, 'models-scores-en');

    await page.locator('[role="tab"][data-tab="warning"]').click();
    await page.locator('[data-table="warning-list"] tbody tr').first().waitFor({ timeout: 60_000 });
    expect(await metric(page, 'warning_performing')).toBeGreaterThan(5000);
    expect(await page.locator('[data-table="warning-list"] tbody tr').count()).toBe(250);
    const download = page.waitForEvent('download');
    await page.locator('[data-action="export-worklist"]').click();
    const file = await download;
    const text = await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
    const lines = text.trim().split(/\r\n/);
    expect(lines).toHaveLength(251);
    expect(lines[0]).toContain('Branch');
    expect(lines[0]).toContain('Reasons');
    await screenshot(page, 'models-warning-en');

    await page.locator('[role="tab"][data-tab="stress"]').click();
    const stressed = await metric(page, 'stress_el');
    const base = await metric(page, 'stress_base_el');
    close(base, ref.base_el, 1e-9);
    close(stressed, ref.stressed_el, 1e-9);
    close(await metric(page, 'stress_shortfall'), ref.shortfall, 1e-9);
    await page.locator(plot('stress-waterfall')).waitFor();
    await screenshot(page, 'models-stress-en');

    // A new scenario persists across a reload.
    await page.locator('[data-action="new-scenario"]').click();
    await page.locator('[data-control="scenario-name"]').fill('Retail slump');
    await page.locator('[data-control="scenario-name"]').press('Enter');
    await page.locator('[data-control="haircut"]').fill('30');
    await page.locator('[data-control="haircut"]').press('Tab');
    await page.reload();
    await openSample(page);
    await page.evaluate(() => (location.hash = '#/models?tab=stress'));
    await expect(page.locator('[data-scenario]').allInnerTexts()).resolves.toContain('Retail slump');
  });

  it('reads in Chinese in the dark theme', async () => {
    app = await openApp('#/data', { locale: 'zh-CN', colorScheme: 'dark' });
    const { page } = app;
    await buildModel(page);
    await expect(page.locator('#models-title').innerText()).resolves.toContain('评分卡');
    await metric(page, 'model_auc_val');
    await page.locator(plot('model-calibration')).waitFor();
    await screenshot(page, 'models-build-zh-dark');
    await page.locator('[data-action="save-model"]').click();
    await page.locator('[data-action="go-scores"]').click();
    await page.locator('[data-action="apply"]').click();
    await page.locator('[data-table="band-summary"] tr[data-band="H"]').waitFor({ timeout: 60_000 });
    await screenshot(page, 'models-scores-zh-dark');
    await page.locator('[role="tab"][data-tab="warning"]').click();
    await page.locator('[data-table="warning-list"] tbody tr').first().waitFor({ timeout: 60_000 });
    await screenshot(page, 'models-warning-zh-dark');
    await page.locator('[role="tab"][data-tab="stress"]').click();
    await metric(page, 'stress_el');
    await page.locator(plot('stress-waterfall')).waitFor();
    await screenshot(page, 'models-stress-zh-dark');
  });
});
