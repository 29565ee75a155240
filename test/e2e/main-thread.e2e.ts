import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type AppPage } from './support';
import { chooseFiles, waitForMapping } from './support-import';
import { jsonToColumns } from '../../src/lib/ingest/read-json';

/**
 * Issue 17: heavy readers run off the main thread. A large file is chosen through the real file
 * input and a long-task observer records every main-thread task over 50 ms until the mapping
 * shows. CSV and Parquet at 1M loans; NDJSON at 200k (an NDJSON of 1M sample loans, ~1.2 GB, is
 * more than this shared 2-core machine's browser can hold beside the other agents' work).
 * LBL_PROFILE=<file> also writes a CPU profile of the page's main thread during the import.
 */
const BANK_A = 'data-samples/bank-a';
const CASES = [
  { format: 'json', ext: 'ndjson', rows: 200_000 },
  { format: 'csv', ext: 'csv', rows: 1_000_000 },
  { format: 'parquet', ext: 'parquet', rows: 1_000_000 },
] as const;

let app: AppPage | undefined;
let dir: string;

const MEASURE = process.env.LBL_LONG_TASKS === '1';
const pathOf = (c: (typeof CASES)[number]) => join(dir, `loans-${c.rows}.${c.ext}`);

beforeAll(async () => {
  if (!MEASURE) return;
  dir = mkdtempSync(join(tmpdir(), 'lbl-longtask-'));
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  for (const c of CASES) {
    await conn.run(`COPY (
        SELECT * REPLACE (loan_id || '-' || k AS loan_id) FROM '${BANK_A}/loans.parquet', range(${Math.ceil(c.rows / 20_000)}) t(k) ORDER BY k, loan_id LIMIT ${c.rows}
      ) TO '${pathOf(c)}' (FORMAT ${c.format})`);
  }
  conn.closeSync();
  instance.closeSync();
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

afterEach(async () => {
  expect(app?.errors ?? []).toEqual([]);
  expect(app?.consoleErrors ?? []).toEqual([]);
  await app?.close();
  app = undefined;
});

// Measurements with gigabyte-sized files: run on demand (LBL_LONG_TASKS=1), not in every CI run.
describe.runIf(MEASURE)('a large import never blocks the main thread', () => {
  for (const c of CASES) {
    it(`${c.rows} ${c.ext} rows: the longest main-thread task until the mapping shows is at most 200 ms`, async () => {
      const path = pathOf(c);
      let inline = '';
      if (c.ext === 'ndjson') {
        // What parsing on the main thread would cost: the same text through the same parser, here in Node.
        const started = performance.now();
        expect(jsonToColumns(readFileSync(path, 'utf8'), true).rowCount).toBe(c.rows);
        inline = `; parse in Node ${(performance.now() - started).toFixed(0)} ms`;
      }
      app = await openApp('#/data');
      const { page } = app;
      await page.evaluate(() => {
        const w = window as unknown as { __longTasks: number[] };
        w.__longTasks = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) w.__longTasks.push(e.duration);
        }).observe({ type: 'longtask' });
      });
      const trace = process.env.LBL_PROFILE ? `${process.env.LBL_PROFILE}.${c.ext}.json` : '';
      const cdp = trace ? await app.context.newCDPSession(page) : null;
      if (cdp) (await cdp.send('Profiler.enable'), await cdp.send('Profiler.setSamplingInterval', { interval: 1000 }), await cdp.send('Profiler.start'));
      const started = Date.now();
      await chooseFiles(page, [path]);
      await waitForMapping(page);
      // Scoped to the file's card: a text search of the whole page is itself a long task in the page.
      const card = page.locator('[data-testid="import-file"][data-status="read"]');
      await expect.poll(() => card.getByText(`${c.rows.toLocaleString('en-US')} rows`).count(), { timeout: 600_000 }).toBeGreaterThan(0);
      const seconds = (Date.now() - started) / 1000;
      if (cdp) writeFileSync(trace, JSON.stringify((await cdp.send('Profiler.stop')).profile));
      const tasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
      const longest = Math.max(0, ...tasks);
      console.log(
        `main-thread: ${c.rows} rows, ${(statSync(path).size / 2 ** 20).toFixed(0)} MiB ${c.ext}${inline}; mapping after ${seconds.toFixed(1)} s; ` +
          `${tasks.length} long tasks in the page, longest ${longest.toFixed(0)} ms: ${tasks.map((t) => t.toFixed(0)).join(', ')}`,
      );
      expect(longest).toBeLessThanOrEqual(200);
    }, 900_000);
  }
});
