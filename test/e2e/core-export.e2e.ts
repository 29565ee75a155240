import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeChecked, metric, openApp, screenshot, showScreen, type AppPage } from './support';
import { chooseFiles, close, importAndWait, rowCounts, waitForMapping } from './support-import';
import { BAD_ROWS, LOANS } from '../fixtures/core-export/generate.mjs';

/**
 * Test book (b), a Chinese core-system export (GBK, 万元, Excel serial dates, 微型/小型/中型,
 * 信用/保证/抵押/质押, five bad rows and a 合计 row), through the real file input of the built app.
 * Every expected figure is computed here with native DuckDB from the raw file, by SQL written in
 * this test: the book the row rules should leave, and each figure over it.
 */
const FILE = 'test/fixtures/core-export/core-export-gbk.csv';

let ref: Record<string, number>;
let sizes: Record<string, { loans: number; balance: number }>;
let dir: string;
let app: AppPage | undefined;

async function reference(): Promise<void> {
  dir = mkdtempSync(join(tmpdir(), 'core-export-'));
  const utf8 = join(dir, 'core.csv');
  writeFileSync(utf8, iconv.decode(readFileSync(FILE), 'gbk'));
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await instance.connect();
  await conn.run(`CREATE TABLE raw AS SELECT row_number() OVER () AS r, * FROM read_csv('${utf8}', all_varchar = true, header = true, null_padding = true)`);
  // The rows a clean book keeps: no 合计 row, an id, the first row of each id, amount > 0, a readable origination date.
  await conn.run(`CREATE TABLE book AS
    WITH kept AS (
      SELECT * FROM raw
      WHERE coalesce(借据号, '') NOT IN ('合计', '')
        AND CAST("贷款金额(万元)" AS DOUBLE) > 0
        AND (发放日期 IS NULL OR try_cast(发放日期 AS INTEGER) IS NOT NULL)
    ), firsts AS (SELECT *, row_number() OVER (PARTITION BY 借据号 ORDER BY r) AS k FROM kept)
    SELECT r, 借据号 AS id, 客户编号 AS borrower, 企业规模 AS size,
      CAST("贷款金额(万元)" AS DOUBLE) * 10000 AS amount, CAST("贷款余额(万元)" AS DOUBLE) * 10000 AS balance,
      CASE 五级分类 WHEN '正常' THEN 1 WHEN '关注' THEN 2 WHEN '次级' THEN 3 WHEN '可疑' THEN 4 WHEN '损失' THEN 5 END AS cls,
      CAST(逾期天数 AS INTEGER) AS dpd, 担保方式 AS guarantee
    FROM firsts WHERE k = 1`);
  const one = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJS()[0] as Record<string, unknown>;
  const r = await one(`SELECT
      (SELECT count(*) FROM raw) AS rows_in,
      count(*) AS loans, count(DISTINCT borrower) AS borrowers, sum(balance) AS balance,
      sum(balance) FILTER (WHERE cls >= 3) / sum(balance) AS npl_balance,
      count(*) FILTER (WHERE cls >= 3) / count(*) AS npl_count,
      count(*) FILTER (WHERE dpd > 90 OR cls >= 3) AS defaults,
      count(*) FILTER (WHERE guarantee = '信用') AS credit_loans,
      sum(balance) FILTER (WHERE size IN ('微型', '小型', '个体工商户')
        AND (SELECT sum(b.amount) FROM book b WHERE b.borrower = book.borrower) <= 10000000) / sum(balance) AS inclusive_share
    FROM book`);
  ref = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)]));
  const bySize = (await conn.runAndReadAll(`SELECT CASE size WHEN '微型' THEN 'micro' WHEN '个体工商户' THEN 'micro' WHEN '小型' THEN 'small' WHEN '中型' THEN 'medium' END AS s,
      count(*) AS loans, sum(balance) AS balance FROM book GROUP BY 1`)).getRowObjectsJS();
  sizes = Object.fromEntries(bySize.map((x) => [String(x.s), { loans: Number(x.loans), balance: Number(x.balance) }]));
  conn.closeSync();
  instance.closeSync();
}

beforeAll(reference);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

afterEach(async () => {
  await closeChecked(app);
  app = undefined;
});

const go = showScreen;

async function importCoreExport(page: Page): Promise<void> {
  await chooseFiles(page, [FILE]);
  await page.getByTestId('pad-ragged').click({ timeout: 90_000 });
  await waitForMapping(page);
}

