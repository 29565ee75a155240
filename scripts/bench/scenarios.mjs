import { figure, measure, newTracedPage, settle, traceLength, traceSince } from './browser.mjs';

export const SCREENS = ['overview', 'structure', 'causes', 'process', 'cases'];
const AFTER_OVERVIEW = SCREENS.slice(1);

/**
 * Opens the app on a fresh page and loads a book with `load(page)`; returns the time from
 * navigation start to the first headline figure (engine start included) and the load's trace.
 */
export async function coldStart(browser, baseUrl, load) {
  const { page, close } = await newTracedPage(browser);
  await page.goto(`${baseUrl}/#/data`);
  const loadMs = await load(page);
  const loadEntries = await traceLength(page);
  const overview = measure(page, () => showScreen(page, 'overview'));
  const firstFigure = await page
    .waitForFunction(() => (document.querySelector('[data-metric="npl_ratio_balance"]')?.getAttribute('data-value') ? performance.now() : 0), null, {
      timeout: 600_000,
      polling: 'raf',
    })
    .then((h) => h.jsonValue());
  const overviewRender = await overview;
  return { page, close, firstFigure, loadMs, loadEntries, overviewRender, trace: await traceSince(page, 0) };
}

/** Navigates and waits for the screen's own element (screens are lazily loaded chunks). */
async function showScreen(page, screen) {
  await page.evaluate((s) => (location.hash = `#/${s}`), screen);
  await page.locator(`[data-screen="${screen}"]`).first().waitFor({ timeout: 120_000 });
}

/** Each further screen's first render on a page that has the book open: hash change → engine quiet. */
export async function screenRenders(page) {
  const out = {};
  for (const screen of AFTER_OVERVIEW) {
    const r = await measure(page, () => showScreen(page, screen));
    out[screen] = r;
  }
  return out;
}

/**
 * Cross-filter latency on the Overview: click each bar of the five-category chart in turn (each
 * click a new filter state, so nothing is served from the cache), then a repeated click (cached).
 */
export async function crossFilter(page) {
  await page.evaluate(() => (location.hash = '#/overview'));
  await settle(page);
  const bars = page.locator('[data-chart="class-mix"] svg g[aria-label="bar"] rect');
  const n = await bars.count();
  const cold = [];
  const entries = [];
  const clicks = [];
  for (let i = 0; i < n; i++) {
    const box = await bars.nth(i).boundingBox();
    if (!box || box.width < 1) continue;
    const x = box.x + Math.max(2, box.width / 2);
    const y = box.y + box.height / 2;
    await page.mouse.move(x, y);
    const r = await measure(page, () => page.mouse.click(x, y), { fromClick: true });
    cold.push(r.ms);
    entries.push(...r.entries);
    clicks.push(r);
  }
  const cached = await measure(page, () => page.keyboard.press('Escape'));
  const loans = await figure(page, 'loans');
  await settle(page);
  return { cold, cached: cached.ms, entries, clicks, loansAfter: loans };
}

/**
 * Keeping and reopening a book (issue 18): imports it in a fresh page, times the save to the
 * browser's storage, then reloads (the app reopens the kept book that was open) and times the
 * reopen to the Overview's first figure, sampling the page's JS heap (CDP Runtime.getHeapUsage)
 * throughout, save and reopen apart.
 */
export async function keepAndReopen(browser, baseUrl, load) {
  const { page, close } = await newTracedPage(browser);
  try {
    const cdp = await page.context().newCDPSession(page);
    const heap = heapSampler(cdp);
    await page.goto(`${baseUrl}/#/data`);
    await load(page);
    heap.reset();
    const savedFrom = Date.now();
    await page.locator('[data-testid="import-done"][data-keeping="false"]').waitFor({ timeout: 1_800_000 });
    const saveMs = Date.now() - savedFrom;
    const saveHeap = heap.peak();
    await page.goto(`${baseUrl}/#/overview`);
    const reopenFrom = Date.now();
    await page.reload();
    heap.reset();
    await page.waitForFunction(() => document.querySelector('[data-metric="npl_ratio_balance"]')?.getAttribute('data-value'), null, { timeout: 1_800_000, polling: 500 });
    const reopenMs = Date.now() - reopenFrom;
    const result = { saveMs, saveHeapBytes: saveHeap, reopenMs, reopenHeapBytes: heap.peak() };
    heap.stop();
    return result;
  } finally {
    await close();
  }
}

/** Peak JS heap of the page's main thread, sampled every 100 ms. */
function heapSampler(cdp) {
  let peak = 0;
  let stopped = false;
  (async () => {
    while (!stopped) {
      const usage = await cdp.send('Runtime.getHeapUsage').catch(() => null);
      if (usage) peak = Math.max(peak, usage.usedSize);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return { peak: () => peak, reset: () => (peak = 0), stop: () => (stopped = true) };
}
