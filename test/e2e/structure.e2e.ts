import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { metric, openApp, openSample, screenshot, type AppPage } from './support';
import { sampleReference } from './reference';

/**
 * The Structure screen on the sample Bank A book: the planted concentration (industries E and K,
 * steered into two branches) and the branch that classes overdue loans too well, found by clicking.
 * Expected figures come from native DuckDB over the sample files, with SQL written here.
 */

const MIN_CLASS = 'CASE WHEN dpd > 360 THEN 5 WHEN dpd > 270 THEN 4 WHEN dpd > 90 THEN 3 WHEN dpd > 0 THEN 2 ELSE 1 END';
const EXCEPTION_BRANCH = '温州瑞安支行';

/** Σ share² over the groups of `column` among `where`, and CR-3. */
const hhiSql = (column: string, where = 'true') => `
  WITH g AS (SELECT ${column}, sum(balance) AS b FROM loans WHERE ${where} GROUP BY 1 HAVING sum(balance) > 0),
  s AS (SELECT b / sum(b) OVER () AS share FROM g)
  SELECT sum(share * share) AS hhi, (SELECT sum(share) FROM (SELECT share FROM s ORDER BY share DESC LIMIT 3)) AS cr3 FROM s`;

/** Gini of live loans' balances as Σᵢ (2i − n − 1)·x₍ᵢ₎ ÷ (n·Σx), the n² mean-absolute-difference form. */
const giniSql = (where = 'true') => `
  WITH x AS (SELECT balance AS v, row_number() OVER (ORDER BY balance) AS i, count(*) OVER () AS n FROM loans WHERE balance > 0 AND ${where})
  SELECT sum((2 * i - n - 1) * v) / (max(n) * sum(v)) AS gini FROM x`;

/** CR-10 of borrowers: the ten largest borrowers' balance ÷ all balance. */
const cr10Sql = (where = 'true') => `
  WITH b AS (SELECT borrower_id, sum(balance) AS v FROM loans WHERE borrower_id IS NOT NULL AND ${where} GROUP BY 1)
  SELECT (SELECT sum(v) FROM (SELECT v FROM b ORDER BY v DESC LIMIT 10)) / (SELECT sum(balance) FROM loans WHERE ${where}) AS cr10`;

let ref: Record<string, number>;
let branchesInE: string[];
let app: AppPage | undefined;

beforeAll(async () => {
  const [whole, inE, exceptions, largest] = await Promise.all([
    sampleReference(`SELECT * FROM (${hhiSql('industry')}), (${giniSql()}), (${cr10Sql()}),
      (SELECT sum(balance) FILTER (WHERE industry = 'E') / sum(balance) AS share_e FROM loans)`),
    sampleReference(`SELECT * FROM (${hhiSql('branch', "industry = 'E'")}), (${giniSql("industry = 'E'")}), (${cr10Sql("industry = 'E'")})`),
    sampleReference(`
      SELECT count(*) FILTER (WHERE dpd IS NOT NULL AND five_class < ${MIN_CLASS}) AS exceptions,
        count(*) FILTER (WHERE dpd IS NOT NULL AND five_class < ${MIN_CLASS} AND branch = '${EXCEPTION_BRANCH}') AS branch_exceptions,
        count(*) FILTER (WHERE dpd IS NOT NULL AND five_class IS NOT NULL AND branch = '${EXCEPTION_BRANCH}') AS branch_assessed
      FROM loans`),
    sampleReference(`SELECT max(v) AS largest FROM (SELECT sum(balance) AS v FROM loans WHERE borrower_id IS NOT NULL GROUP BY borrower_id)`),
  ]);
  ref = { ...whole, ...exceptions, ...largest, hhi_branch_in_e: inE.hhi, gini_in_e: inE.gini, cr10_in_e: inE.cr10 };
  branchesInE = await topBranchesInE();
});

/** The two branches holding most of industry E's balance, by native DuckDB (strings, so not via sampleReference). */
async function topBranchesInE(): Promise<string[]> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const reader = await conn.runAndReadAll(`SELECT branch FROM 'data-samples/bank-a/loans.parquet' WHERE industry = 'E' GROUP BY 1 ORDER BY sum(balance) DESC LIMIT 2`);
  const out = reader.getRowObjectsJS().map((r) => String(r.branch));
  conn.closeSync();
  instance.closeSync();
  return out;
}

afterEach(async () => {
  expect(app?.errors ?? []).toEqual([]);
  expect(app?.foreign ?? []).toEqual([]);
  await app?.close();
  app = undefined;
});

const close = (a: number, b: number, tol = 1e-9) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));

