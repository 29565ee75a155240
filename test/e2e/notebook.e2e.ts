import { mkdirSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, openSample, screenshot, type AppPage } from './support';
import { sampleReference } from './reference';

let app: AppPage | undefined;
afterEach(async () => {
  expect(app?.errors ?? []).toEqual([]);
  expect(app?.foreign ?? []).toEqual([]);
  await app?.close();
  app = undefined;
});

const cells = (page: Page) => page.locator('[data-testid="nb-cells"] > li');
const lastCell = (page: Page) => cells(page).last();

async function toNotebook(page: Page) {
  await page.locator('[data-nav="notebook"]').click();
  await page.getByTestId('nb-cells').waitFor();
}

/** Types a query into a cell's CodeMirror editor (waiting for it to load) and runs it with the keyboard. */
async function writeAndRun(cell: Locator, sql: string) {
  await cell.locator('[data-testid="nb-editor"][data-ready="true"]').waitFor({ timeout: 30_000 });
  const content = cell.locator('.cm-content');
  await content.click();
  await content.fill(sql);
  await content.press('Control+Enter');
}

async function rowCount(cell: Locator): Promise<number> {
  const el = cell.getByTestId('nb-row-count');
  await el.waitFor({ timeout: 60_000 });
  return Number(await el.getAttribute('data-value'));
}

