import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { metric, openApp, openSample, screenshot, type AppPage } from './support';
import { sampleReference } from './reference';

let app: AppPage | undefined;
let ref: Record<string, number>;

/*
 * Figures written here from the sample files with native DuckDB, independently of src/lib/metrics:
 * the rules' conditions at their default thresholds, spelled out over the raw `loans` columns.
 */
const C4 = 'officer_tenure_months < 12 OR officer_training_hours < 1';
const INSPECTION = `date_diff('day', disbursement_date, as_of_date) > 90
  AND (first_inspection_date IS NULL OR date_diff('day', disbursement_date, first_inspection_date) > 90)`;
const STALE = `balance > 0 AND date_diff('day', coalesce(last_inspection_date, disbursement_date, origination_date), as_of_date) > 90`;
const STRESSED = `industry IN (SELECT industry FROM loans GROUP BY industry
  HAVING sum(balance) FILTER (WHERE five_class >= 3) / sum(balance) > 2 * (SELECT sum(balance) FILTER (WHERE five_class >= 3) / sum(balance) FROM loans))`;
const C3 = `(${INSPECTION}) OR (${STALE}) OR (${STRESSED})`;
const MIN_CLASS = 'CASE WHEN dpd > 360 THEN 5 WHEN dpd > 270 THEN 4 WHEN dpd > 90 THEN 3 WHEN dpd > 0 THEN 2 ELSE 1 END';
const C2 = `five_class < ${MIN_CLASS} OR amount > approver_limit OR approval_exception OR disbursement_date < approval_date
  OR coalesce(trim(skipped_step), '') <> '' OR is_renewal OR is_restructured`;
const USER_RULE = { name: 'High rate, short term', id: 'high_rate_short_term', condition: 'interest_rate > 0.07 AND term_months <= 12' };

beforeAll(async () => {
  ref = await sampleReference(`
    SELECT count(*) FILTER (WHERE default_flag) AS defaults,
      count(*) FILTER (WHERE default_flag AND (${C4})) AS c4,
      count(*) FILTER (WHERE default_flag AND (${C3})) AS c3,
      count(*) FILTER (WHERE default_flag AND coalesce((${C2}), FALSE)) AS c2,
      count(*) FILTER (WHERE default_flag AND (${INSPECTION})) AS inspection_defaults,
      avg(CAST(default_flag AS INTEGER)) FILTER (WHERE coalesce((${INSPECTION}), FALSE))
        / avg(CAST(default_flag AS INTEGER)) FILTER (WHERE NOT coalesce((${INSPECTION}), FALSE)) AS inspection_lift,
      count(*) FILTER (WHERE ${USER_RULE.condition}) AS user_flagged,
      count(*) FILTER (WHERE default_flag AND ${USER_RULE.condition}) AS user_defaults,
      count(*) FILTER (WHERE five_class >= 3) AS npl
    FROM loans`);
  const iv = await sampleReference(`
    WITH bins AS (
      SELECT has_financial_statements AS v, count(*) FILTER (WHERE default_flag) AS bad, count(*) FILTER (WHERE NOT default_flag) AS good
      FROM loans GROUP BY 1),
    shares AS (SELECT good / sum(good) OVER () AS g, bad / sum(bad) OVER () AS b FROM bins)
    SELECT sum((g - b) * ln(g / b)) AS iv_statements FROM shares`);
  ref = { ...ref, ...iv };
});

afterEach(async () => {
  expect(app?.errors ?? []).toEqual([]);
  expect(app?.foreign ?? []).toEqual([]);
  await app?.close();
  app = undefined;
});

const close = (a: number, b: number, tol = 1e-9) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
const go = (page: Page, hash: string) => page.evaluate((h) => (location.hash = h), hash);
const cell = async (page: Page, selector: string) => {
  const el = page.locator(selector).first();
  await el.waitFor();
  return Number(await el.getAttribute('data-value'));
};

