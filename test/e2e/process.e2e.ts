import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { metric, openApp, openSample, screenshot, type AppPage } from './support';
import { sampleReference } from './reference';

let app: AppPage | undefined;
let ref: Record<string, number>;
let slow: Record<string, number>;
const SLOW_BRANCH = '湖州吴兴支行';

/* Independent figures: native DuckDB over the sample files, SQL written here. */
const INSPECTION_JUDGED = `date_diff('day', disbursement_date, as_of_date) >= 90`;
const INSPECTION_LATE = `(first_inspection_date IS NULL OR date_diff('day', disbursement_date, first_inspection_date) > 90)`;
const figures = (where: string) => `
  SELECT count(*) AS loans,
    quantile_cont(approval_date - application_date, 0.5) AS approval_median,
    quantile_cont(approval_date - application_date, 0.9) AS approval_p90,
    quantile_cont(disbursement_date - approval_date, 0.5) AS disbursement_median,
    quantile_cont(disbursement_date - application_date, 0.5) AS total_median,
    avg(CASE WHEN disbursement_date - application_date > 15 THEN 1 ELSE 0 END) AS total_over_15,
    avg(CASE WHEN disbursement_date - application_date > 20 THEN 1 ELSE 0 END) AS total_over_20,
    count(*) FILTER (WHERE amount > approver_limit) AS above_authority,
    count(*) FILTER (WHERE approval_exception) AS exceptions,
    count(*) FILTER (WHERE disbursement_date < approval_date) AS before_approval,
    count(*) FILTER (WHERE skipped_step IS NOT NULL AND skipped_step <> '') AS skipped,
    count(*) FILTER (WHERE is_renewal) AS renewals,
    count(*) FILTER (WHERE ${INSPECTION_JUDGED} AND ${INSPECTION_LATE}) AS inspection_flagged,
    count(*) FILTER (WHERE ${INSPECTION_JUDGED} AND first_inspection_date IS NULL) AS never_inspected,
    avg(CAST(default_flag AS INTEGER)) FILTER (WHERE ${INSPECTION_JUDGED} AND ${INSPECTION_LATE})
      / avg(CAST(default_flag AS INTEGER)) FILTER (WHERE ${INSPECTION_JUDGED} AND NOT ${INSPECTION_LATE}) AS inspection_ratio,
    count(*) FILTER (WHERE default_flag) AS defaults
  FROM loans ${where}`;

beforeAll(async () => {
  ref = await sampleReference(figures(''));
  slow = await sampleReference(figures(`WHERE branch = '${SLOW_BRANCH}'`));
});

afterEach(async () => {
  expect(app?.errors ?? []).toEqual([]);
  expect(app?.foreign ?? []).toEqual([]);
  await app?.close();
  app = undefined;
});

const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));
const cell = async (page: Page, measure: string, col: string) => {
  const el = page.locator(`tr[data-measure="${measure}"] td[data-col="${col}"]`);
  await el.waitFor();
  return Number(await el.getAttribute('data-value'));
};
const waitFor = (page: Page, selector: string, value: number) =>
  page.waitForFunction(([s, v]) => document.querySelector(s as string)?.getAttribute('data-value') === String(v), [selector, value] as const);

describe('the process screen on the sample Bank A book', () => {
  it('shows turnaround and process breaches as SQL computes them', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await openSample(page);
    await page.locator('[data-nav="process"]').click();
    close(await metric(page, 'turnaround_application_to_approval_median'), ref.approval_median);
    close(await metric(page, 'turnaround_application_to_approval_p90'), ref.approval_p90);
    close(await metric(page, 'turnaround_approval_to_disbursement_median'), ref.disbursement_median);
    close(await metric(page, 'turnaround_application_to_disbursement_median'), ref.total_median);
    close(await metric(page, 'turnaround_application_to_disbursement_over_share'), ref.total_over_15);
    expect(await cell(page, 'approval_above_authority', 'flagged')).toBe(ref.above_authority);
    expect(await cell(page, 'approval_exception', 'flagged')).toBe(ref.exceptions);
    expect(await cell(page, 'disbursed_before_approval', 'flagged')).toBe(ref.before_approval);
    expect(await cell(page, 'skipped_step', 'flagged')).toBe(ref.skipped);
    expect(await cell(page, 'renewal', 'flagged')).toBe(ref.renewals);
    expect(await cell(page, 'inspection_missing_or_late', 'flagged')).toBe(ref.inspection_flagged);
    close(await cell(page, 'inspection_missing_or_late', 'ratio'), ref.inspection_ratio);
    // The planted monitoring neglect (C3): about 2.3× the default rate.
    expect(ref.inspection_ratio).toBeGreaterThan(2);
    await expect(page.locator('tr[data-measure="inspection_missing_or_late"] th').innerText()).resolves.toContain(String(ref.never_inspected.toLocaleString('en')));
    // The planted slow branches stand out by branch.
    const row = page.locator(`[data-table="process-groups"] tr[data-group="${SLOW_BRANCH}"]`);
    await expect(row.locator('td').nth(2).innerText()).resolves.toBe(slow.total_median.toFixed(1));
    await page.locator('[data-chart="process-rates"] svg[viewBox]').waitFor();
    await screenshot(page, 'process-en-light');
  });

  it('follows the service level the user sets, kept in the URL', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await openSample(page);
    await page.locator('[data-nav="process"]').click();
    await metric(page, 'turnaround_application_to_disbursement_over_share');
    const input = page.locator('[data-sla="application_to_disbursement"]');
    await input.fill('20');
    await input.press('Enter');
    await input.blur();
    await waitFor(page, '[data-metric="turnaround_application_to_disbursement_over_share"]', ref.total_over_20);
    expect(await page.evaluate(() => location.hash)).toContain('sla_total=20');
  });

  it('cross-filters the app from a branch and the root-cause screen follows', async () => {
    app = await openApp('#/data', { locale: 'zh-CN', colorScheme: 'dark' });
    const { page } = app;
    await openSample(page);
    await page.locator('[data-nav="process"]').click();
    await page.locator(`[data-table="process-groups"] tr[data-group="${SLOW_BRANCH}"] button`).click();
    await page.locator('[data-filter="branch"]').waitFor();
    await waitFor(page, '[data-metric="turnaround_application_to_disbursement_median"]', slow.total_median);
    await waitFor(page, 'tr[data-measure="inspection_missing_or_late"] td[data-col="flagged"]', slow.inspection_flagged);
    expect(await cell(page, 'skipped_step', 'flagged')).toBe(slow.skipped);
    await page.locator('[data-chart="process-rates"] svg[viewBox]').waitFor();
    await screenshot(page, 'process-zh-dark-filtered');
    await page.locator('[data-nav="causes"]').click();
    await waitFor(page, '[data-metric="cause_targets"]', slow.defaults);
    await page.keyboard.press('Escape');
    await waitFor(page, '[data-metric="cause_targets"]', ref.defaults);
  });
});
