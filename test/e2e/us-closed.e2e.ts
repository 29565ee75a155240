import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { metric, openApp, screenshot, type AppPage } from './support';

/*
 * Test book (a) (test/fixtures/us-closed, generate.mjs): a US closed-loan export in dollars with a
 * SAS-day and m/d/Y dates, MIS_Status as the outcome, every balance 0, and 7 paid loans with a
 * default date. Loaded through the real file input; figures checked against SQL written here on
 * the raw CSV (native DuckDB, not the app's metric SQL).
 */
const FILE = 'test/fixtures/us-closed/loans.csv';
let app: AppPage | undefined;
let ref: Record<string, number>;

beforeAll(async () => {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const dollars = (c: string) => `CAST(replace(replace(trim("${c}"), '$', ''), ',', '') AS DOUBLE)`;
  const reader = await conn.runAndReadAll(`
    WITH raw AS (SELECT * FROM read_csv('${FILE}', all_varchar = true))
    SELECT count(*) AS loans,
      count(*) FILTER (WHERE MIS_Status = 'CHGOFF') / count(*) AS default_rate,
      count(*) FILTER (WHERE MIS_Status = 'P I F' AND "Default Date" IS NOT NULL) AS dated_paid,
      sum(${dollars('BalanceGross')}) AS balance,
      avg(${dollars('DisbursementGross')}) AS average_amount
    FROM raw`);
  ref = Object.fromEntries(Object.entries(reader.getRowObjectsJS()[0] as Record<string, unknown>).map(([k, v]) => [k, Number(v)]));
  conn.closeSync();
  instance.closeSync();
});

afterEach(async () => {
  expect(app?.errors ?? []).toEqual([]);
  expect(app?.foreign ?? []).toEqual([]);
  await app?.close();
  app = undefined;
});

const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));

async function importBook(locale: string): Promise<AppPage> {
  const a = await openApp('#/data', { locale });
  await a.page.getByTestId('import-file-input').setInputFiles([FILE]);
  await a.page.getByTestId('mapping').waitFor({ timeout: 90_000 });
  await a.page.getByTestId('import-book').click();
  await a.page.locator('[data-testid="import-done"][data-keeping="false"]').waitFor({ timeout: 120_000 });
  return a;
}

const go = async (a: AppPage, hash: string) => {
  await a.page.evaluate((h) => (location.hash = h), hash);
  await a.page.waitForFunction((h) => location.hash === h, hash);
};

describe('test book (a): a US closed-loan export through the file input', () => {
  it('one outcome: the flag, with the 7 dated paid loans counted as disagreements, on every figure', async () => {
    app = await importBook('en-US');
    const { page } = app;
    expect(ref.loans).toBe(300);
    await page.getByTestId('outcome-panel').waitFor();
    expect(Number(await page.getByTestId('outcome-disagreements').getAttribute('data-value'))).toBe(ref.dated_paid);
    expect(await page.getByTestId('outcome-rule').inputValue()).toBe('flag');
    await screenshot(page, 'us-closed-en-data');

    await page.locator('[data-nav="overview"]').click();
    expect(await metric(page, 'loans')).toBe(ref.loans);
    close(await metric(page, 'default_rate'), ref.default_rate);
    expect(await metric(page, 'outstanding_balance')).toBe(ref.balance);
    close(await metric(page, 'average_loan_amount'), ref.average_amount);
    expect(await page.getByTestId('outcome-definition').first().getAttribute('data-basis')).toBe('flag');
    await screenshot(page, 'us-closed-en-overview');

    // The user's rule moves every figure together: flag or date counts the dated paid loans too.
    await page.locator('[data-nav="data"]').click();
    await page.getByTestId('outcome-rule').selectOption('flag_or_date');
    await page.locator('[data-nav="overview"]').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="outcome-definition"]')?.getAttribute('data-basis') === 'flag_or_date');
    await expect.poll(() => metric(page, 'default_rate'), { timeout: 30_000 }).toBeCloseTo(ref.default_rate + ref.dated_paid / ref.loans, 9);
  });

  it('a closed book: concentration on the original amount, the dynamics empty state names the real cause (no snapshots)', async () => {
    app = await importBook('en-US');
    const { page } = app;
    await go(app, '#/structure?tab=concentration');
    await page.getByTestId('exposure-basis').waitFor();
    expect(await page.getByTestId('exposure-basis').getAttribute('data-basis')).toBe('amount');
    await page.locator('[data-metric="limit_breaches"]').waitFor();
    await screenshot(page, 'us-closed-en-structure-concentration');
    await go(app, '#/structure?tab=dynamics');
    await page.locator('[data-state="empty"][data-cause="empty.snapshots"]').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-cause="state.noRows"]').count()).toBe(0);
    await screenshot(page, 'us-closed-en-structure-dynamics');
  });

  it('every screen in both languages (screenshots to look at)', async () => {
    for (const locale of ['en-US', 'zh-CN']) {
      app = await importBook(locale);
      const tag = locale.startsWith('zh') ? 'zh' : 'en';
      for (const hash of ['#/overview', '#/structure', '#/structure?tab=concentration', '#/structure?tab=dynamics', '#/cases', '#/causes', '#/process', '#/models', '#/models?tab=stress', '#/report']) {
        await go(app, hash);
        await app.page.locator('[data-screen]').first().waitFor();
        await app.page.waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0, undefined, { timeout: 60_000 });
        await screenshot(app.page, `us-closed-${tag}-${hash.slice(2).replace(/[?=]/g, '-')}`);
      }
      expect(app.errors).toEqual([]);
      await app.close();
      app = undefined;
    }
  }, 600_000);
});
