import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { metric, openApp, openSample, screenshot, type AppPage } from './support';

/**
 * Issue 14, readers and value parsers, through the real file input of the production build (CSP
 * on): each case states its outcome (the right rows and values, or a specific message with the
 * open book kept), with no page error and no console error.
 */
const DIR = 'test/fixtures/import/readers';

let app: AppPage | undefined;
let consoleErrors: string[] = [];

async function open(hash = '#/data', locale?: string): Promise<Page> {
  app = await openApp(hash, locale ? { locale } : {});
  consoleErrors = [];
  app.page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  return app.page;
}

afterEach(async () => {
  expect(app?.errors ?? []).toEqual([]);
  expect(consoleErrors).toEqual([]);
  expect(app?.foreign ?? []).toEqual([]);
  await app?.close();
  app = undefined;
});

const choose = (page: Page, ...names: string[]) => page.getByTestId('import-file-input').setInputFiles(names.map((n) => `${DIR}/${n}`));
const waitForMapping = (page: Page) => page.getByTestId('mapping').waitFor({ timeout: 90_000 });
const field = (page: Page, name: string) => page.locator(`[data-table="loans"][data-field="${name}"]`);

async function check(page: Page) {
  await page.getByTestId('check-quality').click();
  await page.getByTestId('quality-report').waitFor({ timeout: 120_000 });
  return { in: await metric(page, 'rows_in'), accepted: await metric(page, 'rows_accepted'), rejected: await metric(page, 'rows_rejected') };
}

async function importBook(page: Page) {
  await page.getByTestId('import-book').click();
  await page.locator('[data-testid="import-done"][data-keeping="false"]').waitFor({ timeout: 120_000 });
}

async function overview(page: Page, ...names: string[]) {
  await page.locator('[data-nav="overview"]').click();
  const out: Record<string, number> = {};
  for (const n of names) out[n] = await metric(page, n);
  return out;
}

describe('item 4: decimal commas', () => {
  it('a ;-delimited export: decimal comma detected, shown per column; "2.014,02" → 2014.02; "12.5" rejected with its reason', async () => {
    const page = await open();
    await choose(page, 'decimal-comma.csv');
    await waitForMapping(page);
    await page.getByTestId('decimal-hint').waitFor();
    expect(await field(page, 'amount').locator('[data-parser="decimal"]').inputValue()).toBe(',');
    expect(await field(page, 'balance').locator('[data-parser="decimal"]').inputValue()).toBe(',');
    expect(await check(page)).toEqual({ in: 30, accepted: 29, rejected: 1 });
    expect(await page.getByTestId('rejects').textContent()).toContain('"12.5" does not fit the decimal separator ","');
    await screenshot(page, 'readers-decimal-comma-en');
    await importBook(page);
    // Balances "k00,5" for k = 1 … 29: 100 × 435 + 29 × 0.5.
    expect(await overview(page, 'loans', 'outstanding_balance')).toEqual({ loans: 29, outstanding_balance: 43514.5 });
  });

  it('"71.654,27", "4824390,03", "2,5": read as decimal comma; switched to decimal point they are unreadable, not rescaled', async () => {
    const page = await open();
    await choose(page, 'decimal-comma-column.csv');
    await waitForMapping(page);
    const decimal = field(page, 'amount').locator('[data-parser="decimal"]');
    expect(await decimal.inputValue()).toBe(',');
    expect(await check(page)).toEqual({ in: 3, accepted: 3, rejected: 0 });
    await decimal.selectOption('.');
    await page.getByTestId('check-quality').click();
    // The report of this mapping replaces the last one.
    await page.waitForFunction(() => document.querySelector('[data-metric="rows_rejected"]')?.getAttribute('data-value') === '3', null, { timeout: 60_000 });
    expect(await metric(page, 'rows_accepted')).toBe(0);
    expect(await page.getByTestId('rejects').textContent()).toContain('"4824390,03" does not fit the decimal separator "."');
    await decimal.selectOption(',');
    await importBook(page);
    await page.locator('[data-nav="overview"]').click();
    expect(await metric(page, 'loans')).toBe(3);
  });
});

describe('item 6: a header cell with a line break', () => {
  it.each(['header-linebreak.csv', 'header-linebreak.xlsx'])('%s: 贷款金额⏎(元) maps to amount and all 120 loans are read', async (name) => {
    const page = await open();
    await choose(page, name);
    await waitForMapping(page);
    expect(await field(page, 'amount').getByTestId('map-source').inputValue()).toBe('贷款金额\n(元)');
    expect(await check(page)).toEqual({ in: 120, accepted: 120, rejected: 0 });
    await importBook(page);
    await page.locator('[data-nav="overview"]').click();
    expect(await metric(page, 'loans')).toBe(120);
  });
});

describe('item 8: non-finite and implausible values', () => {
  it('Infinity, NaN, 1e309 rejected as amounts; negative and decade-long DPD, a 2099 and a 1901 date flagged; "125,000元" is yuan', async () => {
    const page = await open();
    await choose(page, 'implausible.csv');
    await waitForMapping(page);
    expect(await check(page)).toEqual({ in: 11, accepted: 8, rejected: 3 });
    expect(await page.getByTestId('rejects').textContent()).toContain('"Infinity" is not a finite number');
    for (const [key, example] of [
      ['negative_dpd', 'P6 (dpd -5)'],
      ['dpd_over_ten_years', 'P7 (dpd 99999)'],
      ['date_after_as_of', 'P8 (origination_date 2099-01-01)'],
      ['date_before_1950', 'P9 (origination_date 1901-05-01)'],
    ]) {
      const item = page.locator(`[data-check="${key}"]`);
      expect(await item.getAttribute('data-count')).toBe('1');
      expect(await item.textContent()).toContain(example);
    }
    await screenshot(page, 'readers-implausible-en');
    await importBook(page);
    await page.locator('[data-nav="overview"]').click();
    expect(await metric(page, 'loans')).toBe(8);
  });
});

