import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { metric } from './support';

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