describe('test book (b): a Chinese core-system export through the real file input', () => {
  it('row rules reject each bad row with its reason, values map to canonical ones, every headline figure matches SQL on the raw file', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await importCoreExport(page);
    // Proposals, with why: 经办支行 → branch; value mapping 微型 → micro.
    expect(await page.locator('[data-table="loans"][data-field="branch"] [data-testid="map-source"]').inputValue()).toBe('经办支行');
    expect(await page.locator('[data-table="loans"][data-field="branch"] [data-testid="proposal-why"]').textContent()).toContain('经办支行');
    const sizeMap = page.locator('[data-testid="value-map"][data-field="enterprise_size"]');
    await sizeMap.locator('summary').click();
    expect(await sizeMap.locator('tr[data-value="微型"]').getAttribute('data-maps-to')).toBe('micro');
    expect(await sizeMap.locator('tr[data-value="个体工商户"]').getAttribute('data-maps-to')).toBe('micro');
    expect(await page.locator('[data-testid="value-map"][data-field="guarantee_type"] tr[data-value="信用"]').getAttribute('data-maps-to')).toBe('none');
    await screenshot(page, 'core-export-mapping-en');

    await page.getByTestId('check-quality').click();
    await page.getByTestId('quality-report').waitFor({ timeout: 120_000 });
    const counts = await rowCounts(page);
    expect(counts.in).toBe(ref.rows_in);
    expect(counts.in).toBe(LOANS + 1);
    expect(counts.accepted).toBe(ref.loans);
    expect(counts.in).toBe(counts.accepted + counts.rejected);
    const byRule = Object.fromEntries(
      await page.locator('[data-testid="rejects-by-rule"] li').evaluateAll((els) => els.map((e) => [e.getAttribute('data-rule'), Number(e.getAttribute('data-count'))])),
    );
    expect(byRule).toEqual({ totals: 1, missing_id: 1, non_positive_amount: 1, unreadable: 1, duplicate_id: 1 });
    const reasons = await page.getByTestId('rejects').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [Number(tr.children[0].textContent), tr.children[1].textContent]));
    expect(reasons.map((r) => r[0])).toEqual([BAD_ROWS.duplicate, BAD_ROWS.missingId, BAD_ROWS.negativeAmount, BAD_ROWS.unreadableDate, LOANS + 1]);
    expect(reasons.map((r) => r[1])).toEqual([
      expect.stringMatching(/^duplicate loan id "JJ202400007" \(row 7 kept\)$/),
      expect.stringMatching(/Loan id .*借据号.* is empty/i),
      expect.stringMatching(/"-20\.00" is not above zero/),
      expect.stringMatching(/"2023年13月45日" is not a date/),
      'totals row',
    ]);
    await screenshot(page, 'core-export-quality-en');
    await importAndWait(page);

    // Overview tiles.
    await go(page, '#/overview');
    expect(await metric(page, 'loans')).toBe(ref.loans);
    expect(await metric(page, 'borrowers')).toBe(ref.borrowers);
    close(await metric(page, 'outstanding_balance'), ref.balance);
    close(await metric(page, 'npl_ratio_balance'), ref.npl_balance);
    close(await metric(page, 'npl_ratio_count'), ref.npl_count);
    close(await metric(page, 'default_rate'), ref.defaults / ref.loans);
    close(await metric(page, 'inclusive_balance_share'), ref.inclusive_share);
    expect(ref.inclusive_share).toBeGreaterThan(0.3);

    // Structure: the breakdown by enterprise size, as a table.
    await go(page, '#/structure?dim=enterprise_size&form=table');
    await page.locator('[data-table="segments"] tr[data-segment]').first().waitFor({ timeout: 60_000 });
    const segs = Object.fromEntries(
      await page.locator('[data-table="segments"] tr[data-segment]').evaluateAll((trs) =>
        trs.map((tr) => [tr.getAttribute('data-segment'), { loans: Number(tr.getAttribute('data-loans')), balance: Number(tr.getAttribute('data-balance')) }]),
      ),
    );
    expect(Object.keys(segs).sort()).toEqual(Object.keys(sizes).sort());
    for (const [s, v] of Object.entries(sizes)) {
      expect(segs[s].loans).toBe(v.loans);
      close(segs[s].balance, v.balance);
    }

    // Cases: every loan once; a search for the duplicated id finds the one loan kept.
    await go(page, '#/cases');
    expect(await metric(page, 'cases_matched')).toBe(ref.loans);
    await page.getByTestId('case-search').fill('JJ202400007');
    await page.waitForFunction(() => document.querySelector('[data-metric="cases_matched"]')?.getAttribute('data-value') === '1', undefined, { timeout: 60_000 });
    await page.locator('[data-case="JJ202400007"]').waitFor();
    expect(await page.locator('[data-testid="case-list"] [data-case]').count()).toBe(1);
    await page.locator('[data-case="JJ202400007"]').click();
    await page.getByTestId('case-borrower').waitFor({ timeout: 60_000 });

    // Root causes: the loans whose causes are traced are the defaults.
    await go(page, '#/causes');
    expect(await metric(page, 'cause_targets')).toBe(ref.defaults);

    // Report: its state figures are the Overview's.
    await go(page, '#/report');
    expect(await metric(page, 'loans')).toBe(ref.loans);
    close(await metric(page, 'outstanding_balance'), ref.balance);
    close(await metric(page, 'npl_ratio_balance'), ref.npl_balance);
  });
});
