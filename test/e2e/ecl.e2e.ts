import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { metric, openApp, openSample, screenshot, type AppPage } from './support';
import { sampleReference } from './reference';

/**
 * The IFRS 9 ECL screen on the sample book: stage counts under the default rules and after a rule
 * is switched off, against SQL written here over the sample files; the rules kept across a reload.
 */
const DEFAULTED = 'coalesce(default_flag, default_date IS NOT NULL)';
const STAGE3 = `(${DEFAULTED} OR dpd > 90 OR five_class >= 3)`;
const stageCounts = (stage2: string) => `
  SELECT count(*) FILTER (WHERE ${STAGE3}) AS s3,
    count(*) FILTER (WHERE NOT ${STAGE3} AND (${stage2})) AS s2,
    count(*) FILTER (WHERE NOT ${STAGE3} AND NOT (${stage2})) AS s1
  FROM loans WHERE balance > 0`;

let ref: { all: Record<string, number>; noClass: Record<string, number> };
let app: AppPage | undefined;

beforeAll(async () => {
  ref = {
    all: await sampleReference(stageCounts('dpd > 30 OR five_class >= 2 OR is_restructured')),
    noClass: await sampleReference(stageCounts('dpd > 30 OR is_restructured')),
  };
  expect(ref.all.s2).toBeGreaterThan(ref.noClass.s2);
});

afterEach(async () => {
  expect(app?.errors ?? []).toEqual([]);
  expect(app?.foreign ?? []).toEqual([]);
  expect(app?.consoleErrors ?? []).toEqual([]);
  await app?.close();
  app = undefined;
});

async function openEcl(page: Page): Promise<void> {
  await page.locator('[data-nav="ecl"]').click();
  await page.locator('[data-screen="ecl"]').waitFor();
}

async function stageLoans(page: Page): Promise<number[]> {
  await metric(page, 'ecl_total');
  const rows = await page.locator('[data-chart="ecl-stage-mix"]').count();
  expect(rows).toBe(1);
  return page.evaluate(() => {
    const cells = [...document.querySelectorAll('[data-testid="stage-reasons"] tbody tr')];
    const out = [0, 0, 0];
    for (const tr of cells) {
      const stage = tr.children[0].textContent ?? '';
      const n = Number(tr.children[2].getAttribute('data-value'));
      const k = /1|一/.test(stage) ? 0 : /2|二/.test(stage) ? 1 : 2;
      out[k] += n;
    }
    return out;
  });
}

describe('IFRS 9 ECL screen', () => {
  it('stages the sample by the default rules, edits a rule, keeps it after a reload', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await openSample(page);
    await openEcl(page);
    const total = await metric(page, 'ecl_total');
    const byStage = await Promise.all([1, 2, 3].map((s) => metric(page, `ecl_stage_${s}`)));
    expect(total).toBeGreaterThan(0);
    expect(Math.abs(byStage.reduce((a, b) => a + b, 0) - total)).toBeLessThan(1e-6 * total);
    await expect.poll(() => stageLoans(page), { timeout: 60_000 }).toEqual([ref.all.s1, ref.all.s2, ref.all.s3]);
    expect(await page.getByTestId('stage-source').innerText()).toContain('no IFRS 9 stage is mapped');
    await page.getByTestId('stage-transfer').waitFor({ timeout: 60_000 });
    await page.locator('[data-chart="ecl-movement"] svg').first().waitFor({ timeout: 90_000 });
    await page.getByTestId('ecl-by-segment').waitFor();
    await screenshot(page, 'ecl-en');

    await page.locator('[data-rule="classDowngradeOn"]').uncheck();
    await expect.poll(() => stageLoans(page), { timeout: 60_000 }).toEqual([ref.noClass.s1, ref.noClass.s2, ref.noClass.s3]);
    const stored = await page.evaluate(() => localStorage.getItem('lbl.stageRules.Bank A (sample)'));
    expect(JSON.parse(stored!).classDowngrade).toBeNull();

    await page.reload();
    await openSample(page);
    await openEcl(page);
    expect(await page.locator('[data-rule="classDowngradeOn"]').isChecked()).toBe(false);
    await expect.poll(() => stageLoans(page), { timeout: 60_000 }).toEqual([ref.noClass.s1, ref.noClass.s2, ref.noClass.s3]);
    await page.getByTestId('stage-rules-reset').click();
    await expect.poll(() => stageLoans(page), { timeout: 60_000 }).toEqual([ref.all.s1, ref.all.s2, ref.all.s3]);
  }, 300_000);

  it('shows the screen in Chinese, rules edited there too', async () => {
    app = await openApp('#/data', { locale: 'zh-CN' });
    const { page } = app;
    await openSample(page);
    await openEcl(page);
    await metric(page, 'ecl_total');
    expect(await page.locator('[data-nav="ecl"]').innerText()).toBe('IFRS 9 预期信用损失');
    expect(await page.getByTestId('stage-source').innerText()).toContain('按您的规则划分');
    await page.locator('[data-rule="classDowngradeOn"]').uncheck();
    await expect.poll(() => stageLoans(page), { timeout: 60_000 }).toEqual([ref.noClass.s1, ref.noClass.s2, ref.noClass.s3]);
    await page.locator('[data-chart="ecl-movement"] svg').first().waitFor({ timeout: 90_000 });
    const text = await page.locator('[data-screen="ecl"]').innerText();
    expect(text).not.toMatch(/ecl\.[a-z]/);
    await screenshot(page, 'ecl-zh');
  }, 300_000);
});
