import { mkdirSync, writeFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openApp, openSample, screenshot, type AppPage } from './support';
import { sampleReference } from './reference';

let app: AppPage | undefined;
let ref: Record<string, number>;
const OUT = 'test-results/report';

const FLOOR = 'CASE WHEN dpd > 360 THEN 5 WHEN dpd > 270 THEN 4 WHEN dpd > 90 THEN 3 WHEN dpd > 0 THEN 2 ELSE 1 END';

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  // Written here from the sample files with native DuckDB, independently of src/lib.
  ref = await sampleReference(`
    SELECT count(*) AS loans,
      sum(balance) FILTER (WHERE five_class >= 3) / sum(balance) AS npl,
      sum(balance) FILTER (WHERE industry = 'E') / sum(balance) AS share_e,
      count(*) FILTER (WHERE five_class < ${FLOOR}) AS exceptions,
      (count(*) FILTER (WHERE default_flag AND officer_tenure_months < 12) / count(*) FILTER (WHERE officer_tenure_months < 12))
        / (count(*) FILTER (WHERE default_flag AND NOT officer_tenure_months < 12) / count(*) FILTER (WHERE NOT officer_tenure_months < 12)) AS tenure_rr
    FROM loans`);
});

afterEach(async () => {
  expect(app?.errors ?? []).toEqual([]);
  expect(app?.foreign ?? []).toEqual([]);
  await app?.close();
  app = undefined;
});

/** Every data-metric → data-value pair under a root element, or in an HTML text. */
async function screenMetrics(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() =>
    Object.fromEntries([...document.querySelectorAll('[data-screen="report"] [data-metric]')].map((e) => [e.getAttribute('data-metric')!, e.getAttribute('data-value')!])),
  );
}
function htmlMetrics(html: string): Record<string, string> {
  return Object.fromEntries([...html.matchAll(/data-metric="([^"]+)" data-value="([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

async function openReport(page: Page): Promise<void> {
  await openSample(page);
  await page.locator('[data-nav="report"]').click();
  await page.locator('[data-testid="report-ready"][data-loading="false"]').waitFor({ timeout: 90_000 });
  await page.locator('[data-chart^="evidence-"] svg').first().waitFor();
}

async function exportHtml(page: Page): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-export').click()]);
  const chunks: Buffer[] = [];
  for await (const c of (await download.createReadStream())!) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The printed report, as Chromium's print to PDF makes it. */
async function printPdf(page: Page, file: string): Promise<void> {
  await page.emulateMedia({ media: 'print' });
  // Charts redraw at the printed width (they follow their container's size): wait until each has.
  await page.waitForFunction(() =>
    [...document.querySelectorAll<HTMLElement>('[data-chart] .plot')].every((host) => {
      const widths = [...host.querySelectorAll('svg[width]')].map((svg) => Number(svg.getAttribute('width')));
      return widths.length > 0 && Math.max(...widths) === Math.max(280, host.clientWidth);
    }),
  );
  await page.pdf({ path: file, format: 'A4', printBackground: true, margin: { top: '14mm', bottom: '14mm', left: '12mm', right: '12mm' } });
  await page.emulateMedia({ media: 'screen' });
}

describe('diagnosis report on the sample Bank A book', () => {
  for (const locale of ['en-US', 'zh-CN'] as const) {
    it(`names the planted problems, exports HTML with the screen's figures, prints (${locale})`, async () => {
      app = await openApp('#/data', { locale });
      const { page } = app;
      await openReport(page);
      const onScreen = await screenMetrics(page);
      expect(Number(onScreen.loans)).toBe(ref.loans);
      expect(Number(onScreen.npl_ratio_balance)).toBeCloseTo(ref.npl, 10);
      expect(Number(onScreen.finding_share_industry_E)).toBeCloseTo(ref.share_e, 10);
      expect(Number(onScreen.finding_class_exceptions)).toBe(ref.exceptions);
      expect(Number(onScreen.finding_lift_new_officer)).toBeCloseTo(ref.tenure_rr, 10);
      for (const p of ['P1', 'P2', 'P3', 'P4']) expect(Number(onScreen[`problem_${p}_findings`]), p).toBeGreaterThan(0);
      for (const c of ['C1', 'C2', 'C3', 'C4']) expect(Number(onScreen[`cause_${c}_excess`]), c).toBeGreaterThan(0);
      // Cases link to their case files.
      const caseLink = page.locator('[data-cases="P1"] a[data-case]').first();
      expect(await caseLink.getAttribute('href')).toMatch(/^#\/cases\?loan=L\d+$/);

      const html = await exportHtml(page);
      const tag = locale === 'zh-CN' ? 'zh' : 'en';
      writeFileSync(`${OUT}/report-${tag}.html`, html);
      expect(html).toContain(`<html lang="${locale === 'zh-CN' ? 'zh-CN' : 'en'}">`);
      expect(html).toContain(locale === 'zh-CN' ? '诊断报告' : 'Diagnosis report');
      expect(html).not.toMatch(/<script/i);
      const exported = htmlMetrics(html);
      expect(Object.keys(exported).length).toBeGreaterThan(30);
      expect(exported).toEqual(onScreen);

      await screenshot(page, `report-${tag}`);
      await printPdf(page, `${OUT}/report-app-${tag}.pdf`);
      // The exported file on its own, printed the same way.
      const file = await app.context.newPage();
      await file.setContent(html, { waitUntil: 'load' });
      await printPdf(file, `${OUT}/report-export-${tag}.pdf`);
      await file.close();
      // Opening a case from the report lands on its case file.
      const id = (await caseLink.getAttribute('data-case'))!;
      await caseLink.click();
      await page.waitForFunction((loan) => location.hash.startsWith('#/cases') && location.hash.includes(loan), id);
    });
  }
});
