import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, metric, openApp, screenshot, showScreen, type AppPage } from './support';
import { sampleReference } from './reference';

/** The second sample book opens from its own card or `?sample=bank-b`, and its screens render its figures. */
let app: AppPage | undefined;
let ref: Record<string, number>;
const officer = JSON.parse(readFileSync('data-samples/bank-b/expected.json', 'utf8')).broker_fraud.officer as string;
const pack = JSON.parse(readFileSync('data-samples/packs/bank-b-rural-shocks.json', 'utf8')).pack;

beforeAll(async () => {
  ref = await sampleReference(
    `SELECT count(*) AS loans,
      sum(balance) FILTER (WHERE five_class IN (3, 4, 5)) / sum(balance) FILTER (WHERE five_class IS NOT NULL) AS npl,
      count(*) FILTER (WHERE default_flag AND officer_id = '${officer}') AS officer_defaults
    FROM loans`,
    'bank-b',
  );
});

afterEach(async () => {
  expect(app?.errors ?? []).toEqual([]);
  expect(app?.foreign ?? []).toEqual([]);
  await app?.close();
  app = undefined;
});

const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));

describe('the sample Bank B book', () => {
  it('opens from its card on the Data screen; Overview and Causes show its figures', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await page.getByTestId('open-sample-bank-b').click();
    await page.getByTestId('book-loaded').waitFor({ timeout: 60_000 });
    expect(await metric(page, 'book_loans')).toBe(ref.loans);
    await screenshot(page, 'bank-b-data-en');
    await page.locator('[data-nav="overview"]').click();
    close(await metric(page, 'npl_ratio_balance'), ref.npl);
    await page.locator('[data-chart="class-mix"] svg').waitFor();
    await screenshot(page, 'bank-b-overview-en');
    await showScreen(page, `#/causes?f=officer_id:${officer}`);
    expect(await metric(page, 'fishbone_targets')).toBe(ref.officer_defaults);
    await page.locator('[data-chart="fishbone"]').waitFor();
    await screenshot(page, 'bank-b-causes-officer-en');
    // the long Chinese industry names fit left of the bars (none starts outside the chart)
    await showScreen(page, '#/structure');
    const chart = page.locator('[data-chart="breakdown-bars"] svg').first();
    await chart.waitFor({ timeout: 60_000 });
    const left = (await chart.boundingBox())!.x;
    const ticks = chart.locator('g[aria-label="y-axis tick label"] text');
    expect(await ticks.count()).toBe(9);
    for (const box of await Promise.all((await ticks.all()).map((t) => t.boundingBox()))) expect(box!.x).toBeGreaterThanOrEqual(left);
    await screenshot(page, 'bank-b-structure-en');
    // seasonal repayment: the first roll step month by month, on the Structure screen's dynamics tab
    await showScreen(page, '#/structure?tab=dynamics');
    await page.locator('[data-chart="roll-rates-monthly"] svg').waitFor({ timeout: 60_000 });
    await page.locator('[data-chart="roll-rates-monthly"]').scrollIntoViewIfNeeded();
    // Bank B has no classification exceptions: a sentence says so instead of a chart of zero bars
    await page.getByTestId('no-exceptions').waitFor();
    expect(await page.locator('[data-chart="exceptions-by-branch"]').count()).toBe(0);
    expect(await page.locator('[data-metric="worst_branch_exception_rate"]').count()).toBe(0);
    await screenshot(page, 'bank-b-dynamics-en');
  });

  it('opens from ?sample=bank-b, in Chinese', async () => {
    app = await openApp('#/data', { locale: 'zh-CN' });
    const { page } = app;
    // a fresh document, so the app starts from the link (a hash change alone would not)
    await page.goto('about:blank');
    await page.goto(`${baseUrl}/#/overview?sample=bank-b`);
    close(await metric(page, 'npl_ratio_balance'), ref.npl);
    expect(await metric(page, 'loans')).toBe(ref.loans);
    await page.locator('[data-chart="class-mix"] svg').waitFor();
    await screenshot(page, 'bank-b-overview-zh');
  });

  it('ships a teaching pack that offers to open Bank B when another book is open', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await page.getByTestId('open-sample').click();
    await page.getByTestId('book-loaded').waitFor({ timeout: 60_000 });
    await showScreen(page, '#/cases?tab=packs');
    await page.locator(`tr[data-pack="${pack.id}"]`).getByTestId('present-pack').click();
    await page.getByTestId('presenter').waitFor();
    expect(await page.getByTestId('presenter-question').innerText()).toContain(pack.steps[0].question.en.slice(0, 40));
    expect(await page.getByTestId('presenter').innerText()).toContain('Bank B');
    await page.getByTestId('present-open-sample').click();
    await page.waitForFunction(() => document.querySelector('header')?.textContent?.includes('Bank B (sample)'), null, { timeout: 60_000 });
    expect(await metric(page, 'book_loans')).toBe(ref.loans);
    expect(await page.getByTestId('present-open-sample').count()).toBe(0);
    // the step's own screen (Overview) is embedded under the presenter and follows the newly opened book
    await page.locator('[data-screen="overview"]').waitFor();
    await page.waitForFunction((n) => document.querySelector('[data-metric="loans"]')?.getAttribute('data-value') === String(n), ref.loans, { timeout: 30_000 });
    await screenshot(page, 'bank-b-pack-present-en');
  });
});
