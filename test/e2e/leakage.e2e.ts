import { mkdirSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Page } from 'playwright-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openApp, screenshot, type AppPage } from './support';

/**
 * The sample book exported as CSV with two columns a real export carries: `status`, restating
 * the default flag ('written off' for every defaulted loan, else 'closed' / 'current'), and
 * `样本`, the export's own development / validation split (开发 / 验证).
 */
const BOOK = 'test-results/leakage/loans-status.csv';
let ref: { dev: number; val: number; bads: number };

beforeAll(async () => {
  mkdirSync('test-results/leakage', { recursive: true });
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await conn.run(`CREATE TABLE book AS SELECT *,
      CASE WHEN default_flag THEN 'written off' WHEN balance = 0 THEN 'closed' ELSE 'current' END AS status,
      CASE WHEN hash(loan_id) % 10 < 7 THEN '开发' ELSE '验证' END AS "样本"
    FROM 'data-samples/bank-a/loans.parquet'`);
  await conn.run(`COPY book TO '${BOOK}' (HEADER, DELIMITER ',')`);
  const r = (await conn.runAndReadAll(`SELECT count(*) FILTER (WHERE "样本" = '开发' AND default_flag IS NOT NULL) AS dev,
      count(*) FILTER (WHERE "样本" = '验证' AND default_flag IS NOT NULL) AS val, count(*) FILTER (WHERE default_flag) AS bads FROM book`)).getRowObjectsJS()[0];
  ref = { dev: Number(r.dev), val: Number(r.val), bads: Number(r.bads) };
  conn.closeSync();
  instance.closeSync();
});

let app: AppPage | undefined;
let consoleErrors: string[] = [];

afterEach(async () => {
  expect(app?.errors ?? []).toEqual([]);
  expect(app?.foreign ?? []).toEqual([]);
  expect(consoleErrors).toEqual([]);
  await app?.close();
  app = undefined;
  consoleErrors = [];
});

async function importBook(page: Page): Promise<void> {
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  await page.getByTestId('import-file-input').setInputFiles([BOOK]);
  await page.getByTestId('mapping').waitFor({ timeout: 90_000 });
  // The status column stays unmapped: the export's default flag is the outcome.
  expect(await page.locator('[data-table="loans"][data-field="default_flag"] [data-testid="map-source"]').inputValue()).toBe('default_flag');
  await expect(page.getByTestId('extra-columns').textContent()).resolves.toContain('status');
  await page.getByTestId('import-book').click();
  await page.locator('[data-testid="import-done"][data-keeping="false"]').waitFor({ timeout: 120_000 });
}

const attr = (page: Page, table: string, column: string) => page.locator(`[data-table="${table}"] tr[data-attribute="${column}"]`);

async function checkDrivers(page: Page, shot: string): Promise<void> {
  await page.evaluate(() => (location.hash = '#/causes?tab=drivers'));
  const status = attr(page, 'iv-ranking', 'status');
  await status.waitFor({ timeout: 90_000 });
  expect(await status.getAttribute('data-leakage')).toBe('pure_bins');
  expect(Number(await status.locator('[data-col="iv"]').getAttribute('data-value'))).toBeGreaterThan(1);
  await expect(status.locator('[data-col="leakage"]').innerText()).resolves.toContain('written off');
  // Genuine drivers are not marked, and lead the ranking.
  expect(await attr(page, 'iv-ranking', 'has_financial_statements').getAttribute('data-leakage')).toBeNull();
  expect(await page.locator('[data-table="iv-ranking"] tbody tr[data-attribute]').first().getAttribute('data-leakage')).toBeNull();
  expect(await attr(page, 'iv-ranking', 'default_flag').getAttribute('data-leakage')).toBe('outcome');
  expect(await attr(page, 'iv-ranking', '样本').count()).toBe(0);
  await status.scrollIntoViewIfNeeded();
  await screenshot(page, shot);
}

async function openBuilder(page: Page): Promise<void> {
  await page.locator('[data-nav="models"]').click();
  await attr(page, 'model-candidates', 'status').waitFor({ timeout: 90_000 });
  await page.locator('[data-action="fit"]:not([disabled])').waitFor({ timeout: 60_000 });
}

