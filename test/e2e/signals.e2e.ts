import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openApp, openSample, screenshot, type AppPage } from './support';

/** The early-warning workflow on the Models work list: a signal dismissed (解除) with a reason stays dismissed after a reload. */
let app: AppPage | undefined;

afterEach(async () => {
  expect(app?.errors ?? []).toEqual([]);
  expect(app?.foreign ?? []).toEqual([]);
  await app?.close();
  app = undefined;
});

const rows = '[data-table="warning-list"] tbody tr[data-loan]';

async function openWorklist(page: Page, build: boolean): Promise<void> {
  await openSample(page);
  await page.locator('[data-nav="models"]').click();
  if (build) {
    await page.locator('[data-table="model-candidates"] tbody tr').first().waitFor({ timeout: 90_000 });
    await page.locator('[data-action="fit"]:not([disabled])').waitFor({ timeout: 60_000 });
    await page.locator('[data-action="fit"]').click();
    await page.locator('[data-section="fit-report"]').waitFor({ timeout: 90_000 });
    await page.locator('[data-action="save-model"]').click();
  }
  await page.locator('[role="tab"][data-tab="warning"]').click();
  await page.locator(rows).first().waitFor({ timeout: 90_000 });
}

describe('early-warning workflow', () => {
  it('a signal dismissed with a reason survives a reload and leaves the open list; an escalation keeps its owner; a decision taken back reopens', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await openWorklist(page, true);
    const listed = await page.locator(rows).count();
    expect(listed).toBe(250);
    const [first, second] = await page.locator(rows).evaluateAll((trs) => trs.slice(0, 2).map((tr) => tr.getAttribute('data-loan')!));
    const row = (id: string) => page.locator(`${rows}[data-loan="${id}"]`);

    await row(first).locator('[data-action="signal-dismissed"]').click();
    await page.locator(`[data-editor="${first}"] [data-action="signal-save"]`).click();
    await expect(page.locator(`[data-editor="${first}"] [role="alert"]`).innerText()).resolves.toContain('needs a reason');
    await page.locator(`[data-editor="${first}"] [data-field="owner"]`).fill('Wang Li');
    await page.locator(`[data-editor="${first}"] [data-field="reason"]`).fill('Collateral revalued, borrower current');
    await page.locator(`[data-editor="${first}"] [data-action="signal-save"]`).click();
    await expect.poll(() => row(first).count()).toBe(0);
    expect(await page.locator(rows).count()).toBe(listed - 1);

    await row(second).locator('[data-action="signal-escalated"]').click();
    await page.locator(`[data-editor="${second}"] [data-field="owner"]`).fill('Risk committee');
    await page.locator(`[data-editor="${second}"] [data-action="signal-save"]`).click();
    await expect.poll(() => row(second).count()).toBe(0);

    await page.reload();
    await openWorklist(page, false);
    expect(await row(first).count()).toBe(0);
    expect(await page.locator(rows).count()).toBe(listed - 2);
    await page.locator('[data-control="signal-filter"]').selectOption('dismissed');
    await expect.poll(() => page.locator(rows).count()).toBe(1);
    expect(await row(first).getAttribute('data-status')).toBe('dismissed');
    await expect(row(first).innerText()).resolves.toContain('Collateral revalued, borrower current');
    await expect(row(first).innerText()).resolves.toContain('Wang Li');
    await page.locator('[data-control="signal-filter"]').selectOption('escalated');
    await expect.poll(() => row(second).getAttribute('data-status')).toBe('escalated');
    await screenshot(page, 'signals-en');
    const stored = await page.evaluate(() => localStorage.getItem('lbl.signals.Bank A (sample)'));
    expect(JSON.parse(stored!).decisions.map((d: { loanId: string; action: string }) => [d.loanId, d.action]).sort()).toEqual([[first, 'dismissed'], [second, 'escalated']].sort());

    // Taken back: the signal is open again.
    await row(second).locator('[data-action="signal-undo"]').click();
    await page.locator('[data-control="signal-filter"]').selectOption('open');
    await expect.poll(() => row(second).count()).toBe(1);
  }, 420_000);

  it('reads in Chinese: 解除 with a reason', async () => {
    app = await openApp('#/data', { locale: 'zh-CN' });
    const { page } = app;
    await openWorklist(page, true);
    const id = await page.locator(rows).first().getAttribute('data-loan');
    const button = page.locator(`${rows}[data-loan="${id}"] [data-action="signal-dismissed"]`);
    expect(await button.innerText()).toBe('解除');
    await button.click();
    await page.locator(`[data-editor="${id}"] [data-field="reason"]`).fill('抵押物已重估');
    await page.locator(`[data-editor="${id}"] [data-action="signal-save"]`).click();
    await expect.poll(() => page.locator(`${rows}[data-loan="${id}"]`).count()).toBe(0);
    await page.locator('[data-control="signal-filter"]').selectOption('dismissed');
    await expect.poll(() => page.locator(`${rows}[data-loan="${id}"]`).getAttribute('data-status')).toBe('dismissed');
    await screenshot(page, 'signals-zh');
  }, 420_000);
});
