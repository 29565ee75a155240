import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { metric, openApp, openSample, screenshot, type AppPage } from './support';
import { chooseFiles, importAndWait, waitForMapping } from './support-import';
import { sampleReference } from './reference';

let app: AppPage | undefined;
afterEach(async () => {
  expect(app?.errors ?? []).toEqual([]);
  expect(app?.foreign ?? []).toEqual([]);
  await app?.close();
  app = undefined;
});

/** The Overview's figures of a book without balances: every tile with a value, by name. */
async function overviewFigures(page: Page): Promise<Record<string, number>> {
  await page.locator('[data-nav="overview"]').click();
  const loans = await metric(page, 'loans');
  const values = await page.$$eval('[data-metric][data-value]', (els) =>
    els.filter((e) => e.getAttribute('data-value') !== '').map((e) => [e.getAttribute('data-metric')!, Number(e.getAttribute('data-value'))] as const));
  return { ...Object.fromEntries(values), loans };
}

/** A year written like a count: 2,006. */
const GROUPED_YEAR = /\b[12],\d{3}\b/;

async function go(page: Page, hash: string) {
  await page.goto(page.url().replace(/#.*$/, hash));
}

describe('years are printed as years', () => {
  it('in a case file’s peer group and in a notebook table, axis and tip', async () => {
    // A loan whose strictest peer group (vintage year included) has enough peers to be used.
    const ref = await sampleReference(`SELECT CAST(substr(min(loan_id), 2) AS INTEGER) AS loan, any_value(year(origination_date)) AS year
      FROM loans GROUP BY industry, enterprise_size, product, year(origination_date) HAVING count(*) >= 40 ORDER BY count(*) DESC LIMIT 1`);
    const loan = `L${String(ref.loan).padStart(7, '0')}`;
    app = await openApp('#/data');
    const { page } = app;
    await openSample(page);
    await go(page, `#/cases?loan=${loan}`);
    const peers = page.getByTestId('case-peers');
    await peers.waitFor({ timeout: 60_000 });
    const text = await peers.locator('p').first().innerText();
    expect(text).toContain(`= ${ref.year}`);
    expect(text).not.toMatch(GROUPED_YEAR);

    await page.locator('[data-nav="notebook"]').click();
    await page.getByTestId('nb-cells').waitFor();
    await page.getByTestId('nb-add-sql').click();
    const cell = page.locator('[data-testid="nb-cells"] > li').last();
    await cell.locator('[data-testid="nb-editor"][data-ready="true"]').waitFor({ timeout: 30_000 });
    await cell.locator('.cm-content').click();
    await cell.locator('.cm-content').fill('SELECT vintage_year, count(*) AS loans FROM loan_facts GROUP BY vintage_year ORDER BY vintage_year');
    await cell.locator('.cm-content').press('Control+Enter');
    await cell.getByTestId('nb-row-count').waitFor({ timeout: 60_000 });
    const years = await cell.locator('[data-testid="nb-result"] tbody tr:not(.spacer) td:nth-child(2)').allInnerTexts();
    expect(years).toContain(String(ref.year));
    for (const y of years) expect(y).toMatch(/^(19|20)\d\d$/);

    await page.getByTestId('nb-add-chart').click();
    const chart = page.locator('[data-testid="nb-cells"] > li').last();
    const svg = chart.locator('[data-testid="nb-chart"] svg').first();
    await svg.waitFor();
    expect(await chart.getByTestId('nb-chart-x').inputValue()).toBe('vintage_year');
    const ticks = await svg.locator('g[aria-label="x-axis tick label"] text').allTextContents();
    expect(ticks.length).toBeGreaterThan(1);
    for (const t of ticks) expect(t).toMatch(/^(19|20)\d\d$/);
    expect(new Set(ticks).size).toBe(ticks.length);
    // The pointer's tip on the line names the year as a year too.
    await svg.scrollIntoViewIfNeeded();
    const box = (await svg.boundingBox())!;
    await page.mouse.move(box.x + 10, box.y + 10);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 8 });
    const tip = svg.locator('g[aria-label="tip"]');
    await tip.locator('text').first().waitFor({ state: 'attached' });
    const tipText = await tip.textContent();
    expect(tipText).toMatch(/(19|20)\d\d/);
    expect(tipText).not.toMatch(/\b2,0\d\d\b/);
    await screenshot(page, 'years-notebook-en');

    // The Structure breakdown by vintage year: its axis, its table and its filter chip.
    await go(page, '#/structure?dim=vintage_year');
    const bars = page.locator('[data-chart="breakdown-bars"] svg').first();
    await bars.waitFor({ timeout: 60_000 });
    const labels = await bars.locator('g[aria-label="y-axis tick label"] text').allTextContents();
    expect(labels).toContain(String(ref.year));
    for (const l of labels) expect(l).toMatch(/^(19|20)\d\d$/);
    const segments = await page.locator('[data-table="segments"] tbody tr th').allInnerTexts();
    for (const s of segments) expect(s).not.toMatch(GROUPED_YEAR);
  });
});

