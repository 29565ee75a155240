import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openApp, openSample, screenshot, type AppPage } from './support';

/**
 * Root causes by excess risk: the Causes screen ranks causes by the defaults their flags add, the
 * same ranking as the Report screen; the count view stays, labelled; outcome-reading flags apart.
 */
let app: AppPage | undefined;

afterEach(async () => {
  expect(app?.errors ?? []).toEqual([]);
  expect(app?.foreign ?? []).toEqual([]);
  await app?.close();
  app = undefined;
});

const CAUSES = ['C1', 'C2', 'C3', 'C4'];

/** A figure tagged with data-metric that may be hidden (ranks, raw excess beside the chart). */
async function hiddenMetric(page: Page, name: string): Promise<number> {
  const el = page.locator(`[data-metric="${name}"]`).first();
  await el.waitFor({ state: 'attached', timeout: 60_000 });
  return Number(await el.getAttribute('data-value'));
}

async function ranks(page: Page, name: (c: string) => string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const c of CAUSES) out[c] = await hiddenMetric(page, name(c));
  return out;
}

describe('root causes ranked by excess defaults', () => {
  for (const locale of ['en-US', 'zh-CN'] as const) {
    it(`the Pareto by excess defaults equals the report's ranking (${locale})`, async () => {
      app = await openApp('#/data', { locale });
      const { page } = app;
      await openSample(page);
      await page.locator('[data-nav="causes"]').click();
      await page.locator('[data-chart="cause-excess"] svg').first().waitFor({ timeout: 90_000 });
      const onCauses = await ranks(page, (c) => `pareto_excess_rank_${c}`);
      const excess = Object.fromEntries(await Promise.all(CAUSES.map(async (c) => [c, await hiddenMetric(page, `pareto_excess_${c}`)] as const)));
      await page.locator('[data-chart="cause-pareto"] svg').first().waitFor();
      expect(await page.getByTestId('outcome-reading-flags').count()).toBe(1);
      // The fishbone ranks its branches the same way, the outcome-reading flags apart; its count view stays, labelled.
      const fishbone = page.locator('[data-chart="fishbone"][data-view="excess"]');
      await fishbone.waitFor({ timeout: 60_000 });
      const boneRanks = await fishbone.locator('section.bone').evaluateAll((els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-cause'), Number(e.getAttribute('data-rank'))])));
      expect(boneRanks).toEqual(onCauses);
      expect(await fishbone.locator('section.bone').evaluateAll((els) => els.map((e) => e.getAttribute('data-cause')))).toEqual(Object.entries(onCauses).sort((a, b) => a[1] - b[1]).map(([c]) => c));
      for (const c of CAUSES) expect(await hiddenMetric(page, `fishbone_excess_${c}`), c).toBeCloseTo(excess[c], 9);
      expect(await page.getByTestId('fishbone-reads-outcome').count()).toBe(1);
      await page.locator('[data-fishbone-view="count"]').click();
      await page.locator('[data-chart="fishbone"][data-view="count"]').waitFor();
      expect(await page.evaluate(() => location.hash)).toContain('fb=count');
      expect(await page.getByTestId('fishbone-reads-outcome').count()).toBe(0);
      await page.locator('[data-fishbone-view="excess"]').click();
      await fishbone.waitFor();
      await screenshot(page, `causes-excess-${locale === 'en-US' ? 'en' : 'zh'}`);

      await page.locator('[data-nav="report"]').click();
      await page.locator('[data-testid="report-ready"][data-loading="false"]').waitFor({ timeout: 120_000 });
      const onReport = await ranks(page, (c) => `cause_${c}_rank`);
      expect(onCauses).toEqual(onReport);
      for (const c of CAUSES) expect(await hiddenMetric(page, `cause_${c}_excess`), c).toBeCloseTo(excess[c], 9);
      // The planted strengths: C1 strongest, then C3, C4, C2 (test/unit/report/sample.test.ts).
      expect(Object.entries(onCauses).sort((a, b) => a[1] - b[1]).map(([c]) => c)).toEqual(['C1', 'C3', 'C4', 'C2']);
    }, 300_000);
  }
});
