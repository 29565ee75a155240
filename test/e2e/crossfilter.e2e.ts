import { afterEach, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { metric, openApp, openSample, screenshot, type AppPage } from './support';
import { sampleReference } from './reference';

/**
 * Cross-filter gestures on the sample Bank A book: a numeric bucket filters by its typed value,
 * a heatmap cell is one history entry, and "Open in notebook" on a filtered chart runs with the
 * chart's filter written in. Expected figures come from native DuckDB with SQL written here.
 */

let app: AppPage | undefined;

afterEach(async () => {
  expect(app?.errors ?? []).toEqual([]);
  expect(app?.foreign ?? []).toEqual([]);
  await app?.close();
  app = undefined;
});

async function openStructure(page: Page, query = ''): Promise<void> {
  await openSample(page);
  await page.goto(page.url().replace(/#.*$/, `#/structure${query}`));
  await page.locator('[data-screen="structure"]').waitFor();
}

async function chartReady(page: Page, id: string): Promise<void> {
  await page.locator(`[data-chart="${id}"] svg`).first().waitFor({ timeout: 60_000 });
}

/** Hovers then clicks a mark (the tip's pointer picks the datum). */
async function clickMark(page: Page, mark: Locator): Promise<void> {
  await mark.scrollIntoViewIfNeeded();
  const box = (await mark.boundingBox())!;
  const [x, y] = [box.x + Math.min(box.width / 2, 20), box.y + box.height / 2];
  await page.mouse.move(x, y);
  await page.mouse.move(x + 1, y);
  await page.mouse.click(x + 1, y);
}

const bar = (page: Page, chart: string, n: number) => page.locator(`[data-chart="${chart}"] svg g[aria-label="bar"] rect`).nth(n);

describe('cross-filter gestures', () => {
  it('filters by a numeric bucket (vintage year) with its typed value', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await openStructure(page, '?dim=vintage_year');
    await chartReady(page, 'breakdown-bars');
    const year = Number(await page.locator('[data-table="segments"] tbody tr').first().getAttribute('data-segment'));
    expect(year).toBeGreaterThan(2000);
    await clickMark(page, bar(page, 'breakdown-bars', 0));
    await page.locator('[data-filter="vintage_year"]').waitFor();
    expect(page.url()).toContain(`vintage_year%3A${year}`);

    const ref = await sampleReference(`SELECT count(*) AS n FROM loans WHERE year(origination_date) = ${year}`);
    expect(ref.n).toBeGreaterThan(0);
    await page.locator('[data-nav="overview"]').click();
    await expect.poll(() => metric(page, 'loans'), { timeout: 60_000 }).toBe(ref.n);
  });

  it('makes one history entry for a heatmap click: Back undoes the whole click', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await openStructure(page);
    await chartReady(page, 'heatmap');
    const before = await page.evaluate(() => history.length);
    await clickMark(page, page.locator('[data-chart="heatmap"] svg g[aria-label="cell"] rect').first());
    await page.locator('[data-filter="industry"]').waitFor();
    await page.locator('[data-filter="region"]').waitFor();
    expect(await page.evaluate(() => history.length)).toBe(before + 1);
    await screenshot(page, 'crossfilter-heatmap-cell');
    await page.goBack();
    await expect.poll(() => page.locator('[data-filter]').count()).toBe(0);
  });

  it('opens a filtered chart in the notebook, where it runs and returns the chart’s rows', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await openStructure(page, '?dim=industry');
    await chartReady(page, 'breakdown-bars');
    await clickMark(page, bar(page, 'breakdown-bars', 0));
    await page.locator('[data-filter="industry"]').waitFor();
    const industry = await page.locator('[data-table="segments"] tbody tr').first().getAttribute('data-segment');
    await page.locator('[data-control="structure-dim"]').selectOption('branch');
    await expect.poll(() => page.locator('[data-table="segments"] tbody tr').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    const ref = await sampleReference(`SELECT count(DISTINCT branch) AS n FROM loans WHERE industry = '${industry}'`);
    await expect.poll(() => page.locator('[data-table="segments"] tbody tr').count(), { timeout: 60_000 }).toBe(ref.n);

    await page.locator('[data-chart="breakdown-bars"]').getByRole('button', { name: 'Open in notebook' }).click();
    await expect.poll(() => page.url()).toContain('#/notebook');
    const cell = page.locator('[data-testid="nb-cells"] > li').last();
    const count = cell.getByTestId('nb-row-count');
    await count.waitFor({ timeout: 60_000 });
    expect(Number(await count.getAttribute('data-value'))).toBe(ref.n);
    expect(await cell.getByTestId('nb-cell-error').count()).toBe(0);
    await screenshot(page, 'crossfilter-open-in-notebook');
  });
});
