import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FORMULA_START, HOSTILE_STRINGS } from '../fixtures/hostile/strings.mjs';
import { openApp, screenshot, type AppPage } from './support';
import { dashboardReady, openDashboard, publishWithCli, type DashboardPage } from './support-publish';

let app: AppPage | undefined;
let dash: DashboardPage | undefined;
afterEach(async () => {
  await app?.close();
  await dash?.close();
  app = dash = undefined;
});

/** Signs that markup from the data became live: a payload ran, or an element it would create exists. */
async function injected(page: DashboardPage['page']): Promise<unknown> {
  return page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
    elements: document.querySelectorAll('main script, img[src="x"], [onerror], [onload], iframe, a[href^="javascript:" i], img[src^="http://evil"]').length,
  }));
}

function cspOf(html: string): Map<string, string[]> {
  const content = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
  return new Map(content.split(';').map((d) => d.trim().split(/\s+/)).filter((p) => p[0]).map(([name, ...values]) => [name, values]));
}

describe('no leaks', () => {
  it('the built index.html allows connections, scripts, workers and fonts from its own origin only', () => {
    const csp = cspOf(readFileSync('dist/index.html', 'utf8'));
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(csp.get('worker-src')).toEqual(["'self'", 'blob:']);
    expect(csp.get('font-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    for (const values of csp.values()) for (const v of values) expect(v).not.toMatch(/^(https?:|\*|wss?:)/);
  });

  it('the browser refuses a request to another host, even one the page itself tries', async () => {
    app = await openApp('#/data');
    const outcome = await app.page.evaluate(async () => {
      const seen: string[] = [];
      (window as unknown as { __violations: string[] }).__violations = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(e.violatedDirective));
      return fetch('https://example.com/collect?x=1').then(
        () => 'sent',
        () => 'refused',
      );
    });
    expect(outcome).toBe('refused');
    // The violation report is dispatched as its own task: wait for it rather than for a fixed time.
    await expect.poll(() => app!.page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toContain('connect-src');
    expect(app.foreign).toEqual([]);
  });

  it('a book full of hostile strings is shown as text on Overview, Structure and Cases, and nothing runs', async () => {
    const site = await publishWithCli('test/fixtures/hostile', { title: '<img src=x onerror="window.__pwned=\'title\'">', note: '<script>window.__pwned="note"</script>', screens: ['overview', 'structure', 'cases'] });
    dash = await openDashboard(site);
    const { page } = dash;
    await dashboardReady(page);
    expect(await page.locator('#dashboard-title').innerText()).toContain('<img src=x');

    await page.locator('[data-screen="overview"] [data-metric="loans"]').waitFor();
    for (const dim of ['region', 'industry', 'branch', 'product']) {
      await page.goto(page.url().replace(/#.*$/, `#/structure?dim=${dim}`));
      await page.locator('[data-screen="structure"]').waitFor();
      await expect.poll(() => page.locator('main').innerText(), { timeout: 30_000 }).toContain('window.__pwned');
    }
    await screenshot(page, 'no-leak-structure');

    await page.goto(page.url().replace(/#.*$/, '#/cases'));
    await page.getByTestId('case-list').waitFor();
    await expect.poll(() => page.getByTestId('case-list').innerText(), { timeout: 30_000 }).toMatch(/<script>|<img|<svg|javascript:|=cmd/);
    await page.locator('[data-testid="case-list"] [data-case]').first().click();
    await page.getByTestId('case-file').waitFor();
    const finding = HOSTILE_STRINGS.slice(0, 6).join(' ');
    await page.getByTestId('note-finding').fill(finding);
    await page.getByTestId('note-finding').press('Tab');
    // Saved as typed: wait until the note is in storage and shown back as text.
    await expect.poll(() => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('lbl.notes.')).map((k) => localStorage.getItem(k)).join(''))).toContain(JSON.stringify(finding).slice(1, -1));
    expect(await page.getByTestId('note-finding').inputValue()).toBe(finding);
    await screenshot(page, 'no-leak-case');

    expect(await injected(page)).toEqual({ pwned: null, elements: 0 });
    expect(dash.dialogs).toEqual([]);
    expect(dash.errors).toEqual([]);
    expect(dash.foreign).toEqual([]);
  });

  it('CSV exports of hostile values open in a spreadsheet as text, not formulas', async () => {
    const site = await publishWithCli('test/fixtures/hostile', { title: 'CSV', screens: ['structure'] });
    dash = await openDashboard(site, { hash: '#/structure?dim=region' });
    const { page } = dash;
    await dashboardReady(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-screen="structure"] button', { hasText: 'CSV' }).first().click()]);
    const file = join(mkdtempSync(join(tmpdir(), 'lbl-csv-')), 'export.csv');
    await download.saveAs(file);
    const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    const cells = text.split(/\r\n/).flatMap((line) => line.split(',')).map((c) => c.replace(/^"|"$/g, ''));
    expect(cells.filter((c) => FORMULA_START.test(c) && !/^-?\d/.test(c))).toEqual([]);
  });
});