describe('root causes on the sample Bank A book', () => {
  it('puts the four planted root causes in the Pareto and the fishbone with the counts SQL computes', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await openSample(page);
    await page.locator('[data-nav="causes"]').click();
    expect(await metric(page, 'cause_targets')).toBe(ref.defaults);
    expect(await metric(page, 'fishbone_targets')).toBe(ref.defaults);
    expect(await metric(page, 'fishbone_C4')).toBe(ref.c4);
    expect(await metric(page, 'fishbone_C3')).toBe(ref.c3);
    expect(await metric(page, 'fishbone_C2')).toBe(ref.c2);
    const c1 = await metric(page, 'fishbone_C1');
    // Every cause is carried by over a quarter of the defaults (planted effects: C1 2.9×, C3 2.3×, C4 2.1×, C2 1.6×;
    // C4's flags fire on new officers and on officers with no training at all).
    for (const n of [c1, ref.c2, ref.c3, ref.c4]) expect(n / ref.defaults).toBeGreaterThan(0.25);
    const paretoRows = page.locator('[data-chart="cause-pareto"] svg g[aria-label="bar"] rect');
    await paretoRows.first().waitFor();
    expect(await paretoRows.count()).toBe(4);
    // The planted missed-inspection flag: count among defaults and lift (rate with ÷ without).
    expect(await cell(page, '[data-chart="fishbone"] li[data-rule="no_timely_inspection"] [data-count]')).toBe(ref.inspection_defaults);
    close(await cell(page, 'tr[data-rule="no_timely_inspection"] td[data-col="lift"]'), ref.inspection_lift);
    expect(ref.inspection_lift).toBeGreaterThan(2);
    await screenshot(page, 'causes-en-light');

    await page.locator('[data-control="outcome"] label[data-option="npl"]').click();
    expect(await page.evaluate(() => location.hash)).toContain('outcome=npl');
    await page.waitForFunction((n) => document.querySelector('[data-metric="cause_targets"]')?.getAttribute('data-value') === String(n), ref.npl);
  });

  it('reads in Chinese in the dark theme, and the tabs work from the keyboard', async () => {
    app = await openApp('#/data', { locale: 'zh-CN', colorScheme: 'dark' });
    const { page } = app;
    await openSample(page);
    await page.locator('[data-nav="causes"]').click();
    expect(await metric(page, 'cause_targets')).toBe(ref.defaults);
    await page.locator('[data-chart="cause-pareto"] svg').waitFor();
    await expect(page.locator('[data-chart="fishbone"] h3').innerText()).resolves.toContain('鱼骨图');
    await screenshot(page, 'causes-zh-dark');

    await page.locator('[role="tab"][data-tab="causes"]').focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => location.hash)).toContain('tab=drivers');
    await expect(page.evaluate(() => document.activeElement?.getAttribute('data-tab'))).resolves.toBe('drivers');
    await page.locator('[data-table="iv-ranking"] tbody tr').first().waitFor({ timeout: 60_000 });
    await page.locator('[data-chart="woe-detail"] svg').waitFor();
    await screenshot(page, 'drivers-zh-dark');
    await page.keyboard.press('End');
    expect(await page.evaluate(() => location.hash)).toContain('tab=rules');
    await page.locator('li[data-rule="renewal"]').waitFor();
    await screenshot(page, 'rules-zh-dark');
  });

  it('ranks drivers by IV as SQL computes it, states the zero-cell rule, and takes cut points', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await openSample(page);
    await go(page, '#/causes?tab=drivers');
    close(await cell(page, 'tr[data-attribute="has_financial_statements"] td[data-col="iv"]'), ref.iv_statements, 1e-9);
    await expect(page.locator('[data-note="zero-cell"]').innerText()).resolves.toMatch(/0\.5/);
    await page.locator('tr[data-attribute="officer_tenure_months"] button').click();
    await page.locator('[data-control="cuts"]').fill('12, 24, 60');
    await page.getByRole('button', { name: 'Apply' }).click();
    const bins = await sampleReference(`SELECT count(DISTINCT CASE WHEN officer_tenure_months < 12 THEN 0 WHEN officer_tenure_months < 24 THEN 1
      WHEN officer_tenure_months < 60 THEN 2 ELSE 3 END) AS n FROM loans`);
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-chart="woe-detail"] svg g[aria-label="bar"] rect').length === n && location.hash.includes('cuts='),
      bins.n,
    );
    await screenshot(page, 'drivers-en-light');
  });

  it('takes a user-written rule end to end: DuckDB error shown, then counted in the Pareto and stats, kept after reload, exported', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await openSample(page);
    await go(page, '#/causes?tab=rules');
    const form = page.locator('[data-form="user-rule"]');
    await form.locator('[data-field="name"]').fill(USER_RULE.name);
    await form.locator('[data-field="condition"]').fill('no_such_column > 1');
    await form.getByRole('button', { name: 'Check and add' }).click();
    await expect(form.locator('[data-state="rule-error"]').innerText()).resolves.toContain('no_such_column');

    await form.locator('[data-field="id"]').fill(USER_RULE.id);
    await form.locator('[data-field="condition"]').fill(USER_RULE.condition);
    await form.locator('[data-field="cause"]').selectOption('C1');
    await form.locator('[data-field="problem"]').selectOption('P4');
    await form.getByRole('button', { name: 'Check and add' }).click();
    expect(await cell(page, '[data-state="rule-added"]')).toBe(ref.user_flagged);
    await page.locator(`li[data-rule="${USER_RULE.id}"]`).waitFor();
    await screenshot(page, 'rules-en-light');

    await page.locator('[role="tab"][data-tab="causes"]').click();
    expect(await cell(page, `[data-chart="fishbone"] li[data-rule="${USER_RULE.id}"] [data-count]`)).toBe(ref.user_defaults);
    expect(await cell(page, `tr[data-rule="${USER_RULE.id}"] td[data-col="flagged"]`)).toBe(ref.user_flagged);
    await page.locator('[data-control="pareto-group"] label[data-option="rule"]').click();
    const table = page.locator('[data-chart="cause-pareto"]');
    await table.getByRole('button', { name: 'Table' }).click();
    await expect(table.locator('tr', { hasText: USER_RULE.name }).innerText()).resolves.toContain(String(ref.user_defaults));

    await page.reload();
    await openSample(page);
    await go(page, '#/causes?tab=rules');
    await page.locator(`li[data-rule="${USER_RULE.id}"]`).waitFor();
    const download = page.waitForEvent('download');
    await page.locator('[data-action="export-rules"]').click();
    const file = await (await download).createReadStream();
    const chunks: Buffer[] = [];
    for await (const c of file) chunks.push(c as Buffer);
    const exported = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    expect(exported.kind).toBe('loanbook-lab/rules');
    expect(exported.userRules).toEqual([{ ...USER_RULE, problem: 'P4', cause: 'C1' }].map(({ id, name, condition, problem, cause }) => ({ id, name, condition, problem, cause })));
  });

  it('switches a rule off and changes a threshold, and the stats follow', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await openSample(page);
    await go(page, '#/causes?tab=rules');
    const renewal = page.locator('li[data-rule="renewal"]');
    await renewal.getByRole('checkbox').uncheck();
    const inspection = page.locator('li[data-rule="no_timely_inspection"] [data-threshold="days"]');
    await inspection.fill('120');
    await inspection.blur();
    await page.locator('[role="tab"][data-tab="causes"]').click();
    await page.locator('tr[data-rule="no_timely_inspection"]').waitFor();
    expect(await page.locator('tr[data-rule="renewal"]').count()).toBe(0);
    await expect(page.locator('tr[data-rule="no_timely_inspection"] th').innerText()).resolves.toContain('120');
    const flagged120 = await sampleReference(`SELECT count(*) AS n FROM loans WHERE date_diff('day', disbursement_date, as_of_date) > 120
      AND (first_inspection_date IS NULL OR date_diff('day', disbursement_date, first_inspection_date) > 120)`);
    await page.waitForFunction(
      (n) => document.querySelector('tr[data-rule="no_timely_inspection"] td[data-col="flagged"]')?.getAttribute('data-value') === String(n),
      flagged120.n,
    );
  });
});