describe('the notebook', () => {
  it('writes a query, runs it with the keyboard, charts it, and keeps it across a reload, export and import', async () => {
    app = await openApp('#/data');
    const { page } = app;
    page.on('dialog', (d) => void d.accept());
    await openSample(page);
    await toNotebook(page);

    await page.getByTestId('nb-title').fill('Industry check');
    await page.getByTestId('nb-add-sql').click();
    const query = lastCell(page);
    await writeAndRun(query, 'SELECT industry, count(*) AS loans, avg(CASE WHEN is_npl THEN 1 ELSE 0 END) AS npl_share FROM loan_facts GROUP BY industry ORDER BY industry');
    const industries = await rowCount(query);
    expect(industries).toBeGreaterThan(3);
    await query.getByTestId('nb-cell-name').fill('by_industry');

    // Sorting the result by a column.
    await query.getByRole('button', { name: 'loans' }).click();
    expect(await query.locator('th[aria-sort="ascending"]').innerText()).toContain('loans');

    await page.getByTestId('nb-add-chart').click();
    const chart = lastCell(page);
    await chart.locator('[data-testid="nb-chart"] svg').waitFor();
    expect(await chart.getByTestId('nb-chart-x').inputValue()).toBe('industry');
    await chart.getByTestId('nb-chart-y').selectOption('npl_share');
    await chart.locator('[data-testid="nb-chart"] svg g[aria-label="bar"] rect').first().waitFor();

    // A later cell reads the named one as a view.
    await page.getByTestId('nb-add-sql').click();
    await writeAndRun(lastCell(page), 'SELECT count(*) AS n FROM nb_by_industry');
    expect(await rowCount(lastCell(page))).toBe(1);
    expect(await lastCell(page).getByTestId('nb-result').innerText()).toContain(String(industries));

    await page.getByTestId('nb-add-text').click();
    await lastCell(page).getByTestId('nb-text-input').fill('## Findings\n\nIndustry **C** stands out; see `nb_by_industry`.');
    await lastCell(page).getByRole('button', { name: 'Done' }).click();
    expect(await lastCell(page).locator('h4').innerText()).toBe('Findings');
    await screenshot(page, 'notebook-en-light');

    // Saved without a button: a reload finds it intact.
    const stored = () => page.evaluate(() => Object.keys(localStorage).map((k) => localStorage.getItem(k)).join('\n'));
    await expect.poll(stored).toContain('FROM nb_by_industry');
    expect(await stored()).toContain('Industry check');
    await page.reload();
    await page.getByTestId('nb-cells').waitFor();
    expect(await page.getByTestId('nb-title').inputValue()).toBe('Industry check');
    await expect.poll(() => cells(page).count()).toBe(5);
    expect(await cells(page).nth(1).locator('.cm-content').innerText({ timeout: 30_000 })).toContain('FROM loan_facts GROUP BY industry');
    expect(await cells(page).nth(1).getByTestId('nb-cell-name').inputValue()).toBe('by_industry');
    // The chart still reads the named cell (its source is kept by the cell's id, shown by its view name).
    expect(await cells(page).nth(2).getByTestId('nb-chart-source').locator('option:checked').innerText()).toBe('nb_by_industry');

    // Export as JSON and Markdown, delete, then import both back.
    mkdirSync('test-results', { recursive: true });
    const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('nb-export-json').click()]);
    await json.saveAs('test-results/notebook-export.json');
    const [md] = await Promise.all([page.waitForEvent('download'), page.getByTestId('nb-export-md').click()]);
    await md.saveAs('test-results/notebook-export.md');
    expect(md.suggestedFilename()).toBe('Industry-check.md');
    await page.getByTestId('nb-delete').click();
    await expect.poll(() => page.getByTestId('nb-list').innerText()).not.toContain('Industry check');

    await page.getByTestId('nb-import').setInputFiles('test-results/notebook-export.json');
    await expect.poll(() => page.getByTestId('nb-title').inputValue()).toBe('Industry check');
    await expect.poll(() => cells(page).count()).toBe(5);
    // A reload empties the in-memory engine: the notebook offers the sample book again.
    await page.getByTestId('nb-no-book').getByRole('button', { name: 'Open the sample book' }).click();
    await expect.poll(() => page.locator('[data-testid="nb-no-book"], [data-testid="nb-book-loading"]').count(), { timeout: 60_000 }).toBe(0);
    await page.getByTestId('nb-run-all').click();
    expect(await rowCount(cells(page).nth(1))).toBe(industries);
    await cells(page).nth(2).locator('[data-testid="nb-chart"] svg').waitFor();

    await page.getByTestId('nb-import').setInputFiles('test-results/notebook-export.md');
    await expect.poll(() => page.getByTestId('nb-notice').innerText()).toContain('Imported');
    await expect.poll(() => cells(page).count()).toBe(5);
    expect(await page.getByTestId('nb-list').locator('li').count()).toBeGreaterThanOrEqual(2);
  });

  it('shows a cell’s error at the cell and leaves the rest of the notebook and the app working', async () => {
    app = await openApp('#/notebook');
    const { page } = app;
    await page.getByTestId('nb-cells').waitFor();
    await expect.poll(() => page.getByTestId('nb-no-book').count()).toBe(1);
    await page.getByTestId('nb-add-sql').click();
    await writeAndRun(lastCell(page), 'SELEC 1');
    await expect.poll(() => lastCell(page).getByTestId('nb-cell-error').innerText()).toMatch(/syntax error/i);
    await page.getByTestId('nb-add-sql').click();
    await writeAndRun(lastCell(page), 'SELECT * FROM loans');
    await expect.poll(() => lastCell(page).getByTestId('nb-cell-error').innerText()).toMatch(/loans/);
    await screenshot(page, 'notebook-errors-en');

    // The first SQL cell (SELECT 42) still runs, and other screens still open.
    const first = cells(page).filter({ has: page.locator('[data-testid="nb-editor"]') }).first();
    await first.getByTestId('nb-run').click();
    expect(await rowCount(first)).toBe(1);
    await page.locator('[data-nav="overview"]').click();
    await expect.poll(() => page.getByRole('status').first().innerText()).toContain('No loan book is open');
    await page.locator('[data-nav="notebook"]').click();
    await expect.poll(() => cells(page).count()).toBe(3);
  });

  it('cancels a long query', async () => {
    app = await openApp('#/notebook');
    const { page } = app;
    await page.getByTestId('nb-add-sql').click();
    // Warm the engine first: an abort while DuckDB is still starting is not seen by the engine (see report).
    await writeAndRun(lastCell(page), 'SELECT 1');
    await rowCount(lastCell(page));
    // The engine's call log shows when the long query has been handed to the engine.
    type Traced = { sql: string; end?: number; error?: string };
    await page.evaluate(() => ((globalThis as unknown as { __lblTrace: Traced[] }).__lblTrace = []));
    await writeAndRun(lastCell(page), 'SELECT max(md5(range::VARCHAR)) FROM range(200000000)');
    await lastCell(page).getByTestId('nb-running').waitFor();
    const longQuery = () => page.evaluate(() => (globalThis as unknown as { __lblTrace: Traced[] }).__lblTrace.find((e) => e.sql.includes('md5(')) ?? null);
    await expect.poll(longQuery).not.toBeNull();
    await lastCell(page).getByTestId('nb-cancel').click();
    await expect.poll(() => lastCell(page).getByTestId('nb-cell-error').innerText(), { timeout: 20_000 }).toContain('Stopped');
    // The query itself ended (with an error), not just the cell's wait for it.
    await expect.poll(async () => (await longQuery())?.error ?? null, { timeout: 20_000 }).not.toBeNull();
    // The engine is free again.
    await writeAndRun(lastCell(page), 'SELECT 1 AS again');
    expect(await rowCount(lastCell(page))).toBe(1);
  });

  it('renders Markdown safely: scripts and event handlers stay text', async () => {
    app = await openApp('#/notebook');
    const { page } = app;
    await page.getByTestId('nb-add-text').click();
    await lastCell(page).getByTestId('nb-text-input').fill('Hello <script>window.__pwned = 1</script> <img src="x" onerror="window.__pwned = 2"> [x](javascript:window.__pwned=3)');
    await lastCell(page).getByRole('button', { name: 'Done' }).click();
    const prose = lastCell(page).getByTestId('nb-text');
    expect(await prose.innerText()).toContain('<script>window.__pwned = 1</script>');
    expect(await prose.locator('script, img, [onerror]').count()).toBe(0);
    expect(await prose.locator('a').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('shares a notebook as a link that opens a copy, and refuses one too long', async () => {
    app = await openApp('#/notebook');
    const { page } = app;
    await page.getByTestId('nb-title').fill('Shared 共享');
    await page.getByTestId('nb-share').click();
    const url = await page.getByTestId('nb-share-url').inputValue();
    expect(url).toMatch(/#\/notebook\?nb=[A-Za-z0-9_-]+$/);

    const other = await openApp(url.slice(url.indexOf('#')));
    await expect.poll(() => other.page.getByTestId('nb-title').inputValue()).toBe('Shared 共享');
    expect(other.page.url()).not.toContain('nb=');
    expect(other.errors).toEqual([]);
    await other.close();

    let noise = '';
    for (let i = 0; i < 6000; i++) noise += Math.random().toString(36).slice(2, 6);
    await page.getByTestId('nb-add-text').click();
    await lastCell(page).getByTestId('nb-text-input').fill(noise);
    await page.getByTestId('nb-share').click();
    await expect.poll(() => page.getByTestId('nb-notice').innerText()).toContain('too long for a link');
  });

  it('opens a chart’s query in the notebook', async () => {
    app = await openApp('#/overview');
    const { page } = app;
    await page.evaluate(() =>
      dispatchEvent(new CustomEvent('lbl:open-in-notebook', { detail: { title: 'Answer chart', sql: 'SELECT 42 AS answer' } })),
    );
    await expect.poll(() => page.url()).toContain('#/notebook');
    await expect.poll(() => page.getByTestId('nb-notice').innerText()).toContain('Answer chart');
    expect(await lastCell(page).getByTestId('nb-cell-name').inputValue()).toBe('answer_chart');
    expect(await rowCount(lastCell(page))).toBe(1);
  });

  it('opens a starter on the sample book with every cell kind, in Chinese and the dark theme', async () => {
    app = await openApp('#/data', { locale: 'zh-CN', colorScheme: 'dark' });
    const { page } = app;
    await openSample(page);
    await toNotebook(page);
    await page.locator('[data-starter="npl-by-industry-and-branch"]').click();
    await expect.poll(() => page.getByTestId('nb-title').inputValue()).toBe('按行业和支行的不良率');
    await page.getByTestId('nb-run-all').click();
    await expect.poll(() => page.locator('[data-testid="nb-chart"] svg').count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
    expect(await rowCount(cells(page).last())).toBeGreaterThan(0);
    expect(await cells(page).first().getByTestId('nb-text').innerText()).toContain('不良率');
    await screenshot(page, 'notebook-zh-dark');

    await page.locator('[data-starter="vintage-curves-by-hand"]').click();
    await page.getByTestId('nb-run-all').click();
    await page.locator('[data-testid="nb-chart"] svg [aria-label="line"]').first().waitFor({ timeout: 60_000 });
    await page.locator('[data-starter="officer-tenure-and-default"]').click();
    await page.getByTestId('nb-run-all').click();
    await expect.poll(() => page.locator('[data-testid="nb-chart"] svg').count(), { timeout: 60_000 }).toBe(2);
    await screenshot(page, 'notebook-zh-dark-officers');
  });

  it('works in English on the sample book with a starter (screenshot)', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await openSample(page);
    await toNotebook(page);
    await page.locator('[data-starter="vintage-curves-by-hand"]').click();
    await page.getByTestId('nb-run-all').click();
    await page.locator('[data-testid="nb-chart"] svg [aria-label="line"]').first().waitFor({ timeout: 60_000 });
    await screenshot(page, 'notebook-en-vintage');
    // One curve per vintage year that has ended by the book's date, and no cell failed.
    const ref = await sampleReference(`
      SELECT count(DISTINCT year(origination_date)) AS vintages FROM loans
      WHERE make_date(year(origination_date), 12, 31) <= (SELECT max(as_of_date) FROM loans)`);
    expect(ref.vintages).toBeGreaterThan(1);
    expect(await page.locator('[data-testid="nb-chart"] svg g[aria-label="line"] path').count()).toBe(ref.vintages);
    expect(await page.getByTestId('nb-cell-error').count()).toBe(0);
  });
});
