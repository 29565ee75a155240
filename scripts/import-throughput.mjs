#!/usr/bin/env node
/**
 * Measures the import through the real Data screen in headless Chromium: time to read a file into
 * a raw table, to propose the mapping, to build + check + activate the book, and to keep it in
 * OPFS; rows/s; peak JS heap of the page (performance.memory sampled every 50 ms in the page and
 * CDP Performance.getMetrics every 100 ms; the DuckDB worker's wasm memory is not JS heap).
 *
 *   npx vite build
 *   node scripts/generate-sample.mjs --loans 1000000 --out /tmp/big --formats parquet,csv
 *   node scripts/import-throughput.mjs /tmp/big/loans.csv /tmp/big/loans.parquet
 */
import { statSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from './chromium-path.mjs';
import { serveStatic } from './static-server.mjs';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node scripts/import-throughput.mjs FILE [FILE …]');
  process.exit(2);
}

const server = await serveStatic('dist');
const browser = await chromium.launch({ executablePath: findChromium(), headless: true, args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'] });
const results = [];
try {
  for (const file of files) results.push(await measure(file));
} finally {
  await browser.close();
  await server.close();
}
console.table(results);

async function measure(file) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  let peakHeap = 0;
  const sampler = setInterval(async () => {
    try {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
      peakHeap = Math.max(peakHeap, used);
    } catch {
      // The page is closing.
    }
  }, 100);
  try {
    // In-page sampler too: CDP calls wait while the main thread is busy and can miss a peak.
    await page.addInitScript(() => {
      globalThis.__peakHeap = 0;
      setInterval(() => (globalThis.__peakHeap = Math.max(globalThis.__peakHeap, performance.memory?.usedJSHeapSize ?? 0)), 50);
    });
    await page.goto(`${server.url}/#/data`);
    // Start the engine first, so the figures are about the import, not DuckDB's start.
    await page.getByTestId('kept-books').waitFor();
    const t0 = Date.now();
    await page.getByTestId('import-file-input').setInputFiles(file);
    await page.getByTestId('file-read').waitFor({ timeout: 600_000 });
    const t1 = Date.now();
    await page.getByTestId('mapping').waitFor({ timeout: 600_000 });
    const t2 = Date.now();
    await page.getByTestId('import-book').click();
    await page.getByTestId('import-done').waitFor({ timeout: 600_000 });
    const t3 = Date.now();
    const peakBeforeKeep = await page.evaluate(() => globalThis.__peakHeap);
    await page.locator('[data-testid="import-done"][data-keeping="false"]').waitFor({ timeout: 600_000 });
    const t4 = Date.now();
    const rows = Number(await page.locator('[data-metric="rows_accepted"]').first().getAttribute('data-value'));
    const kept = await page.locator('[data-testid="import-done"]').getAttribute('data-kept');
    const heapApi = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? null);
    const peakInPage = await page.evaluate(() => globalThis.__peakHeap);
    return {
      file,
      mb: +(statSync(file).size / 1024 / 1024).toFixed(1),
      rows,
      read_s: (t1 - t0) / 1000,
      mapping_s: (t2 - t1) / 1000,
      build_check_activate_s: (t3 - t2) / 1000,
      keep_s: (t4 - t3) / 1000,
      kept,
      rows_per_s_to_book: Math.round(rows / ((t3 - t0) / 1000)),
      peak_js_heap_to_book_mb: Math.round(peakBeforeKeep / 1024 / 1024),
      peak_js_heap_mb: Math.round(Math.max(peakHeap, peakInPage) / 1024 / 1024),
      js_heap_after_mb: heapApi === null ? null : Math.round(heapApi / 1024 / 1024),
    };
  } finally {
    clearInterval(sampler);
    await context.close();
  }
}
