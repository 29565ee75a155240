#!/usr/bin/env node
/**
 * Measures how much of a published book the dashboard fetches before its first figure:
 *
 *   node scripts/publish/measure-range-reads.mjs PUBLISHED_DIR
 *
 * Serves the folder with the range-capable static server, opens it in headless Chromium, and
 * reports bytes of data/ (and of everything, the app included) fetched at the first Overview
 * figure and once the whole book is loaded, against the data files' size, with the times. Works
 * for every mode: an aggregate dashboard's data files are its cubes and facts.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../chromium-path.mjs';
import { serveStatic } from '../static-server.mjs';

const dir = process.argv[2];
if (!dir) throw new Error('Usage: node scripts/publish/measure-range-reads.mjs PUBLISHED_DIR');
const dashboard = JSON.parse(await readFile(join(dir, 'dashboard.json'), 'utf8'));
const cubes = dashboard.book.aggregate?.cubes ?? [];
const fileBytes = Object.values(dashboard.book.tables).reduce((s, t) => s + t.bytes, 0) + cubes.reduce((s, c) => s + c.bytes, 0);
const server = await serveStatic(dir);
const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
const dataBytes = () => server.requests.filter((r) => r.path.startsWith('/data/')).reduce((s, r) => s + r.bytes, 0);
const dataRequests = () => server.requests.filter((r) => r.path.startsWith('/data/')).length;
const allBytes = () => server.requests.reduce((s, r) => s + r.bytes, 0);
const mb = (b) => `${(b / 1e6).toFixed(1)} MB`;

const started = Date.now();
await page.goto(`${server.url}/`);
await page.waitForFunction(() => document.querySelector('[data-metric="loans"]')?.getAttribute('data-value'), null, { timeout: 600_000 });
const first = { ms: Date.now() - started, bytes: dataBytes(), requests: dataRequests(), all: allBytes() };
const loans = await page.locator('[data-metric="loans"]').first().getAttribute('data-value');
await page.waitForFunction(() => ['ready', 'error'].includes(document.querySelector('[data-testid="dashboard-banner"]')?.getAttribute('data-status') ?? ''), null, { timeout: 900_000 });
const all = { ms: Date.now() - started, bytes: dataBytes(), requests: dataRequests() };
const status = await page.locator('[data-testid="dashboard-banner"]').getAttribute('data-status');
await browser.close();
await server.close();

console.log(`book: ${loans} loans (${dashboard.mode ?? 'loans'} dashboard), data files ${mb(fileBytes)}${dashboard.book.tables.loans ? ` (loans ${mb(dashboard.book.tables.loans.bytes)})` : ` (${cubes.length} cubes)`}`);
console.log(`first figure: ${(first.ms / 1000).toFixed(2)} s after navigation, fetched ${mb(first.bytes)} = ${((first.bytes / fileBytes) * 100).toFixed(1)} % of the data in ${first.requests} requests; ${mb(first.all)} in all (app and engine included)`);
console.log(`whole book (${status}): ${(all.ms / 1000).toFixed(1)} s, fetched ${mb(all.bytes)} = ${((all.bytes / fileBytes) * 100).toFixed(1)} % in ${all.requests} requests`);