describe('leakage guard, bin editor and split by column on a book with a status column', () => {
  it('marks the status column as leakage in Drivers and the builder, edits bins and splits by the export column', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await importBook(page);
    await checkDrivers(page, 'leakage-drivers-en');

    await openBuilder(page);
    const status = attr(page, 'model-candidates', 'status');
    expect(await status.getAttribute('data-leakage')).toBe('pure_bins');
    expect(await status.locator('input[type="checkbox"]').isChecked()).toBe(false);
    await expect(status.locator('[data-col="note"]').innerText()).resolves.toContain('written off');
    // The split column is not a candidate.
    expect(await attr(page, 'model-candidates', '样本').count()).toBe(0);

    // Split by the export's own column: 开发 is proposed as development.
    await page.locator('[data-control="model-split"] [data-option="column"]').click();
    expect(await page.locator('[data-control="split-column"]').inputValue()).toBe('样本');
    expect(await page.locator('[data-control="split-dev-value"]').inputValue()).toBe('开发');
    await page.locator('[data-action="fit"]:not([disabled])').waitFor({ timeout: 90_000 });
    await page.locator('[data-action="fit"]').click();
    const samples = page.locator('[data-section="model-samples"]');
    await samples.waitFor({ timeout: 120_000 });
    expect(Number(await samples.getAttribute('data-dev-loans'))).toBe(ref.dev);
    expect(Number(await samples.getAttribute('data-val-loans'))).toBe(ref.val);
    // No leak in the fit: a genuine scorecard, not AUC 1.
    const auc = Number(await page.locator('[data-metric="model_auc_val"]').first().getAttribute('data-value'));
    expect(auc).toBeGreaterThan(0.7);
    expect(auc).toBeLessThan(0.95);
    await expect(page.locator('[data-section="model-warnings"]').innerText()).resolves.not.toContain('restates the outcome');
    await status.scrollIntoViewIfNeeded();
    await screenshot(page, 'leakage-builder-en');

    // Bin editor: merge the first two bins of a numeric term; the fit updates.
    const edit = page.locator('[data-table="model-candidates"] [data-action="edit-bins"]').first();
    const column = await edit.evaluate((b) => b.closest('tr')!.getAttribute('data-attribute')!);
    await edit.click();
    const editor = page.locator(`[data-section="bin-editor"][data-attribute="${column}"]`);
    const rows = editor.locator('[data-table="bin-editor"] tbody tr');
    await rows.first().waitFor();
    const before = await rows.count();
    const loans = async (i: number) => Number(await rows.nth(i).locator('[data-col="loans"]').getAttribute('data-value'));
    const merged = (await loans(0)) + (await loans(1));
    const oldModel = await page.locator('#fit-title').innerText();
    expect(oldModel.length).toBeGreaterThan(0);
    await rows.first().locator('[data-action="merge-next"]').click();
    await page.waitForFunction(([c, n]) => document.querySelectorAll(`[data-section="bin-editor"][data-attribute="${c}"] tbody tr`).length === n, [column, before - 1] as const, { timeout: 120_000 });
    await page.locator('[data-section="fit-report"]').waitFor({ timeout: 120_000 });
    expect(await loans(0)).toBe(merged);
    // The refitted model carries the merged bins: its term's IV is the editor's IV.
    const editorIv = Number(await editor.locator('[data-table="bin-editor"]').getAttribute('data-iv'));
    const termIv = await page.locator(`[data-table="coefficients"] tr[data-term="${column}"] td`).last().innerText();
    expect(Math.abs(Number(termIv) - editorIv)).toBeLessThan(0.001);
    await expect(page.locator(`[data-table="model-candidates"] tr[data-attribute="${column}"] [data-control="binning"]`).inputValue()).resolves.toBe('cuts');
    await screenshot(page, 'leakage-bins-en');

    // Ticking the leaking column by hand keeps the warning.
    await status.locator('input[type="checkbox"]').check();
    await page.locator('[data-action="fit"]').click();
    await page.waitForFunction(() => document.querySelector('[data-section="model-warnings"]')?.textContent?.includes('restates the outcome'), null, { timeout: 120_000 });

    // Chinese
    await page.getByTestId('language').selectOption('zh');
    await expect(status.locator('[data-col="note"]').innerText()).resolves.toContain('结果泄露');
    await status.scrollIntoViewIfNeeded();
    await screenshot(page, 'leakage-builder-zh');
    await checkDrivers(page, 'leakage-drivers-zh');
    await expect(attr(page, 'iv-ranking', 'status').locator('[data-col="leakage"]').innerText()).resolves.toContain('坏账');
  });
});
