import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { baseUrl, metric, openApp, openSample, type AppPage } from './support';

/*
 * Conformance with what a user sees: the command line (native DuckDB) against the built app
 * (DuckDB-WASM in Chromium) on the sample Bank A book, figure by figure as the Overview tags
 * them (data-metric / data-value), and the report file against the Report screen's export.
 */
const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'loanbook-cli-e2e-'));
let app: AppPage | undefined;

async function cli(...args: string[]): Promise<string> {
  return (await run('node', ['bin/loanbook.mjs', ...args, '--temp-dir', work], { maxBuffer: 64 << 20 })).stdout;
}

afterEach(async () => {
  expect(app?.errors ?? []).toEqual([]);
  expect(app?.foreign ?? []).toEqual([]);
  await app?.close();
  app = undefined;
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const same = (a: number, b: number, label: string) =>
  expect(Math.abs(a - b), `${label}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b)));

async function exportedReport(page: Page): Promise<string> {
  await page.locator('[data-nav="report"]').click();
  await page.locator('[data-testid="report-ready"][data-loading="false"]').waitFor({ timeout: 90_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-export').click()]);
  const chunks: Buffer[] = [];
  for await (const c of (await download.createReadStream())!) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Raw values to 12 significant digits (parallel sums differ in the last bits), the export date blanked. */
function normalised(html: string): string {
  return html
    .replace(/data-value="(-?[\d.e+-]+)"/g, (_, v: string) => `data-value="${Number(v).toPrecision(12)}"`)
    .replace(/\d{4}-\d{2}-\d{2}(<\/footer>)/, 'DATE$1');
}

describe('loanbook on native DuckDB against the built app', () => {
  it('gives every Overview headline figure the app shows for the sample', async () => {
    const json = JSON.parse(await cli('metrics', '--book', 'data-samples/bank-a', '--json'));
    app = await openApp('#/data');
    await openSample(app.page);
    await app.page.locator('[data-nav="overview"]').click();
    await metric(app.page, 'loans');
    const shown = await app.page.evaluate(() =>
      Object.fromEntries([...document.querySelectorAll('[data-testid="overview-tiles"] [data-metric]')].map((e) => [e.getAttribute('data-metric')!, e.getAttribute('data-value')!])),
    );
    expect(Object.keys(shown).length).toBeGreaterThanOrEqual(15);
    for (const [name, value] of Object.entries(shown)) {
      expect(json.figures[name], name).toBeDefined();
      if (value === '') expect(json.figures[name].value, name).toBeNull();
      else same(json.figures[name].value, Number(value), name);
    }
  }, 240_000);

  it('writes the same report file as the Report screen exports', async () => {
    app = await openApp('#/data');
    await openSample(app.page);
    const exported = await exportedReport(app.page);
    const file = join(work, 'report.html');
    // The sample folder holds only the tables; the app opens the sample in yuan, so the CLI is told so.
    await cli('report', '--book', 'data-samples/bank-a', '--out', file, '--name', 'Bank A (sample)', '--app-url', `${baseUrl}/`, '--currency', 'CNY');
    const written = readFileSync(file, 'utf8');
    expect(exported.length).toBeGreaterThan(20_000);
    expect(normalised(written)).toBe(normalised(exported));
  }, 240_000);
});
