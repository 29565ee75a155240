import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { metric, openApp, openSample, screenshot, type AppPage } from './support';
import { chooseFiles, close, closeClean, importAndWait, overviewFigures, rowCounts, sampleTotals, waitForMapping } from './support-import';

const GENERATED = 'data-samples/generated/bank-a';

let app: AppPage | undefined;
let ref: Record<string, number>;
let dir: string;

beforeAll(async () => {
  ref = await sampleTotals();
  dir = mkdtempSync(join(tmpdir(), 'lbl-engine-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

afterEach(async () => {
  await closeClean(app);
  app = undefined;
});

const fixture = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

/** 200 loans L001…L200 (amount 1000·i, balance 500·i, dpd 0 or 120), with extra columns. */
const LOANS = Array.from({ length: 200 }, (_, k) => ({ id: `L${String(k + 1).padStart(3, '0')}`, amount: 1000 * (k + 1), balance: 500 * (k + 1), dpd: k % 10 === 0 ? 120 : 0 }));
const BALANCE = LOANS.reduce((s, l) => s + l.balance, 0);
const csv = (header: string, row: (l: (typeof LOANS)[number], k: number) => string) => `${header}\n${LOANS.map(row).join('\n')}\n`;

async function writeParquet(name: string, sql: string): Promise<string> {
  const path = join(dir, name);
  const native = await DuckDBInstance.create(':memory:');
  const conn = await native.connect();
  await conn.run(`COPY (${sql}) TO '${path}' (FORMAT parquet)`);
  conn.closeSync();
  native.closeSync();
  return path;
}

async function importedLoans(page: AppPage['page'], loans: number, balance: number): Promise<void> {
  await page.getByTestId('check-quality').click();
  await page.getByTestId('quality-report').waitFor({ timeout: 120_000 });
  expect(await rowCounts(page)).toEqual({ in: loans, accepted: loans, rejected: 0 });
  await importAndWait(page);
  await page.locator('[data-nav="overview"]').click();
  expect(await metric(page, 'loans')).toBe(loans);
  close(await metric(page, 'outstanding_balance'), balance);
}

describe('an import never replaces the open book with an empty one; internal names are out of reach (item 2)', () => {
  it('200 rows that are all rejected: "None of the 200 rows could be accepted", the sample stays open', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await openSample(page);
    await chooseFiles(page, [fixture('all-rejected.csv', csv('loan_id,amount,balance,dpd', (l) => `${l.id},abc,${l.balance},${l.dpd}`))]);
    await waitForMapping(page);
    expect(await page.locator('[data-field="amount"] [data-testid="map-source"]').first().inputValue()).toBe('amount');
    await page.getByTestId('import-book').click();
    const error = page.getByTestId('import-error-message');
    await error.waitFor({ timeout: 120_000 });
    expect(await error.textContent()).toBe('None of the 200 rows could be accepted (200 rejected), so the open book was kept. Check the mapping and the reasons in the quality report.');
    expect(await page.locator('.import-error strong').textContent()).toBe('The book could not be built from this file');
    await page.getByTestId('previous-intact').waitFor();
    expect(await metric(page, 'book_loans')).toBe(ref.loans);
    await screenshot(page, 'import-nothing-accepted-en');
    await page.locator('[data-nav="overview"]').click();
    expect(await metric(page, 'loans')).toBe(ref.loans);
  });

  it('a source column named __reason (and one named __lb_reason) is an extra attribute: 200 in = 200 accepted', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await chooseFiles(page, [fixture('reason-column.csv', csv('loan_id,amount,balance,dpd,__reason,__lb_reason', (l) => `${l.id},${l.amount},${l.balance},${l.dpd},duplicate,bad`))]);
    await waitForMapping(page);
    await importedLoans(page, 200, BALANCE);
  });
});

describe('a ROWID column does not double loans (item 3)', () => {
  it('Parquet with ROWID: 200 in = 200 accepted, 200 loans on the Overview', async () => {
    const rows = LOANS.map((l) => `('${l.id}', ${l.amount}, ${l.balance}, ${l.dpd}, ${LOANS.length - Number(l.id.slice(1)) + 1})`).join(', ');
    const path = await writeParquet('rowid.parquet', `SELECT * FROM (VALUES ${rows}) t(loan_id, amount, balance, dpd, "ROWID")`);
    app = await openApp('#/data');
    const { page } = app;
    await chooseFiles(page, [path]);
    await waitForMapping(page);
    await importedLoans(page, 200, BALANCE);
  });

  it('CSV with rowid: 200 in = 200 accepted', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await chooseFiles(page, [fixture('rowid.csv', csv('rowid,loan_id,amount,balance,dpd', (l, k) => `${k % 3},${l.id},${l.amount},${l.balance},${l.dpd}`))]);
    await waitForMapping(page);
    await importedLoans(page, 200, BALANCE);
  });
});

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

describe('a wide file imports (item 10)', () => {
  it('600 columns × 100 rows: columns read, 100 in = 100 accepted, 100 loans on the Overview', async () => {
    const extra = Array.from({ length: 597 }, (_, c) => `attr_${c + 1}`);
    const header = ['loan_id', 'amount', 'dpd', ...extra].join(',');
    const body = Array.from({ length: 100 }, (_, r) => [`W${r + 1}`, 1000 * (r + 1), r % 4 === 0 ? 120 : 0, ...extra.map((_, c) => `v${(r * 7 + c) % 53}`)].join(','));
    app = await openApp('#/data');
    const { page } = app;
    await chooseFiles(page, [fixture('wide.csv', `${header}\n${body.join('\n')}\n`)]);
    await waitForMapping(page);
    expect(await page.getByTestId('file-read').textContent()).toMatch(/100 rows, 600 columns/);
    await page.getByTestId('check-quality').click();
    await page.getByTestId('quality-report').waitFor({ timeout: 120_000 });
    expect(await rowCounts(page)).toEqual({ in: 100, accepted: 100, rejected: 0 });
    await importAndWait(page);
    await page.locator('[data-nav="overview"]').click();
    expect(await metric(page, 'loans')).toBe(100);
  });
});

describe('JSON as APIs write it (item 12)', () => {
  it('an API envelope with ids above 2^53 and a __proto__ key: 3 loans, every id digit kept', async () => {
    const json = `{"code": 0, "msg": "ok", "data": {"total": 3, "rows": [
      {"loan_id": 12345678901234567891, "amount": 1000, "balance": 100, "dpd": 0, "__proto__": {"x": 1}},
      {"loan_id": 12345678901234567892, "amount": 2000, "balance": 200, "dpd": 120, "__proto__": "y"},
      {"loan_id": 12345678901234567893, "amount": 4000, "balance": 400, "dpd": 0}]}}`;
    app = await openApp('#/data');
    const { page } = app;
    await chooseFiles(page, [fixture('envelope.json', json)]);
    await waitForMapping(page);
    expect(await page.getByTestId('file-read').textContent()).toMatch(/3 rows, 5 columns/);
    expect(await page.locator('[data-field="loan_id"] [data-testid="map-source"]').first().inputValue()).toBe('loan_id');
    expect(await page.locator('[data-field="loan_id"]').first().textContent()).toContain('12345678901234567891');
    await importedLoans(page, 3, 700);
  });
});

describe('CSV progress (item 12)', () => {
  it('while the engine parses, the bar moves without a value and the label gives the size, not "X of X"', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await traceEngine(page);
    await chooseFiles(page, [`${GENERATED}/loans.csv`]);
    await engineRunning(page, 'CREATE TABLE "raw_');
    const progress = page.getByTestId('import-progress');
    expect(await progress.getAttribute('data-phase')).toBe('parsing');
    expect(await progress.locator('progress').getAttribute('value')).toBeNull();
    expect(await progress.textContent()).toMatch(/Parsing\s+file of 7\.2 MB/);
    expect(await progress.textContent()).not.toMatch(/ of 7\.2 MB of /);
    await waitForMapping(page);
  });
});
