import type { Page, Worker } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { baseUrl, metric, openApp, openSample, screenshot, type AppPage } from './support';

/*
 * Every engine call ends: on the production build, the DuckDB worker is killed from inside
 * (an uncaught error, as when it runs out of memory) or silenced (closed, so it never answers),
 * and the app must fail the waiting and later calls with its own message, show it, and offer a
 * fresh engine. The harness shortens the stall limit (10 minutes in use) to a few seconds.
 */
const TIMINGS = { pingAfterMs: 300, quietAfterMs: 1_500, stallMs: 5_000 };

let app: AppPage | undefined;

afterEach(async () => {
  expect(app?.errors ?? []).toEqual([]);
  expect(app?.foreign ?? []).toEqual([]);
  await app?.close();
  app = undefined;
});

async function openWithSample(): Promise<AppPage> {
  const a = await openApp('#/data');
  await a.context.addInitScript((t) => {
    (globalThis as { __lblEngineTimings?: unknown }).__lblEngineTimings = t;
  }, TIMINGS);
  await a.page.reload();
  expect(await a.page.evaluate(() => (globalThis as { __lblEngineTimings?: unknown }).__lblEngineTimings)).toEqual(TIMINGS);
  await openSample(a.page);
  await a.page.locator('[data-nav="overview"]').click();
  expect(await metric(a.page, 'loans')).toBe(20000);
  return a;
}

/** The DuckDB worker of the page. */
async function engineWorker(page: Page): Promise<Worker> {
  for (let i = 0; i < 50; i++) {
    const w = page.workers().find((x) => /duckdb/i.test(x.url()));
    if (w) return w;
    await page.waitForTimeout(100);
  }
  throw new Error(`no DuckDB worker among ${page.workers().map((w) => w.url()).join(', ')}`);
}

async function expectLost(page: Page, reason: 'crashed' | 'stalled'): Promise<void> {
  const banner = page.getByTestId('engine-lost');
  await banner.waitFor({ timeout: 30_000 });
  expect(await banner.getAttribute('data-reason')).toBe(reason);
  expect(await banner.innerText()).toContain(reason === 'crashed' ? 'The engine crashed' : 'The engine stopped answering');
  // The screen's own figures end in the same message, not a spinner.
  await page.locator('[data-state="error"]').first().waitFor({ timeout: 30_000 });
  expect(await page.locator('[data-state="error"]').first().innerText()).toContain('The analysis engine stopped; reload it to continue.');
  expect(await page.locator('[aria-busy="true"]').count()).toBe(0);
}

async function reloadAndReopen(page: Page): Promise<void> {
  await page.getByTestId('engine-reload').click();
  await page.waitForURL((u) => u.href.startsWith(baseUrl));
  await page.getByTestId('engine-lost').waitFor({ state: 'detached', timeout: 30_000 });
  await openSample(page);
  await page.locator('[data-nav="structure"]').click();
  await page.locator('[data-screen="structure"] svg').first().waitFor({ timeout: 60_000 });
  expect(await page.getByTestId('engine-lost').count()).toBe(0);
}

describe('a dead engine', () => {
  it('that crashes fails every later call with its message, and a reload brings a fresh engine', async () => {
    app = await openWithSample();
    const { page } = app;
    const worker = await engineWorker(page);
    // An uncaught error inside the worker, as a wasm out-of-memory abort raises one.
    await worker.evaluate(() => {
      setTimeout(() => {
        throw new Error('simulated out of memory');
      });
    });
    await page.locator('[data-nav="structure"]').click();
    await expectLost(page, 'crashed');
    await screenshot(page, 'engine-lost-crashed');
    await reloadAndReopen(page);
  }, 240_000);

  it('that stops answering fails the waiting calls after the stall limit, saying so, and offers a reload', async () => {
    app = await openWithSample();
    const { page } = app;
    const worker = await engineWorker(page);
    // The worker goes away without a word: its pending and later requests are never answered.
    await worker.evaluate(() => (globalThis as unknown as { close(): void }).close()).catch(() => {});
    await page.locator('[data-nav="structure"]').click();
    await page.getByTestId('engine-quiet').waitFor({ timeout: 30_000 });
    await screenshot(page, 'engine-quiet');
    await expectLost(page, 'stalled');
    expect(await page.getByTestId('engine-lost').innerText()).toContain('5 seconds');
    await screenshot(page, 'engine-lost-stalled');
    await reloadAndReopen(page);
  }, 240_000);
});
