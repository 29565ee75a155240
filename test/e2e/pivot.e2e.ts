import { afterEach, describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { closeChecked, metric, openApp, openSample, screenshot, settled, showScreen, type AppPage } from './support';
import { sampleReference } from './reference';

/**
 * The pivot screen on the sample book, in both languages: a layout built by clicks (a second row
 * level, a figure), the figures against SQL written here, the xlsx download read back equal to the
 * screen, and a cell click filtering Overview.
 */
let app: AppPage | undefined;
afterEach(async () => {
  await closeChecked(app);
  app = undefined;
});

const cellSelector = (measure: string, row: unknown[], col: unknown[]) =>
  `[data-metric="pivot_cell"][data-measure="${measure}"][data-row='${JSON.stringify(row)}'][data-col='${JSON.stringify(col)}']`;

describe('pivot', () => {
  for (const locale of ['en-US', 'zh-CN']) {
    it(`builds a pivot by clicks, exports it as on screen and filters the app (${locale})`, async () => {
      const ref = await sampleReference(`SELECT count(*) FILTER (WHERE industry = 'E') AS e_loans,
        count(*) FILTER (WHERE industry = 'E' AND enterprise_size = 'micro') AS e_micro,
        count(*) FILTER (WHERE industry = 'E' AND enterprise_size = 'micro' AND year(origination_date) = 2024) AS e_micro_2024,
        sum(balance) FILTER (WHERE industry = 'E' AND five_class >= 3) / sum(balance) FILTER (WHERE industry = 'E' AND five_class IS NOT NULL) AS e_npl
        FROM loans`);
      app = await openApp('#/data', { locale });
      const { page } = app;
      await openSample(page);
      await showScreen(page, '#/pivot');
      await settled(page);
      // Build by clicks: enterprise size under industry, NPL ratio (balance) beside loans and default rate.
      await page.locator('[data-add="rows"]').selectOption('enterprise_size');
      await page.locator('[data-measure-choice="nplRatioBalance"]').check();
      await settled(page);
      expect(decodeURIComponent(page.url())).toContain('pr=industry,enterprise_size');
      expect(decodeURIComponent(page.url())).toContain('pm=loans,nplRatioBalance,defaultRate');

      const value = async (sel: string) => Number(await page.locator(sel).getAttribute('data-value'));
      expect(await value(cellSelector('loans', ['E'], []))).toBe(ref.e_loans);
      expect(await value(cellSelector('loans', ['E', 'micro'], []))).toBe(ref.e_micro);
      expect(await value(cellSelector('loans', ['E', 'micro'], ['2024-01-01']))).toBe(ref.e_micro_2024);
      expect(await value(cellSelector('npl_ratio_balance', ['E'], []))).toBeCloseTo(ref.e_npl, 12);
      await page.locator('[data-table="pivot"]').scrollIntoViewIfNeeded();
      await screenshot(page, `pivot-built-${locale}`);

      // The workbook holds every value of the screen, in the same places.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('pivot-xlsx').click()]);
      const chunks: Buffer[] = [];
      for await (const c of (await download.createReadStream())!) chunks.push(c as Buffer);
      const book = XLSX.read(Buffer.concat(chunks), { type: 'buffer' });
      const sheet = book.Sheets[book.SheetNames[0]];
      const aoa = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true, blankrows: true, defval: null });
      const headerRows = await page.locator('[data-table="pivot"] thead tr').count();
      const bodyRows = page.locator('[data-table="pivot"] tbody tr');
      const screen = await bodyRows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('[data-metric="pivot_cell"]')].map((td) => td.getAttribute('data-value'))));
      const top = 3 + headerRows;
      expect(aoa.length).toBe(top + screen.length);
      let compared = 0;
      screen.forEach((cells, i) => {
        const line = aoa[top + i].slice(2);
        expect(line.length).toBe(cells.length);
        cells.forEach((v, j) => {
          if (v === '') expect(line[j]).toBeNull();
          else {
            expect(line[j] as number).toBeCloseTo(Number(v), 9);
            compared++;
          }
        });
      });
      expect(compared).toBeGreaterThan(300);
      expect((sheet['!merges'] ?? []).length).toBeGreaterThan(10);

      // A cell click filters the app: Overview counts the cell's loans.
      await page.locator(cellSelector('loans', ['E', 'micro'], ['2024-01-01'])).locator('button').click();
      await expect.poll(() => decodeURIComponent(page.url())).toContain('f=industry:E;enterprise_size:micro;vintage_year:2024');
      // Through the navigation, which carries the filters (a bare hash would drop them).
      await page.locator('[data-nav="overview"]').click();
      await page.locator('[data-screen="overview"]').first().waitFor({ timeout: 60_000 });
      await expect.poll(() => metric(page, 'loans'), { timeout: 60_000 }).toBe(ref.e_micro_2024);
      await screenshot(page, `pivot-filtered-overview-${locale}`);
    }, 240_000);
  }

  it('restores a layout from the URL: quarters of snapshot dates, folded groups, heat colouring', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await openSample(page);
    await showScreen(page, '#/pivot?pr=industry,branch&pc=snapshot_date~quarter&pm=outstandingBalance,nplRatioBalance&ph=nplRatioBalance&px=' + encodeURIComponent('["r[\\"E\\"]"]'));
    await settled(page);
    const ref = await sampleReference(`SELECT sum(s.balance) AS bal FROM snapshots s JOIN loans l USING (loan_id) WHERE l.industry = 'E' AND s.snapshot_date = DATE '2025-12-31'`);
    const e = page.locator(cellSelector('outstanding_balance', ['E'], ['2025-10-01']));
    expect(Number(await e.getAttribute('data-value'))).toBeCloseTo(ref.bal, 2);
    // E is folded: none of its branches is drawn; K is open.
    expect(await page.locator(`[data-metric="pivot_cell"][data-row^='["E",']`).count()).toBe(0);
    expect(await page.locator(`[data-metric="pivot_cell"][data-row^='["K",']`).count()).toBeGreaterThan(0);
    await page.locator(`[data-toggle='r["E"]']`).click();
    await expect.poll(() => page.locator(`[data-metric="pivot_cell"][data-row^='["E",']`).count()).toBeGreaterThan(0);
    await screenshot(page, 'pivot-snapshots-en-US');
  }, 240_000);
});