describe('plurals', () => {
  it('one match reads "1 loan matches", one flag "1 flag", many "loans match"; Chinese has one form', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await openSample(page);
    await page.locator('[data-nav="cases"]').click();
    const count = page.locator('p.count');
    await page.waitForFunction(() => Number(document.querySelector('[data-metric="cases_matched"]')?.getAttribute('data-value')) > 1, null, { timeout: 60_000 });
    expect(await count.innerText()).toMatch(/^[\d,]+ loans match$/);
    await page.getByTestId('case-search').fill('L0000027');
    await page.waitForFunction(() => document.querySelector('[data-metric="cases_matched"]')?.getAttribute('data-value') === '1');
    expect(await count.innerText()).toBe('1 loan matches');
    await page.getByTestId('language').selectOption('zh');
    await expect.poll(() => count.innerText()).toBe('1 笔贷款符合条件');
    await page.getByTestId('language').selectOption('en');

    await page.locator('[data-case="L0000027"]').click();
    await page.locator('[data-flag]').first().waitFor({ timeout: 60_000 });
    const flags = await page.locator('ul.flags > li[data-flag]').count();
    const summary = await page.locator('p.summary > span').first().innerText();
    expect(summary).toBe(`${flags} ${flags === 1 ? 'flag' : 'flags'}; problems named:`);
  });
});

describe('the report’s sentences', () => {
  it('writes the class-exception count once, tagged where the sentence names it', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await openSample(page);
    await go(page, '#/report');
    const statement = page.locator('[data-finding="class_exceptions"] p.statement');
    await statement.waitFor({ timeout: 90_000 });
    const text = (await statement.innerText()).trim();
    const figure = await statement.locator('[data-metric="finding_class_exceptions"]').innerText();
    expect(text.startsWith(`${figure} of `)).toBe(true);
    expect(text).not.toMatch(/(?:^|\s)(\d[\d,.]*)\s+\1\s/);
    for (const target of await page.locator('[data-finding^="flag:"] p.target').allInnerTexts()) expect(target).not.toMatch(/\b0 live\b/);
    await screenshot(page, 'report-class-exceptions-en');
  });
});

describe('a reload reopens the kept book that was open', () => {
  it('imports and keeps a book, reloads: the same book and figures are back; with "start empty", the empty Data screen', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await chooseFiles(page, ['test/fixtures/import/book-utf8.csv']);
    await waitForMapping(page);
    await page.getByTestId('book-name').fill('Reopened book');
    await importAndWait(page);
    expect(await page.getByTestId('import-done').textContent()).toContain('kept in this browser');
    const before = await overviewFigures(page);
    expect(before.loans).toBe(40);
    expect(Object.keys(before).length).toBeGreaterThan(3);

    // The reload lands on the Overview it left, with the book back.
    await page.reload();
    expect(await metric(page, 'book_loans')).toBe(40);
    expect(await overviewFigures(page)).toEqual(before);
    await screenshot(page, 'reopen-overview-en');
    await go(page, '#/data');
    await page.getByTestId('book-loaded').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('book-loaded').textContent()).toContain('Reopened book');
    await page.getByTestId('startup-empty').check();
    await screenshot(page, 'reopen-startup-choice-en');
    await page.reload();
    await page.getByTestId('kept-books').locator('[data-testid="kept-book"][data-name="Reopened book"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="startup-choice"][data-reopened="true"]').waitFor();
    await page.getByTestId('open-sample').waitFor();
    expect(await page.getByTestId('book-loaded').count()).toBe(0);
    expect(await page.locator('[data-metric="book_loans"]').count()).toBe(0);
    expect(await page.getByTestId('startup-empty').isChecked()).toBe(true);
    await screenshot(page, 'reopen-start-empty-en');

    // Back to reopening: the kept book opens by hand once, then comes back on the next reload.
    await page.getByTestId('startup-last').check();
    await page.locator('[data-testid="kept-book"][data-name="Reopened book"]').getByTestId('open-kept').click();
    await page.getByTestId('book-loaded').waitFor({ timeout: 60_000 });
    await page.reload();
    await page.getByTestId('book-loaded').waitFor({ timeout: 60_000 });
    expect(await metric(page, 'book_loans')).toBe(40);
  });
});

