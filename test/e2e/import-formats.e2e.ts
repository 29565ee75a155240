import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openApp, screenshot, type AppPage } from './support';
import { chooseFiles, close, closeClean, importAndWait, overviewFigures, rowCounts, sampleTotals, waitForMapping } from './support-import';

const BANK_A = 'data-samples/bank-a';
const GENERATED = 'data-samples/generated/bank-a';

let app: AppPage | undefined;
let ref: Record<string, number>;
let dir: string;

/** JSON (an array of objects) and NDJSON copies of the sample's loans, written by native DuckDB. */
async function writeJsonVariants(to: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await conn.run(`CREATE VIEW loans AS SELECT * FROM '${BANK_A}/loans.parquet' ORDER BY loan_id`);
  await conn.run(`COPY loans TO '${join(to, 'loans.json')}' (FORMAT json, ARRAY true)`);
  await conn.run(`COPY loans TO '${join(to, 'loans.ndjson')}' (FORMAT json)`);
  conn.closeSync();
  instance.closeSync();
}

beforeAll(async () => {
  ref = await sampleTotals();
  dir = mkdtempSync(join(tmpdir(), 'lbl-formats-'));
  await writeJsonVariants(dir);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

afterEach(async () => {
  await closeClean(app);
  app = undefined;
});

describe('the shipped sample imports in every format it ships in, under the built page CSP', () => {
  const formats: [string, () => string][] = [
    ['Parquet', () => `${BANK_A}/loans.parquet`],
    ['Excel .xlsx', () => `${BANK_A}/loans.xlsx`],
    ['UTF-8 CSV', () => `${GENERATED}/loans.csv`],
    ['GBK CSV', () => `${GENERATED}/loans-gbk.csv`],
    ['JSON array', () => join(dir, 'loans.json')],
    ['NDJSON', () => join(dir, 'loans.ndjson')],
  ];
  it.each(formats)('%s: every loan accepted, the Overview shows the sample’s loans, balance and NPL ratio', async (name, path) => {
    app = await openApp('#/data');
    const { page } = app;
    await chooseFiles(page, [path()]);
    await waitForMapping(page);
    await page.getByTestId('check-quality').click();
    await page.getByTestId('quality-report').waitFor({ timeout: 120_000 });
    expect(await rowCounts(page)).toEqual({ in: ref.loans, accepted: ref.loans, rejected: 0 });
    await importAndWait(page);
    const figures = await overviewFigures(page);
    expect(figures.loans).toBe(ref.loans);
    close(figures.balance, ref.balance);
    close(figures.npl, ref.npl);
    if (name === 'Excel .xlsx') await screenshot(page, 'import-formats-xlsx-overview');
  });
});
