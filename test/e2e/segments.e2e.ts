import { afterEach, describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { closeChecked, metric, openApp, openSample, screenshot, settled, showScreen, type AppPage } from './support';
import { sampleReference } from './reference';

/**
 * The segment finder on the sample book, in both languages: results listed, the first one carries
 * the planted missing-statements mechanism, its loans and bad loans equal SQL written here from the
 * segment's own key, and its button filters the app: Overview then counts the segment's loans.
 */
let app: AppPage | undefined;
afterEach(async () => {
  await closeChecked(app);
  app = undefined;
});

/** `a=v&b=w` (a `~` value for missing) as SQL over the raw loans table. */
function whereOf(key: string): string {
  return key
    .split('&')
    .map((part) => {
      const [a, v] = part.split('=');
      return v === '~' ? `${a} IS NULL` : `CAST(${a} AS VARCHAR) = '${v.replace(/'/g, "''")}'`;
    })
    .join(' AND ');
}

describe('segment finder', () => {
  for (const locale of ['en-US', 'zh-CN']) {
    it(`lists the segments that concentrate defaults and filters Overview by a click (${locale})`, async () => {
      app = await openApp('#/data', { locale });
      const { page } = app;
      await openSample(page);
      await showScreen(page, '#/causes?tab=segments');
      expect(await metric(page, 'segments_found')).toBeGreaterThan(5);
      expect(await metric(page, 'segment_cells_tested')).toBeGreaterThan(1000);
      await settled(page);
      const first = page.locator('[data-table="segments"] tbody tr').first();
      const key = (await first.getAttribute('data-segment'))!;
      expect(key).toContain('has_financial_statements=false');
      const ref = await sampleReference(`SELECT count(*) AS n, count(*) FILTER (WHERE default_flag) AS d FROM (
        SELECT *, CASE WHEN term_months <= 12 THEN '≤12m' WHEN term_months <= 24 THEN '13–24m' WHEN term_months <= 36 THEN '25–36m' ELSE '>36m' END AS term_bucket,
          year(origination_date) AS vintage_year FROM loans) WHERE ${whereOf(key)}`);
      expect(Number(await first.locator('[data-col="loans"]').getAttribute('data-value'))).toBe(ref.n);
      expect(Number(await first.locator('[data-col="defaults"]').getAttribute('data-value'))).toBe(ref.d);
      // The rows are by excess, largest first.
      const excess = await page.locator('[data-table="segments"] tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-value'))));
      expect(excess).toEqual([...excess].sort((a, b) => b - a));
      // A root-cause band (relationship < 6 months, new to the bank: C1) is among the segments, named in words, and counts the loans SQL written here counts.
      const keys = await page.locator('[data-table="segments"] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-segment')!));
      const OTHER_BANDS = /(officer_tenure_band|officer_trained|first_inspection_band|above_authority|disbursed_before_approval)=/;
      const bandKey = keys.find((k) => k.includes('relationship_band=under_6m') && !OTHER_BANDS.test(k))!;
      expect(bandKey, keys.slice(0, 10).join(' | ')).toBeDefined();
      const band = page.locator(`[data-table="segments"] tbody tr[data-segment="${bandKey}"]`);
      expect(await band.locator('th').innerText()).toContain(locale === 'zh-CN' ? '新客户（不满6个月）' : 'New (< 6 months)');
      const bandRef = await sampleReference(`SELECT count(*) AS n FROM (
        SELECT *, CASE WHEN relationship_start_date > origination_date - INTERVAL 6 MONTH THEN 'under_6m' END AS relationship_band,
          CASE WHEN term_months <= 12 THEN '≤12m' WHEN term_months <= 24 THEN '13–24m' WHEN term_months <= 36 THEN '25–36m' ELSE '>36m' END AS term_bucket,
          year(origination_date) AS vintage_year FROM loans) WHERE ${whereOf(bandKey)}`);
      expect(Number(await band.locator('[data-col="loans"]').getAttribute('data-value'))).toBe(bandRef.n);
      // No segment shows a band's code or a column name instead of words.
      const labels = await page.locator('[data-table="segments"] tbody th').allInnerTexts();
      for (const l of labels) expect(l).not.toMatch(/under_|1_3y|3y_plus|6m_2y|2y_plus|within_90d|after_90d|not_due|_band|_trained|\btrue\b|\bfalse\b/);
      await page.getByTestId('segment-finder').scrollIntoViewIfNeeded();
      await screenshot(page, `segments-${locale}`);

      // The screen as a workbook: the segments sheet read back equals the table on screen.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('screen-workbook').click()]);
      const chunks: Buffer[] = [];
      for await (const c of (await download.createReadStream())!) chunks.push(c as Buffer);
      const book = XLSX.read(Buffer.concat(chunks), { type: 'buffer' });
      const title = (await page.locator('#segments-title').innerText()).trim();
      const sheetName = book.SheetNames.find((n) => n === title);
      expect(sheetName, book.SheetNames.join(' | ')).toBeDefined();
      const aoa = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets[sheetName!], { header: 1, raw: true, blankrows: true, defval: null });
      expect(String(aoa[0][0])).toContain(title);
      expect(aoa.slice(1, 4).map((r) => r.length >= 2)).toEqual([true, true, true]);
      const screenRows = await page.locator('[data-table="segments"] tbody tr').evaluateAll((trs) =>
        trs.map((tr) => ['loans', 'defaults', 'rate', 'lift', 'liftLow', 'excess'].map((c) => Number(tr.querySelector(`[data-col="${c}"]`)?.getAttribute('data-value')))),
      );
      const header = aoa.findIndex((r) => r[2] !== null);
      const body = aoa.slice(header + 1).filter((r) => r.some((v) => v !== null));
      expect(body).toHaveLength(screenRows.length);
      body.forEach((r, i) => {
        const [loans, defaults, rate, lift, liftLow, excess] = screenRows[i];
        expect([r[1], r[2]]).toEqual([loans, defaults]);
        expect(r[3] as number).toBeCloseTo(rate, 12);
        expect(r[4] as number).toBeCloseTo(lift, 12);
        expect(r[5] as number).toBeCloseTo(liftLow, 12);
        expect(r[7] as number).toBeCloseTo(excess, 9);
      });

      await first.getByTestId('segment-filter').click();
      await page.locator('[data-screen="overview"]').first().waitFor({ timeout: 60_000 });
      expect(decodeURIComponent(page.url())).toContain('has_financial_statements:false');
      await expect.poll(() => metric(page, 'loans'), { timeout: 60_000 }).toBe(ref.n);
      // The chip names the value as a person reads it, not the URL's text.
      const chip = (await page.locator('[data-testid="filter-bar"] [data-filter="has_financial_statements"]').innerText()).trim();
      expect(chip).toMatch(locale === 'zh-CN' ? /否/ : /No/);
      expect(chip).not.toContain('false');
      await settled(page);
      await screenshot(page, `segments-filtered-overview-${locale}`);

      // Overview as a workbook: a sheet per chart, each with the filters on top and the chart's table below.
      const charts = await page.locator('[data-screen="overview"] figure.chart').count();
      expect(charts).toBeGreaterThan(1);
      const [ov] = await Promise.all([page.waitForEvent('download'), page.locator('[data-screen="overview"]').getByTestId('screen-workbook').click()]);
      const parts: Buffer[] = [];
      for await (const c of (await ov.createReadStream())!) parts.push(c as Buffer);
      const overview = XLSX.read(Buffer.concat(parts), { type: 'buffer' });
      expect(overview.SheetNames).toHaveLength(charts);
      const filtersLine = XLSX.utils.sheet_to_json<unknown[]>(overview.Sheets[overview.SheetNames[0]], { header: 1, raw: true, defval: null })[1];
      expect(String(filtersLine[1])).toContain(locale === 'zh-CN' ? '否' : 'No');
    }, 300_000);
  }

  it('the Causes tab as a workbook: a sheet per chart and the flag table, whose figures equal the table on screen', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await openSample(page);
    await showScreen(page, '#/causes');
    await page.locator('[data-table="flag-stats"] tbody tr').first().waitFor({ timeout: 60_000 });
    await settled(page);
    const charts = await page.locator('[data-screen="causes"] figure.chart').count();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('screen-workbook').click()]);
    const chunks: Buffer[] = [];
    for await (const c of (await download.createReadStream())!) chunks.push(c as Buffer);
    const book = XLSX.read(Buffer.concat(chunks), { type: 'buffer' });
    expect(book.SheetNames).toHaveLength(charts + 1);
    const title = (await page.locator('#flag-stats-title').innerText()).trim();
    // A sheet name is cut to Excel's 31 characters: find the sheet by its first line, which names the table in full.
    const sheets = book.SheetNames.map((n) => XLSX.utils.sheet_to_json<unknown[]>(book.Sheets[n], { header: 1, raw: true, blankrows: true, defval: null }));
    const aoa = sheets.find((rows) => String(rows[0]?.[0]).endsWith(title))!;
    expect(aoa, book.SheetNames.join(' | ')).toBeDefined();
    const header = aoa.findIndex((r) => r[2] !== null);
    const body = aoa.slice(header + 1).filter((r) => r.some((v) => v !== null));
    const screen = await page.locator('[data-table="flag-stats"] tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ['flagged', 'defaultRateWith', 'lift'].map((c) => tr.querySelector(`[data-col="${c}"]`)?.getAttribute('data-value') ?? '')),
    );
    expect(body).toHaveLength(screen.length);
    body.forEach((r, i) => {
      expect(r[2]).toBe(Number(screen[i][0]));
      if (screen[i][1] === '') expect(r[3]).toBeNull();
      else expect(r[3] as number).toBeCloseTo(Number(screen[i][1]), 12);
      if (screen[i][2] !== '') expect(r[5] as number).toBeCloseTo(Number(screen[i][2]), 12);
    });
    await screenshot(page, 'causes-workbook-en-US');
  }, 240_000);

  it('the Process screen as a workbook: the measures sheet equals the table on screen', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await openSample(page);
    await showScreen(page, '#/process');
    await page.locator('[data-table="process-measures"] tbody tr').first().waitFor({ timeout: 60_000 });
    await settled(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('screen-workbook').click()]);
    const chunks: Buffer[] = [];
    for await (const c of (await download.createReadStream())!) chunks.push(c as Buffer);
    const book = XLSX.read(Buffer.concat(chunks), { type: 'buffer' });
    const title = (await page.locator('#process-measures-title').innerText()).trim();
    const aoa = book.SheetNames.map((n) => XLSX.utils.sheet_to_json<unknown[]>(book.Sheets[n], { header: 1, raw: true, blankrows: true, defval: null })).find((rows) => String(rows[0]?.[0]).endsWith(title))!;
    expect(aoa, book.SheetNames.join(' | ')).toBeDefined();
    const body = aoa.slice(aoa.findIndex((r) => r[2] !== null) + 1).filter((r) => r.some((v) => v !== null));
    const screen = await page.locator('[data-table="process-measures"] tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ['flagged', 'rateFlagged'].map((c) => tr.querySelector(`[data-col="${c}"]`)?.getAttribute('data-value') ?? '')),
    );
    expect(body).toHaveLength(screen.length);
    body.forEach((r, i) => {
      expect(r[2]).toBe(Number(screen[i][0]));
      if (screen[i][1] !== '') expect(r[4] as number).toBeCloseTo(Number(screen[i][1]), 12);
    });
  }, 240_000);
});
