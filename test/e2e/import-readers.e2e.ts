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
    // P10's date "1000000000" is not a date: the book's unreadable-value rule rejects the row too.
    expect(await check(page)).toEqual({ in: 11, accepted: 7, rejected: 4 });
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
    expect(await metric(page, 'loans')).toBe(7);
  });
});


/** Chooses a file over the open sample book and waits for its error message. */
async function refusedOverSample(page: Page, name: string): Promise<string> {
  await openSample(page);
  const loans = await metric(page, 'book_loans');
  await choose(page, name);
  const error = page.getByTestId('import-error-message');
  await error.waitFor({ timeout: 90_000 });
  await page.getByTestId('previous-intact').waitFor();
  expect(await metric(page, 'book_loans')).toBe(loans);
  return (await error.textContent()) ?? '';
}

describe('item 9: encodings', () => {
  it('a Big5 file: detected, Traditional headers mapped, 40 loans imported', async () => {
    const page = await open();
    await choose(page, 'big5.csv');
    await waitForMapping(page);
    expect(await page.getByTestId('file-encoding').inputValue()).toBe('big5');
    expect(await field(page, 'amount').getByTestId('map-source').inputValue()).toBe('貸款金額');
    expect(await check(page)).toEqual({ in: 40, accepted: 40, rejected: 0 });
    await importBook(page);
    await page.locator('[data-nav="overview"]').click();
    expect(await metric(page, 'loans')).toBe(40);
  });

  it('a Windows-1252 file: detected and offered in the selector', async () => {
    const page = await open();
    await choose(page, 'windows-1252.csv');
    await waitForMapping(page);
    expect(await page.getByTestId('file-encoding').inputValue()).toBe('windows-1252');
    const options = await page.getByTestId('file-encoding').locator('option').allTextContents();
    expect(options).toEqual(['UTF-8', 'GB18030', 'GBK', 'BIG5', 'WINDOWS-1252', 'UTF-16LE', 'UTF-16BE']);
  });

  it('a GBK file with three UTF-8 lines: the first bad line named, the selector shown, the book kept; "import anyway" reads all 200', async () => {
    const page = await open();
    const message = await refusedOverSample(page, 'gbk-some-utf8.csv');
    expect(message).toMatch(/3 lines are UTF-8 text, the first on line 51/);
    await page.getByTestId('file-encoding').waitFor();
    await screenshot(page, 'readers-encoding-mixed-en');
    await page.getByTestId('replace-undecodable').click();
    await page.getByTestId('file-read').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('file-read').textContent()).toMatch(/^200 rows/);
    expect(await check(page)).toEqual({ in: 200, accepted: 200, rejected: 0 });
  });
});

describe('item 11: .xls files and password-protected workbooks', () => {
  it('the file picker accepts .xls', async () => {
    const page = await open();
    expect(await page.getByTestId('import-file-input').getAttribute('accept')).toContain('.xls,');
  });

  it.each(['book-biff8.xls', 'book-html.xls', 'book-xml2003.xls', 'book-tab.xls'])('%s: 30 loans read and imported', async (name) => {
    const page = await open();
    await choose(page, name);
    await waitForMapping(page);
    expect(await field(page, 'amount').getByTestId('map-source').inputValue()).toBe('贷款金额');
    expect(await check(page)).toEqual({ in: 30, accepted: 30, rejected: 0 });
    await importBook(page);
    await page.locator('[data-nav="overview"]').click();
    expect(await metric(page, 'loans')).toBe(30);
  });

  it.each(['password.xlsx', 'password.xls'])('%s: told it is password-protected, the open book kept', async (name) => {
    const page = await open();
    expect(await refusedOverSample(page, name)).toMatch(new RegExp(`The workbook “${name.replace('.', '\\.')}” is password-protected.*save a copy without a password`));
  });
});

describe('item 12: smaller reader defects', () => {
  it('Excel: zero-padded ids kept, formulas without values and hidden rows reported, a stray cell at XFD1048576 ignored', async () => {
    const page = await open();
    await choose(page, 'excel-details.xlsx');
    await waitForMapping(page);
    const notices = page.getByTestId('read-notice');
    expect(await notices.evaluateAll((els) => els.map((e) => [e.getAttribute('data-notice'), e.getAttribute('data-count')]))).toEqual([
      ['formulas_without_values', '2'],
      ['hidden_rows', '2'],
      ['stray_cells', '1'],
    ]);
    expect(await notices.nth(2).textContent()).toContain('XFD1048576');
    expect(await field(page, 'loan_id').locator('td.samples').textContent()).toContain('000001');
    await screenshot(page, 'readers-excel-details-en');
    expect(await check(page)).toEqual({ in: 20, accepted: 18, rejected: 2 });
  });

  it('a shared-strings bomb gets a message that says so, the open book kept', async () => {
    const page = await open();
    expect(await refusedOverSample(page, 'shared-strings-bomb.xlsx')).toMatch(/sheet “sharedStrings\.xml” cannot be read: it expands to 600/);
  });

  it('duplicate header names, an early NUL byte and untrimmed ids', async () => {
    const page = await open();
    await choose(page, 'dup-headers.csv', 'nul-early.csv');
    await page.locator('[data-file="nul-early.csv"] [data-testid="file-read"]').waitFor({ timeout: 90_000 });
    expect(await page.locator('[data-file="dup-headers.csv"] [data-testid="file-read"]').textContent()).toMatch(/^10 rows, 6 columns/);
    expect(await page.locator('[data-file="nul-early.csv"] [data-testid="file-read"]').textContent()).toMatch(/^300 rows, 4 columns/);
    await page.getByTestId('start-over').click();
    await choose(page, 'trim-ids.csv');
    await waitForMapping(page);
    // "LN001 " is LN001: the book's duplicate rule keeps the first row and rejects the copy.
    expect(await check(page)).toEqual({ in: 4, accepted: 3, rejected: 1 });
    expect(await page.getByTestId('rejects').textContent()).toContain('LN001');
  });
});
