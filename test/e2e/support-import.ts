import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { metric, type AppPage } from './support';
import { sampleReference } from './reference';

/** Chooses files through the Data screen's real file input. */
export async function chooseFiles(page: Page, paths: string[]): Promise<void> {
  await page.getByTestId('import-file-input').setInputFiles(paths);
}

/** Waits for the mapping step; an import error instead fails at once with its message. */
export async function waitForMapping(page: Page): Promise<void> {
  const error = page.getByTestId('import-error-message');
  await page.getByTestId('mapping').or(error).first().waitFor({ timeout: 90_000 });
  if (await error.isVisible()) throw new Error(`import failed: ${await error.textContent()}`);
}

export async function importAndWait(page: Page): Promise<void> {
  await page.getByTestId('import-book').click();
  await page.locator('[data-testid="import-done"][data-keeping="false"]').waitFor({ timeout: 120_000 });
}

/** The book's figures on the Overview, as the app computes them. */
export async function overviewFigures(page: Page) {
  await page.locator('[data-nav="overview"]').click();
  return {
    loans: await metric(page, 'loans'),
    balance: await metric(page, 'outstanding_balance'),
    npl: await metric(page, 'npl_ratio_balance'),
  };
}

export async function rowCounts(page: Page) {
  return {
    in: await metric(page, 'rows_in'),
    accepted: await metric(page, 'rows_accepted'),
    rejected: await metric(page, 'rows_rejected'),
  };
}

/** a equals b to a millionth (relative), for sums the app and the reference add in different orders. */
export const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(b)));

/** The sample's loans, balance and NPL ratio by native DuckDB over its files: what every import of it must show. */
export const sampleTotals = () =>
  sampleReference(`
    SELECT count(*) AS loans, sum(balance) AS balance,
      sum(balance) FILTER (WHERE five_class IN (3, 4, 5)) / sum(balance) FILTER (WHERE five_class IS NOT NULL) AS npl
    FROM loans`);

/** After a test: no page error, no console error, no request to a foreign origin; then the page closes. */
export async function closeClean(app: AppPage | undefined): Promise<void> {
  expect(app?.errors ?? []).toEqual([]);
  expect(app?.consoleErrors ?? []).toEqual([]);
  expect(app?.foreign ?? []).toEqual([]);
  await app?.close();
}
