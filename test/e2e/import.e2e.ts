import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium-path.mjs';
import { baseUrl, metric, openApp, openSample, screenshot, type AppPage } from './support';
import { chooseFiles, close, importAndWait, overviewFigures, rowCounts, waitForMapping } from './support-import';
import { sampleReference } from './reference';
import { goldenFile } from '../golden';

const FIXTURES = 'test/fixtures/import';
const BANK_A = 'data-samples/bank-a';
const GENERATED = 'data-samples/generated/bank-a';

let app: AppPage | undefined;
let ref: Record<string, number>;

beforeAll(async () => {
  ref = await sampleReference(`
    SELECT count(*) AS loans, sum(balance) AS balance,
      sum(balance) FILTER (WHERE five_class IN (3, 4, 5)) / sum(balance) FILTER (WHERE five_class IS NOT NULL) AS npl
    FROM loans`);
});

afterEach(async () => {
  expect(app?.errors ?? []).toEqual([]);
  expect(app?.foreign ?? []).toEqual([]);
  await app?.close();
  app = undefined;
});

describe('importing the Bank A sample through the file input', () => {
  it('GBK CSV with Chinese headers: encoding shown, same rows and totals as the sample', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await chooseFiles(page, [`${GENERATED}/loans-gbk.csv`]);
    await waitForMapping(page);
    expect(await page.getByTestId('detected-encoding').textContent()).toMatch(/GB18030|GBK/);
    expect(await page.locator('[data-field="amount"] [data-testid="map-source"]').inputValue()).toBe('放款金额');
    await screenshot(page, 'import-mapping-en');
    await page.getByTestId('check-quality').click();
    await page.getByTestId('quality-report').waitFor({ timeout: 120_000 });
    expect(await rowCounts(page)).toEqual({ in: ref.loans, accepted: ref.loans, rejected: 0 });
    await screenshot(page, 'import-quality-en');
    await importAndWait(page);
    expect(await page.getByTestId('import-done').textContent()).toContain('kept');
    const figures = await overviewFigures(page);
    expect(figures.loans).toBe(ref.loans);
    close(figures.balance, ref.balance);
    close(figures.npl, ref.npl);
  });

  it('Parquet loans and snapshots chosen together: roles guessed, same rows and totals', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await chooseFiles(page, [`${BANK_A}/loans.parquet`, `${BANK_A}/snapshots.parquet`]);
    await waitForMapping(page);
    expect(await page.locator('[data-file="snapshots.parquet"] [data-testid="file-role"]').inputValue()).toBe('snapshots');
    expect(await page.locator('[data-testid="mapping-table"]').count()).toBe(2);
    await importAndWait(page);
    expect(await rowCounts(page)).toEqual({ in: ref.loans, accepted: ref.loans, rejected: 0 });
    const figures = await overviewFigures(page);
    expect(figures.loans).toBe(ref.loans);
    close(figures.balance, ref.balance);
    close(figures.npl, ref.npl);
  });
});

describe('a new user imports the German Credit file', () => {
  it('maps credit_amount → amount and creditability = bad → default; the Overview says what needs which field', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await chooseFiles(page, [goldenFile('germancredit.csv')]);
    await waitForMapping(page);
    const amount = page.locator('[data-table="loans"][data-field="amount"]');
    await amount.getByTestId('map-source').selectOption('credit_amount');
    const outcome = page.locator('[data-table="loans"][data-field="default_flag"]');
    await outcome.getByTestId('map-source').selectOption('creditability');
    await outcome.locator('[data-parser="true-values"]').fill('bad');
    await outcome.locator('[data-parser="false-values"]').fill('good');
    await outcome.locator('[data-parser="false-values"]').press('Tab');
    expect(await page.getByTestId('extra-columns').textContent()).toContain('purpose');
    expect(await page.locator('[data-figure="npl_ratio"]').getAttribute('data-available')).toBe('false');
    expect(await page.locator('[data-figure="default_rate"]').getAttribute('data-available')).toBe('true');
    await importAndWait(page);
    expect(await rowCounts(page)).toEqual({ in: 1000, accepted: 1000, rejected: 0 });
    await page.locator('[data-nav="overview"]').click();
    expect(await metric(page, 'loans')).toBe(1000);
    const tiles = await page.getByTestId('overview-tiles').textContent();
    expect(tiles).toMatch(/Map .*balance/);
    expect(tiles).toMatch(/Five-category class/);
    expect(tiles).not.toMatch(/five_class/);
    await screenshot(page, 'import-germancredit-overview-en');
  });
});

