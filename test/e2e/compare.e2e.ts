import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { baseUrl, closeChecked, metric, openApp, screenshot, settled, type AppPage } from './support';
import { sampleReference } from './reference';

/**
 * Compare mode opened from the URL: the Overview tiles carry the baseline figure in
 * data-compare-value beside data-value, and state the change. Both sides are checked against SQL
 * written here over the sample's Parquet files.
 */
const BRANCH = '杭州城西支行';
const FROM = '2024-12-31';
const TO = '2025-12-31';

let app: AppPage | undefined;
let to: Record<string, number>;
let from: Record<string, number>;
let inside: Record<string, number>;
let rest: Record<string, number>;

const asOf = (date: string) => `SELECT count(*) AS loans, sum(s.balance) AS balance,
    sum(s.balance) FILTER (WHERE s.five_class >= 3) / sum(s.balance) FILTER (WHERE s.five_class IS NOT NULL) AS npl
  FROM loans l JOIN snapshots s ON s.loan_id = l.loan_id AND s.snapshot_date = DATE '${date}'`;
const now = (where: string) => `SELECT count(*) AS loans, sum(balance) AS balance,
    sum(balance) FILTER (WHERE five_class >= 3) / sum(balance) FILTER (WHERE five_class IS NOT NULL) AS npl
  FROM loans WHERE ${where}`;

beforeAll(async () => {
  to = await sampleReference(asOf(TO));
  from = await sampleReference(asOf(FROM));
  inside = await sampleReference(now(`branch = '${BRANCH}'`));
  rest = await sampleReference(now(`branch IS DISTINCT FROM '${BRANCH}'`));
});

afterEach(async () => {
  await closeChecked(app);
  app = undefined;
});

const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));

/** The baseline figure of a tile, waiting until it has one. */
async function compared(page: Page, name: string): Promise<number> {
  const sel = `[data-metric="${name}"][data-compare-value]`;
  await page.waitForFunction((s) => (document.querySelector(s)?.getAttribute('data-compare-value') ?? '') !== '', sel, { timeout: 60_000 });
  return Number(await page.locator(sel).first().getAttribute('data-compare-value'));
}

/** The change text shown under a tile. */
async function changeText(page: Page, name: string): Promise<string> {
  const tile = page.locator('.tile', { has: page.locator(`[data-metric="${name}"]`) }).first();
  return (await tile.getByTestId('tile-compare').locator('.change').textContent()) ?? '';
}

async function open(hash: string, locale = 'en-US'): Promise<Page> {
  app = await openApp('#/data', { locale });
  const { page } = app;
  await page.goto('about:blank');
  await page.goto(`${baseUrl}/${hash}`);
  return page;
}

