import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../chromium-path.mjs';
import { BROWSER_MARK } from './memory.mjs';

/** Headless Chromium with the app's query trace switched on in every page. */
export async function launchBrowser() {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('No Chromium found: install one (apt-get install chromium) or set CHROMIUM_PATH.');
  return chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS, '--js-flags=--expose-gc', BROWSER_MARK] });
}

export async function newTracedPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
  await context.addInitScript(() => {
    globalThis.__lblTrace = [];
    // The page clock of the last click, as the app saw it (not when the harness sent it).
    addEventListener('click', (e) => (globalThis.__lblLastClick = e.timeStamp), { capture: true });
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  return { page, close: () => context.close() };
}

/**
 * Waits until the engine has been quiet for `quietMs` and two frames were painted, and returns
 * the page clock then. "Quiet" = every traced call has ended and none started since.
 */
export async function settle(page, quietMs = 120, timeout = 600_000) {
  await page.waitForFunction(
    (quiet) => {
      const t = globalThis.__lblTrace ?? [];
      if (t.some((e) => e.end === undefined)) return false;
      const last = t.reduce((m, e) => Math.max(m, e.end ?? e.start), 0);
      return performance.now() - last >= quiet;
    },
    quietMs,
    { timeout, polling: 20 },
  );
  return page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())))));
}

/** The traced calls made since index `from`. */
export async function traceSince(page, from) {
  return page.evaluate((i) => (globalThis.__lblTrace ?? []).slice(i), from);
}

export async function traceLength(page) {
  return page.evaluate(() => (globalThis.__lblTrace ?? []).length);
}

export async function now(page) {
  return page.evaluate(() => performance.now());
}

/**
 * Runs `action` and measures, on the page clock, from just before it to the end of the last engine
 * call it caused (the moment the last result is handed to the views; Svelte renders it in the same
 * task), or to the end of the action when it caused none. The quiet period is not counted.
 */
export async function measure(page, action, { fromClick = false } = {}) {
  const from = await traceLength(page);
  let t0 = await now(page);
  await action();
  const acted = await now(page);
  await settle(page);
  const entries = await traceSince(page, from);
  // A click is timed from the app's click event: the harness's own round trips are not the app's.
  if (fromClick) t0 = (await page.evaluate(() => globalThis.__lblLastClick ?? null)) ?? t0;
  // Pre-aggregates are built in the background after the views have their figures: not counted
  // in the latency (their build time is reported on its own).
  const lastEnd = entries.filter((e) => !isCubeBuild(e)).reduce((m, e) => Math.max(m, e.end ?? 0), acted);
  return { ms: lastEnd - t0, t0, entries };
}

/** A traced call that builds or sizes a pre-aggregate (coordinator/preaggregate.ts). */
export function isCubeBuild(e) {
  return /lbl_preagg_/.test(e.sql) && !/^\s*WITH/.test(e.sql);
}

/** Switches the app's coordinator between pre-aggregation and plain queries (`?plain=1`), without a reload. */
export async function setPlain(page, plain) {
  await setSearch(page, plain ? '?plain=1' : '');
}

/**
 * Cubes, but no answers ahead of a click (`?ahead=0`): each click asks its cubes; with `slow`, on a
 * new connection per read too (`&quick=0`), as before the connection pool.
 */
export async function setNoAhead(page, off, { slow = false } = {}) {
  await setSearch(page, off ? `?ahead=0${slow ? '&quick=0' : ''}` : '');
}

async function setSearch(page, search) {
  await page.evaluate((q) => history.replaceState(history.state, '', `${q || location.pathname}${location.hash}`), search);
}

export async function figure(page, name) {
  const v = await page.locator(`[data-metric="${name}"]`).first().getAttribute('data-value');
  return v === null || v === '' ? null : Number(v);
}