describe('the bin editor merges categories', () => {
  it('merges two categories of a fitted categorical term into one bin and splits them again; the fit follows', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await openSample(page);
    await page.locator('[data-nav="models"]').click();
    await page.locator('[data-table="model-candidates"] tbody tr').first().waitFor({ timeout: 90_000 });
    await page.locator('[data-action="fit"]:not([disabled])').waitFor({ timeout: 90_000 });
    await page.locator('[data-action="fit"]').click();
    await page.locator('[data-section="fit-report"]').waitFor({ timeout: 120_000 });
    // A categorical term with several categories: the product.
    const column = 'product';
    const edit = page.locator(`[data-table="model-candidates"] tr[data-attribute="${column}"]`);
    await edit.locator('input[type="checkbox"]').check();
    await page.locator('[data-action="fit"]').click();
    await page.locator(`[data-table="coefficients"] tr[data-term="${column}"]`).waitFor({ timeout: 120_000 });
    await edit.locator('[data-action="edit-bins"]').click();
    const editor = page.locator(`[data-section="bin-editor"][data-attribute="${column}"]`);
    const rows = editor.locator('[data-table="bin-editor"] tbody tr');
    await rows.first().waitFor();
    const before = await rows.count();
    expect(before).toBeGreaterThan(3);
    const loans = async (i: number) => Number(await rows.nth(i).locator('[data-col="loans"]').getAttribute('data-value'));
    const names = async (i: number) => (await rows.nth(i).locator('th').innerText()).trim();
    const [first, second] = [await names(0), await names(1)];
    const merged = (await loans(0)) + (await loans(1));
    await rows.first().locator('[data-action="merge-next"]').click();
    const rowCount = (n: number) => page.waitForFunction(([c, k]) => document.querySelectorAll(`[data-section="bin-editor"][data-attribute="${c}"] tbody tr`).length === k, [column, n] as const, { timeout: 120_000 });
    await rowCount(before - 1);
    await page.locator('[data-section="fit-report"]').waitFor({ timeout: 120_000 });
    const mergedRow = editor.locator('[data-table="bin-editor"] tbody tr', { hasText: `${first} + ${second}` });
    expect(Number(await mergedRow.locator('[data-col="loans"]').getAttribute('data-value'))).toBe(merged);
    const editorIv = Number(await editor.locator('[data-table="bin-editor"]').getAttribute('data-iv'));
    const termIv = await page.locator(`[data-table="coefficients"] tr[data-term="${column}"] td`).last().innerText();
    expect(Math.abs(Number(termIv) - editorIv)).toBeLessThan(0.001);
    await editor.scrollIntoViewIfNeeded();
    await screenshot(page, 'bins-categories-merged-en');
    await mergedRow.locator('[data-action="split-group"]').click();
    await rowCount(before);
    expect(await names(0)).toBe(first);
  });
});

describe('row rules for a snapshot file', () => {
  it('rejects a snapshot whose loan is not in the book and one without a date; rows in = accepted + rejected per table', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await chooseFiles(page, ['test/fixtures/import/two-loans.csv', 'test/fixtures/import/two-snapshots.csv']);
    await waitForMapping(page);
    const roles = page.getByTestId('file-role');
    await expect.poll(() => roles.count(), { timeout: 60_000 }).toBe(2);
    if ((await roles.nth(1).inputValue()) !== 'snapshots') await roles.nth(1).selectOption('snapshots');
    await page.getByTestId('check-quality').click();
    const snaps = page.locator('[data-testid="quality-report"] [data-table="snapshots"]');
    await snaps.waitFor({ timeout: 120_000 });
    const value = async (m: string) => Number(await snaps.locator(`[data-metric="${m}"]`).getAttribute('data-value'));
    // By hand from the file: A9 is not among the loans A1–A3; A3's row has no date.
    expect([await value('rows_in'), await value('rows_accepted'), await value('rows_rejected')]).toEqual([5, 3, 2]);
    expect(await snaps.locator('[data-rule="unknown_loan"]').getAttribute('data-count')).toBe('1');
    expect(await snaps.locator('[data-rule="bad_date"]').getAttribute('data-count')).toBe('1');
    await snaps.scrollIntoViewIfNeeded();
    await screenshot(page, 'snapshot-row-rules-en');
  });
});