describe('compare mode from the URL', () => {
  it('two snapshot dates: both values and the change on the Overview tiles (English)', async () => {
    const page = await open(`#/overview?sample=bank-a&asof=${TO}&cmp=asof:${FROM}`);
    expect(await metric(page, 'loans')).toBe(to.loans);
    expect(await compared(page, 'loans')).toBe(from.loans);
    close(await metric(page, 'outstanding_balance'), to.balance);
    close(await compared(page, 'outstanding_balance'), from.balance);
    close(await metric(page, 'npl_ratio_balance'), to.npl);
    close(await compared(page, 'npl_ratio_balance'), from.npl);
    const pp = Math.abs((to.npl - from.npl) * 100).toFixed(2);
    expect(await changeText(page, 'npl_ratio_balance')).toBe(`${to.npl > from.npl ? '+' : '−'}${pp} pp`);
    expect(await changeText(page, 'loans')).toMatch(/^[+−]\d[\d,]* ?$|^[+−][\d,]+$/);
    expect(await changeText(page, 'outstanding_balance')).toMatch(/^[+−]\d+\.\d %$/);
    expect(await page.getByTestId('compare-with').inputValue()).toBe(`asof:${FROM}`);
    await expect.poll(() => page.getByTestId('compare-note').getAttribute('data-compare')).toBe('on');
    // The trend marks the baseline date beside the as-of date.
    await page.locator('[data-chart="overview-trend"] [stroke-dasharray="2 3"]').first().waitFor({ state: 'attached', timeout: 60_000 });
    await settled(page);
    await screenshot(page, 'compare-asof-overview-en');
    // The baseline travels with the filters between screens; a screen that draws no comparison says where it shows.
    await page.locator('[data-nav="cases"]').click();
    await page.locator('[data-screen="cases"]').first().waitFor({ timeout: 60_000 });
    expect(await page.evaluate(() => location.hash)).toContain(`cmp=asof%3A${FROM}`);
    expect(await page.getByTestId('compare-where').textContent()).toBe('shown on Overview, Structure and Report');
    await page.locator('[data-nav="overview"]').click();
    expect(await compared(page, 'loans')).toBe(from.loans);
    expect(await page.getByTestId('compare-where').count()).toBe(0);
  });

  it('a branch against the rest of the book, in Chinese; the control switches the baseline', async () => {
    const page = await open(`#/overview?sample=bank-a&f=branch:${encodeURIComponent(BRANCH)}&cmp=rest:branch`, 'zh-CN');
    expect(await metric(page, 'loans')).toBe(inside.loans);
    expect(await compared(page, 'loans')).toBe(rest.loans);
    close(await metric(page, 'npl_ratio_balance'), inside.npl);
    close(await compared(page, 'npl_ratio_balance'), rest.npl);
    close(await compared(page, 'outstanding_balance'), rest.balance);
    expect(await changeText(page, 'npl_ratio_balance')).toMatch(/个百分点$/);
    expect(await page.getByTestId('compare-note').textContent()).toContain(BRANCH);
    // The trend overlays the rest of the book, dashed.
    await page.locator('[data-chart="overview-trend"] [stroke-dasharray="5 4"]').first().waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-chart="overview-trend"]').textContent()).toContain('虚线为其余贷款');
    await settled(page);
    await screenshot(page, 'compare-rest-overview-zh');
    // The control: another date instead; the URL records it and the tiles follow.
    await page.getByTestId('compare-with').selectOption(`asof:${FROM}`);
    await expect.poll(() => page.evaluate(() => location.hash)).toContain(`cmp=asof%3A${FROM}`);
    const fromBranch = await sampleReference(`${asOf(FROM)} WHERE l.branch = '${BRANCH}'`);
    await page.waitForFunction((n) => document.querySelector('[data-metric="loans"]')?.getAttribute('data-compare-value') === String(n), fromBranch.loans, { timeout: 60_000 });
    // No comparison: the marks go.
    await page.getByTestId('compare-with').selectOption('');
    await page.waitForFunction(() => !document.querySelector('[data-compare-value]'), undefined, { timeout: 30_000 });
    expect(await page.getByTestId('compare-note').count()).toBe(0);
  });

  it('Structure: the breakdown table gains Δ columns against the rest and sorts by change', async () => {
    const page = await open(`#/structure?sample=bank-a&f=branch:${encodeURIComponent(BRANCH)}&cmp=rest:branch`);
    const byIndustry = await sampleReference(`SELECT
        coalesce(sum(balance) FILTER (WHERE five_class >= 3 AND branch = '${BRANCH}' AND industry = 'C'), 0)
          / sum(balance) FILTER (WHERE five_class IS NOT NULL AND branch = '${BRANCH}' AND industry = 'C') AS inside_c,
        coalesce(sum(balance) FILTER (WHERE five_class >= 3 AND branch IS DISTINCT FROM '${BRANCH}' AND industry = 'C'), 0)
          / sum(balance) FILTER (WHERE five_class IS NOT NULL AND branch IS DISTINCT FROM '${BRANCH}' AND industry = 'C') AS rest_c,
        count(*) FILTER (WHERE branch = '${BRANCH}' AND industry = 'C') - count(*) FILTER (WHERE branch IS DISTINCT FROM '${BRANCH}' AND industry = 'C') AS dloans_c
      FROM loans`);
    const cell = (segment: string, field: string) => page.locator(`[data-table="segments"] tr[data-segment="${segment}"] td[data-delta="${field}"]`);
    await page.waitForFunction(() => (document.querySelector('tr[data-segment="C"] td[data-delta="nplRatio"]')?.getAttribute('data-compare-value') ?? '') !== '', undefined, { timeout: 60_000 });
    close(Number(await cell('C', 'nplRatio').getAttribute('data-value')), byIndustry.inside_c);
    close(Number(await cell('C', 'nplRatio').getAttribute('data-compare-value')), byIndustry.rest_c);
    expect(await cell('C', 'nplRatio').textContent()).toMatch(/^[+−]?\d+\.\d\d pp$/);
    const dl = byIndustry.dloans_c;
    expect(await cell('C', 'loans').textContent()).toBe(`${dl < 0 ? '−' : '+'}${Math.abs(dl).toLocaleString('en-US')}`);
    // Sort by the change of the NPL ratio, largest rise first.
    await page.locator('[data-sort="d:nplRatio"]').click();
    await expect.poll(() => page.locator('[data-sort="d:nplRatio"]').locator('xpath=..').getAttribute('aria-sort')).toBe('descending');
    const deltas = await page.locator('[data-table="segments"] tbody td[data-delta="nplRatio"]').evaluateAll((cells) =>
      cells.map((c) => Number(c.getAttribute('data-value')) - Number(c.getAttribute('data-compare-value'))),
    );
    expect(deltas.length).toBeGreaterThan(5);
    expect(deltas).toEqual([...deltas].sort((a, b) => b - a));
    await settled(page);
    await screenshot(page, 'compare-rest-structure-en');
    // Vintage curves: the rest of the book's dashed beside the branch's.
    await page.evaluate(() => (location.hash = location.hash.replace('#/structure?', '#/structure?tab=dynamics&')));
    await page.locator('[data-chart="vintage"] [stroke-dasharray="5 4"]').first().waitFor({ state: 'attached', timeout: 60_000 });
    expect(await page.locator('[data-chart="vintage"]').textContent()).toContain('dashed: the baseline');
    await settled(page);
    await screenshot(page, 'compare-rest-vintage-en');
    await page.evaluate(() => (location.hash = location.hash.replace('tab=dynamics&', '')));
    // By branch, the segment's own dimension: nothing to compare, and the note says why.
    await page.evaluate(() => (location.hash = location.hash.replace('#/structure?', '#/structure?dim=branch&')));
    await expect.poll(() => page.getByTestId('compare-note').getAttribute('data-compare')).toBe('off');
    expect(await page.locator('td[data-delta]').count()).toBe(0);
  });

  it('Report: what changed against the rest of the book, with loan counts (Chinese)', async () => {
    const page = await open(`#/report?sample=bank-a&f=branch:${encodeURIComponent(BRANCH)}&cmp=rest:branch`, 'zh-CN');
    const limit = await sampleReference(`WITH s AS (
        SELECT industry,
          coalesce(sum(balance) FILTER (WHERE branch = '${BRANCH}'), 0) / sum(sum(balance) FILTER (WHERE branch = '${BRANCH}')) OVER () AS inside,
          coalesce(sum(balance) FILTER (WHERE branch IS DISTINCT FROM '${BRANCH}'), 0) / sum(sum(balance) FILTER (WHERE branch IS DISTINCT FROM '${BRANCH}')) OVER () AS rest
        FROM loans GROUP BY industry)
      SELECT count(*) FILTER (WHERE inside > 0.25 AND rest <= 0.25) AS appeared, count(*) FILTER (WHERE rest > 0.25 AND inside <= 0.25) AS disappeared,
        count(*) FILTER (WHERE rest > 0.25 AND inside > 0.25) AS moved FROM s`);
    await page.locator('[data-testid="report-changes"] li').first().waitFor({ timeout: 120_000 });
    for (const status of ['appeared', 'disappeared', 'moved'] as const) {
      expect(await page.locator(`[data-testid="report-changes"] li[data-change-status="${status}"][data-finding^="segment_share:industry:"]`).count(), status).toBe(limit[status]);
    }
    const appeared = page.locator('[data-testid="report-changes"] li[data-change-status="appeared"] .loans').first();
    if (await appeared.count()) expect(await appeared.getAttribute('data-compare-value')).toBe('0');
    expect(await page.getByTestId('report-compare').textContent()).toContain('与基准相比的变化');
    await settled(page);
    await page.getByTestId('report-compare').scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/screenshots/compare-report-zh.png' });
  });
});