describe('bad input leaves the open book intact and says what to do', () => {
  const cases: [string, RegExp][] = [
    ['empty.csv', /The file is empty/],
    ['binary.csv', /is not text: it contains binary data/],
    ['header-only.csv', /header row .* but no data rows/],
    ['truncated.parquet', /ends too early/],
    ['merged-header.xlsx', /merged cells/],
    ['ragged.csv', /fields where the header has/],
  ];
  it.each(cases)('%s', async (name, message) => {
    app = await openApp('#/data');
    const { page } = app;
    await openSample(page);
    await chooseFiles(page, [`${FIXTURES}/${name}`]);
    const error = page.getByTestId('import-error-message');
    await error.waitFor({ timeout: 60_000 });
    expect(await error.textContent()).toMatch(message);
    await page.getByTestId('previous-intact').waitFor();
    expect(await metric(page, 'book_loans')).toBe(ref.loans);
    if (name === 'binary.csv') await screenshot(page, 'import-error-en');
  });

  it('a wrong encoding chosen by hand is explained, and the right one reads the file', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await openSample(page);
    await chooseFiles(page, [`${FIXTURES}/book-gbk.csv`]);
    await waitForMapping(page);
    await page.getByTestId('file-encoding').selectOption('utf-8');
    const error = page.getByTestId('import-error-message');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/does not look right when read as utf-8.*probably gb18030/i);
    await page.getByTestId('file-encoding').selectOption('gbk');
    await page.getByTestId('file-read').waitFor();
    expect(await metric(page, 'book_loans')).toBe(ref.loans);
  });

  it('a file without an outcome cannot be imported until one is mapped; the book stays open', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await openSample(page);
    await chooseFiles(page, [`${FIXTURES}/no-outcome.csv`]);
    await waitForMapping(page);
    expect(await page.getByTestId('mapping-problem').textContent()).toMatch(/No column is mapped to Defaulted \(default flag\), Default date, Days past due, or Five-category class\./);
    expect(await page.getByTestId('import-book').isDisabled()).toBe(true);
    expect(await metric(page, 'book_loans')).toBe(ref.loans);
  });

  it('errors read in Chinese too', async () => {
    app = await openApp('#/data', { locale: 'zh-CN' });
    const { page } = app;
    await openSample(page);
    await chooseFiles(page, [`${FIXTURES}/header-only.csv`]);
    const error = page.getByTestId('import-error-message');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/只有表头/);
    await screenshot(page, 'import-error-zh');
  });
});

describe('quality report and profiles', () => {
  it('rows in = accepted + rejected with reasons; rejects download; a saved profile is offered again', async () => {
    app = await openApp('#/data', { locale: 'zh-CN' });
    const { page } = app;
    await chooseFiles(page, [`${FIXTURES}/quality.csv`]);
    await waitForMapping(page);
    await screenshot(page, 'import-mapping-zh');
    await page.getByTestId('check-quality').click();
    await page.getByTestId('quality-report').waitFor();
    // Default row rules: the second Q2, abc, an empty amount, -100, 0 and the unreadable row are rejected.
    expect(await rowCounts(page)).toEqual({ in: 11, accepted: 5, rejected: 6 });
    expect(await page.getByTestId('rejects').textContent()).toContain('“abc”不是有效的数字');
    expect(await page.getByTestId('rejects').textContent()).toContain('贷款编号“Q2”重复（保留第 2 行）');
    expect(await page.locator('[data-testid="rejects-by-rule"] [data-rule="duplicate_id"]').getAttribute('data-count')).toBe('1');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-rejects').click()]);
    const csv = await new Promise<string>((resolve, reject) => {
      download.createReadStream().then((s) => {
        const parts: Buffer[] = [];
        s.on('data', (d: Buffer) => parts.push(d));
        s.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
        s.on('error', reject);
      }, reject);
    });
    expect(csv.trim().split(/\r?\n/)).toHaveLength(7);
    await screenshot(page, 'import-quality-zh');

    await page.locator('summary', { hasText: '映射方案' }).click();
    await page.getByTestId('profile-name').fill('质量样例');
    await page.getByTestId('save-profile').click();
    await page.getByTestId('start-over').click();
    await chooseFiles(page, [`${FIXTURES}/quality.csv`]);
    await page.getByTestId('profile-offer').waitFor();
    expect(await page.getByTestId('profile-offer').textContent()).toContain('质量样例');
    await page.getByTestId('apply-profile').click();
  });
});

describe('kept books survive a reload and a browser restart', () => {
  async function launch(dir: string): Promise<{ context: BrowserContext; page: Page; foreign: string[] }> {
    const context = await chromium.launchPersistentContext(dir, {
      executablePath: findChromium()!,
      headless: true,
      args: CHROMIUM_ARGS,
      locale: 'en-US',
      viewport: { width: 1280, height: 860 },
    });
    const foreign: string[] = [];
    const origin = new URL(baseUrl).origin;
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('data:') || url.startsWith('blob:') || new URL(url).origin === origin) return route.continue();
      foreign.push(url);
      return route.abort('blockedbyclient');
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${baseUrl}/#/data`);
    return { context, page, foreign };
  }

  async function openKept(page: Page, name: string): Promise<void> {
    const row = page.locator(`[data-testid="kept-book"][data-name="${name}"]`);
    await row.waitFor({ timeout: 30_000 });
    await row.getByTestId('open-kept').click();
    await page.getByTestId('book-loaded').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('book-loaded').textContent()).toContain(name);
    expect(await metric(page, 'book_loans')).toBe(40);
  }

  it('imports, reloads, restarts the browser, and opens the kept book each time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lbl-profile-'));
    try {
      let { context, page, foreign } = await launch(dir);
      await chooseFiles(page, [`${FIXTURES}/book-utf8.csv`]);
      await waitForMapping(page);
      await page.getByTestId('book-name').fill('Kept book 40');
      await importAndWait(page);
      expect(await page.getByTestId('import-done').textContent()).toContain('kept in this browser');

      await page.reload();
      await openKept(page, 'Kept book 40');
      const row = page.locator('[data-testid="kept-book"][data-name="Kept book 40"]');
      await row.getByTestId('rename-kept').click();
      await page.getByTestId('rename-input').fill('Renamed book');
      await page.getByTestId('rename-input').press('Enter');
      await page.locator('[data-testid="kept-book"][data-name="Renamed book"]').waitFor();
      await screenshot(page, 'import-kept-books-en');
      expect(foreign).toEqual([]);
      await context.close();

      ({ context, page, foreign } = await launch(dir));
      await openKept(page, 'Renamed book');
      page.once('dialog', (d) => void d.accept());
      await page.locator('[data-testid="kept-book"][data-name="Renamed book"]').getByTestId('delete-kept').click();
      await page.locator('[data-testid="kept-books"] [data-state="empty"]').waitFor();
      expect(foreign).toEqual([]);
      await context.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