async function openStructure(page: Page): Promise<void> {
  await openSample(page);
  await page.locator('[data-nav="structure"]').click();
  await page.locator('[data-screen="structure"]').waitFor();
}

async function chartReady(page: Page, id: string): Promise<void> {
  await page.locator(`[data-chart="${id}"] svg`).first().waitFor({ timeout: 60_000 });
}

/** Hovers then clicks the n-th bar of a chart (the tip's pointer picks the datum). */
async function clickBar(page: Page, chart: string, index: number, shift = false): Promise<void> {
  const bar = page.locator(`[data-chart="${chart}"] svg g[aria-label="bar"] rect`).nth(index);
  const box = (await bar.boundingBox())!;
  const [x, y] = [box.x + Math.min(box.width / 2, 20), box.y + box.height / 2];
  await page.mouse.move(x, y);
  await page.mouse.move(x + 1, y);
  if (shift) await page.keyboard.down('Shift');
  await page.mouse.click(x + 1, y);
  if (shift) await page.keyboard.up('Shift');
}

describe('the Structure screen on the sample Bank A book', () => {
  it('shows the planted industry concentration, breaches the 25 % limit, and drills industry → branch', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await openStructure(page);
    await chartReady(page, 'breakdown-bars');
    await chartReady(page, 'heatmap');
    await screenshot(page, 'structure-breakdown-en-light');

    // The largest industry segment is E, above a quarter of the balance.
    const first = page.locator('[data-table="segments"] tbody tr').first();
    expect(await first.getAttribute('data-segment')).toBe('E');
    expect(ref.share_e).toBeGreaterThan(0.25);

    await page.locator('[data-tab="concentration"]').click();
    close(await metric(page, 'hhi_raw'), ref.hhi);
    close(await metric(page, 'cr_n_segments'), ref.cr3);
    close(await metric(page, 'cr_n_borrowers'), ref.cr10);
    close(await metric(page, 'gini'), ref.gini, 1e-6);
    expect(await metric(page, 'limit_breaches')).toBeGreaterThanOrEqual(1);
    const industryLimit = page.locator('[data-limit="industry-share"]');
    await expect.poll(() => industryLimit.getAttribute('data-breach')).toBe('true');
    close(await metric(page, 'limit_value_industry-share'), ref.share_e);
    await chartReady(page, 'lorenz');
    await screenshot(page, 'structure-concentration-en-light');

    // Drill: E → its branches. The two planted branches hold most of E.
    await page.locator('[data-tab="breakdown"]').click();
    await page.locator('[data-table="segments"] tr[data-segment="E"] button.drill').click();
    await page.locator('[data-filter="industry"]').waitFor();
    await expect.poll(() => page.locator('[data-control="structure-dim"]').inputValue()).toBe('branch');
    await expect
      .poll(async () => page.locator('[data-table="segments"] tbody tr').evaluateAll((rs) => rs.slice(0, 2).map((r) => r.getAttribute('data-segment'))))
      .toEqual(branchesInE);
    expect(new Set(branchesInE)).toEqual(new Set(['杭州萧山支行', '宁波鄞州支行']));

    // The concentration figures now describe industry E, as SQL says.
    await page.locator('[data-tab="concentration"]').click();
    await expect.poll(() => metric(page, 'gini')).toBeCloseTo(ref.gini_in_e, 6);
    close(await metric(page, 'hhi_raw'), ref.hhi_branch_in_e);
    close(await metric(page, 'cr_n_borrowers'), ref.cr10_in_e);
    expect(page.url()).toMatch(/dim=branch/);
  });

  it('cross-filters from a bar click and restores the same filtered view from a copied link', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await openStructure(page);
    await chartReady(page, 'breakdown-bars');
    await clickBar(page, 'breakdown-bars', 0);
    await page.locator('[data-filter="industry"]').waitFor();
    expect(await page.locator('[data-filter="industry"]').innerText()).toContain('E');

    await page.locator('[data-tab="concentration"]').click();
    await expect.poll(() => metric(page, 'cr_n_borrowers')).toBeCloseTo(ref.cr10_in_e, 9);
    close(await metric(page, 'gini'), ref.gini_in_e, 1e-6);
    // HHI by industry is not narrowed by the industry filter itself: it still describes the book.
    close(await metric(page, 'hhi_raw'), ref.hhi);

    const link = page.url();
    expect(link).toContain('tab=concentration');
    expect(link).toContain('f=');
    const second = await openApp(`${link.slice(link.indexOf('#'))}&sample=1`);
    await expect.poll(() => metric(second.page, 'cr_n_borrowers'), { timeout: 60_000 }).toBeCloseTo(ref.cr10_in_e, 9);
    close(await metric(second.page, 'gini'), ref.gini_in_e, 1e-6);
    expect(await second.page.locator('[data-tab="concentration"]').getAttribute('aria-selected')).toBe('true');
    await second.page.locator('[data-filter="industry"]').waitFor();
    expect(second.errors).toEqual([]);
    await second.close();

    // Esc pops the filter; the figures return to the whole book.
    await page.locator('[data-tab="concentration"]').focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => metric(page, 'cr_n_borrowers')).toBeCloseTo(ref.cr10, 9);
  });

  it('finds the branch that classes overdue loans better than their DPD allows, and filters to it', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await openStructure(page);
    // Keyboard: the sub-tabs are a tablist driven by arrow keys.
    await page.locator('[data-tab="breakdown"]').focus();
    await page.keyboard.press('End');
    await expect.poll(() => page.locator('[data-tab="dynamics"]').getAttribute('aria-selected')).toBe('true');
    expect(page.url()).toContain('tab=dynamics');

    expect(await metric(page, 'classification_exceptions')).toBe(ref.exceptions);
    close(await metric(page, 'worst_branch_exception_rate'), ref.branch_exceptions / ref.branch_assessed);
    expect(ref.branch_exceptions).toBeGreaterThan(0);
    const worstLabel = await page.locator('[data-metric="worst_branch_exception_rate"]').locator('xpath=..').innerText();
    expect(worstLabel).toContain(EXCEPTION_BRANCH);
    expect(await page.locator('[data-table="dpd-class"] td.exception').count()).toBeGreaterThan(0);
    await chartReady(page, 'exceptions-by-branch');
    await chartReady(page, 'vintage');
    await chartReady(page, 'roll-rates');
    await page.locator('[data-table="migration"]').waitFor({ timeout: 60_000 });
    await screenshot(page, 'structure-dynamics-en-light');

    // The worst branch is the first bar; clicking it filters every view to that branch.
    await clickBar(page, 'exceptions-by-branch', 0);
    await page.locator('[data-filter="branch"]').waitFor();
    expect(await page.locator('[data-filter="branch"]').innerText()).toContain(EXCEPTION_BRANCH);
    await expect.poll(() => metric(page, 'classification_exceptions')).toBe(ref.branch_exceptions);
  });

  it('keeps the limits the user edits, and checks the largest borrower against net capital', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await openStructure(page);
    await page.locator('[data-tab="concentration"]').click();
    const netCapital = 1_000_000_000;
    await page.locator('[data-control="net-capital"]').fill(String(netCapital));
    await page.locator('[data-control="net-capital"]').press('Enter');
    await page.locator('[data-control="net-capital"]').blur();
    await expect.poll(() => metric(page, 'limit_value_borrower-capital')).toBeCloseTo(ref.largest / netCapital, 9);

    await page.locator('[data-control="limit-industry-share"]').fill('40');
    await page.locator('[data-control="limit-industry-share"]').blur();
    await expect.poll(() => page.locator('[data-limit="industry-share"]').getAttribute('data-breach')).toBe('false');

    await page.reload();
    await page.locator('[data-testid="open-sample"]').or(page.locator('[data-screen="structure"]')).first().waitFor();
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem('lbl.limits') ?? '{}'))).toMatchObject({
      netCapital,
      limits: expect.arrayContaining([expect.objectContaining({ id: 'industry-share', max: 0.4 })]),
    });
  });

  it('reads in Chinese in the dark theme on every tab', async () => {
    app = await openApp('#/data', { locale: 'zh-CN', colorScheme: 'dark' });
    const { page } = app;
    await openStructure(page);
    await chartReady(page, 'breakdown-bars');
    await chartReady(page, 'heatmap');
    expect(await page.locator('[data-tab="breakdown"]').innerText()).toBe('结构分布');
    await screenshot(page, 'structure-breakdown-zh-dark');
    await page.locator('[data-tab="breakdown"]').focus();
    await page.keyboard.press('ArrowRight');
    await metric(page, 'hhi_raw');
    await chartReady(page, 'lorenz');
    await screenshot(page, 'structure-concentration-zh-dark');
    await page.keyboard.press('ArrowRight');
    await metric(page, 'classification_exceptions');
    await chartReady(page, 'vintage');
    await chartReady(page, 'roll-rates');
    await page.locator('[data-table="migration"]').waitFor({ timeout: 60_000 });
    await screenshot(page, 'structure-dynamics-zh-dark');

    // Treemap form, for a look at its labels.
    await page.locator('[data-tab="breakdown"]').click();
    await page.locator('[data-control="structure-form"] label').nth(1).click();
    await chartReady(page, 'breakdown-treemap');
    await screenshot(page, 'structure-treemap-zh-dark');
  });
});
