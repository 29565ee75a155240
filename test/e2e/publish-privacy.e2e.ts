import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { metric, openApp, openSample, screenshot, showScreen, type AppPage } from './support';
import { offlineReady, openDashboard, publishWithCli, type DashboardPage } from './support-publish';
import { bookSecrets, scanPublished } from './support-scan';

const FIGURES = ['loans', 'borrowers', 'outstanding_balance', 'npl_ratio_balance', 'npl_ratio_count', 'default_rate', 'expected_loss'];
const BOOK = 'data-samples/bank-a';

let app: AppPage | undefined;
let dash: DashboardPage | undefined;
afterEach(async () => {
  expect(app?.errors ?? []).toEqual([]);
  expect(dash?.errors ?? []).toEqual([]);
  await app?.close();
  await dash?.close();
  app = dash = undefined;
});

/** The Overview's headline figures of the sample book in the ordinary app, for each filter (URL form, each with other loans than the one before). */
async function appFigures(filters: readonly string[]): Promise<Record<string, Record<string, number>>> {
  app = await openApp('#/data');
  await openSample(app.page);
  await showScreen(app.page, '#/overview');
  const out: Record<string, Record<string, number>> = {};
  let before: number | undefined;
  for (const f of filters) {
    out[f] = await figuresAt(app.page, f, before === undefined ? { loans: await metric(app.page, 'loans') } : { before });
    before = out[f].loans;
  }
  await app.close();
  app = undefined;
  return out;
}

