import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { metric, openApp, openSample, screenshot, type AppPage } from './support';
import { chooseFiles, close, importAndWait, overviewFigures, rowCounts, waitForMapping } from './support-import';
import { sampleReference } from './reference';

const GENERATED = 'data-samples/generated/bank-a';

let app: AppPage | undefined;
let ref: Record<string, number>;
let dir: string;

beforeAll(async () => {
  ref = await sampleReference(`
    SELECT count(*) AS loans, sum(balance) AS balance,
      sum(balance) FILTER (WHERE five_class IN (3, 4, 5)) / sum(balance) FILTER (WHERE five_class IS NOT NULL) AS npl
    FROM loans`);
  dir = mkdtempSync(join(tmpdir(), 'lbl-engine-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

afterEach(async () => {
  expect(app?.errors ?? []).toEqual([]);
  expect(app?.consoleErrors ?? []).toEqual([]);
  expect(app?.foreign ?? []).toEqual([]);
  await app?.close();
  app = undefined;
});

const fixture = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

/** Records the engine's calls (src/lib/db/trace.ts) from now on. */
async function traceEngine(page: AppPage['page']): Promise<void> {
  await page.evaluate(() => void ((window as unknown as { __lblTrace: unknown[] }).__lblTrace = []));
}

/** Waits until a statement starting with `prefix` is running in the engine. */
async function engineRunning(page: AppPage['page'], prefix: string): Promise<void> {
  await page.waitForFunction(
    (p) => ((window as unknown as { __lblTrace: { sql: string; end?: number }[] }).__lblTrace ?? []).some((t) => t.sql.startsWith(p) && t.end === undefined),
    prefix,
    { timeout: 60_000, polling: 10 },
  );
}

describe('cancel leaves the engine clean (issue 14 item 7)', () => {
  it('an import cancelled while the build statement runs keeps the open book; the next check and import succeed', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await openSample(page);
    await chooseFiles(page, [`${GENERATED}/loans.csv`]);
    await waitForMapping(page);
    await traceEngine(page);
    await page.getByTestId('import-book').click();
    await engineRunning(page, 'CREATE OR REPLACE TABLE "__lb_build_check_loans"');
    await page.getByTestId('import-cancel').click();
    await page.getByText('The import was cancelled. Nothing was changed.').waitFor({ timeout: 60_000 });
    expect(await metric(page, 'book_loans')).toBe(ref.loans);
    await page.getByTestId('check-quality').click();
    await page.getByTestId('quality-report').waitFor({ timeout: 120_000 });
    expect(await rowCounts(page)).toEqual({ in: ref.loans, accepted: ref.loans, rejected: 0 });
    await importAndWait(page);
    const figures = await overviewFigures(page);
    expect(figures.loans).toBe(ref.loans);
    close(figures.balance, ref.balance);
  });
});