/** Equal up to the order of summation (cells add up in another order than loans): 1e-12 relative. */
function expectSame(got: number, want: number, what: string) {
  expect(Math.abs(got - want), `${what}: ${got} vs ${want}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));
}

/**
 * The Overview's figures after going to this filter: read in one go, once the same reading comes
 * twice in a row (polled, no fixed wait) and its loans are `loans` (or, not knowing them, differ
 * from `before`, the previous filter's).
 */
async function figuresAt(page: Page, f: string, want: { loans?: number; before?: number }): Promise<Record<string, number>> {
  await page.evaluate((hash) => (location.hash = hash), `#/overview${f ? `?f=${encodeURIComponent(f)}` : ''}`);
  const handle = await page.waitForFunction(
    ({ names, loans, before }) => {
      const w = window as unknown as { __last?: string };
      const read = Object.fromEntries(names.map((m) => [m, document.querySelector(`[data-metric="${m}"]`)?.getAttribute('data-value') ?? null]));
      const text = JSON.stringify(read);
      const ok = loans !== undefined ? read.loans === String(loans) : !!read.loans && read.loans !== String(before);
      const stable = w.__last === text && ok && !document.querySelector('[aria-busy="true"]');
      w.__last = text;
      return stable ? read : null;
    },
    { names: FIGURES, ...want },
    { timeout: 60_000, polling: 250 },
  );
  const read = (await handle.jsonValue()) as Record<string, string | null>;
  return Object.fromEntries(FIGURES.map((m) => [m, read[m] === '' || read[m] === null ? NaN : Number(read[m])]));
}

describe('privacy modes of a published dashboard', () => {
  it('an aggregate dashboard shows the app’s figures from cubes, says what it suppressed, and has only Overview and Structure', async () => {
    const filters = ['', 'enterprise_size:micro', 'industry:C', 'enterprise_size:micro;five_class:3'];
    const expected = await appFigures(filters);
    const site = await publishWithCli(BOOK, { title: 'Bank A — aggregates', screens: ['overview', 'structure'] , filters: 'enterprise_size:micro' }, ['--mode', 'aggregate']);
    dash = await openDashboard(site);
    const { page, context } = dash;
    await expect.poll(() => page.locator('nav [data-nav]').evaluateAll((els) => els.map((e) => e.getAttribute('data-nav')))).toEqual(['overview', 'structure']);
    await expect.poll(() => page.url()).toContain('f=enterprise_size');
    expect(await page.getByTestId('dashboard-mode').getAttribute('data-mode')).toBe('aggregate');
    expect(await page.getByTestId('dashboard-privacy').innerText()).toMatch(/fewer than 5 loans are suppressed/);
    for (const f of filters) {
      const got = await figuresAt(page, f, { loans: expected[f].loans });
      for (const name of FIGURES) {
        // Distinct borrowers are exact per cell: every filter here selects one cell.
        expectSame(got[name], expected[f][name], `${name} at ${f || 'no filter'}`);
      }
    }
    await figuresAt(page, 'enterprise_size:micro', { loans: expected['enterprise_size:micro'].loans });
    await page.locator('[data-chart="overview-trend"] svg').first().waitFor();
    await screenshot(page, 'publish-aggregate-overview-en');

    // Filters on two dimensions beside the published one were not published together: said, not computed.
    await page.evaluate(() => (location.hash = `#/overview?f=${encodeURIComponent('industry:C;region:East;branch:B01')}`));
    await page.locator('[data-state="unavailable"]').first().waitFor();

    await page.evaluate(() => (location.hash = `#/structure?f=${encodeURIComponent('enterprise_size:micro')}&dim=branch`));
    await page.locator('[data-screen="structure"] [data-chart] svg').first().waitFor();
    expect(await page.locator('[data-screen="structure"] [role="tab"]').count()).toBe(1);
    await screenshot(page, 'publish-aggregate-structure-en');

    await offlineReady(page);
    await context.setOffline(true);
    await dash.server.close();
    await page.reload();
    // The reloaded dashboard opens first (on its published filter), then the viewer clears it.
    await page.waitForFunction(() => document.querySelector('[data-testid="dashboard-banner"]')?.getAttribute('data-status') === 'ready', null, { timeout: 60_000 });
    await figuresAt(page, '', { loans: expected[''].loans });
    expect(dash.foreign).toEqual([]);
  }, 300_000);

  it('an aggregate dashboard in Chinese says it carries no loan-level data', async () => {
    const site = await publishWithCli(BOOK, { title: '甲银行 — 汇总', screens: ['overview', 'structure'] }, ['--mode', 'aggregate', '--min-cell', '10']);
    dash = await openDashboard(site, { locale: 'zh-CN' });
    expect(await metric(dash.page, 'loans')).toBe(20_000);
    expect(await dash.page.getByTestId('dashboard-mode').innerText()).toContain('仅汇总数据');
    expect(await dash.page.getByTestId('dashboard-privacy').innerText()).toContain('少于 10 笔贷款');
    await dash.page.locator('[data-chart="overview-trend"] svg').first().waitFor();
    await screenshot(dash.page, 'publish-aggregate-overview-zh');
  }, 180_000);

  it('a masked dashboard shows the same figures over pseudonymised loans', async () => {
    const expected = (await appFigures(['']))[''];
    const site = await publishWithCli(BOOK, { title: 'Bank A — masked', screens: ['overview', 'structure', 'cases'] }, ['--mode', 'masked', '--key', 'a masked-dashboard e2e key']);
    dash = await openDashboard(site);
    const { page } = dash;
    for (const name of FIGURES) expectSame(await metric(page, name), expected[name], name);
    expect(await page.getByTestId('dashboard-mode').getAttribute('data-mode')).toBe('masked');
    expect(await page.getByTestId('dashboard-privacy').innerText()).toMatch(/Pseudonymised.*Loan id.*Dropped.*Borrower name/is);
    await screenshot(page, 'publish-masked-overview-en');
  }, 180_000);

  it('the Publish screen builds a masked zip whose every byte is free of the book’s ids and names', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await openSample(page);
    await page.locator('[data-nav="publish"]').click();
    await page.getByTestId('publish-title').fill('Masked from the browser');
    await page.getByTestId('publish-mode-masked').check();
    await expect.poll(() => page.getByTestId('publish-download').isDisabled()).toBe(true);
    await page.getByTestId('publish-mask-generate').click();
    const key = await page.getByTestId('publish-mask-key').inputValue();
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    await page.getByTestId('publish-mask-shown').waitFor();
    await page.getByTestId('publish-mask-coarsen').check();
    await screenshot(page, 'publish-screen-masked-en');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 180_000 }), page.getByTestId('publish-download').click()]);
    const dir = mkdtempSync(join(tmpdir(), 'lbl-masked-zip-'));
    const zipFile = join(dir, download.suggestedFilename());
    await download.saveAs(zipFile);
    execFileSync('unzip', ['-q', zipFile, '-d', join(dir, 'site')]);
    const result = await scanPublished(join(dir, 'site'), await bookSecrets(BOOK));
    expect(result.parquetFiles).toBeGreaterThanOrEqual(1);
    expect(result.hits).toEqual([]);
    expect(app.foreign).toEqual([]);
  }, 300_000);
});
