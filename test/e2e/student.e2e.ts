import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import bankA from '../../data-samples/packs/bank-a-planted-problems.json';
import bankB from '../../data-samples/packs/bank-b-rural-shocks.json';
import { maxScore, parseAttemptFile } from '../../src/lib/metrics/cases/quiz';
import { parsePackFile, type Pack } from '../../src/lib/metrics/cases/records';
import { closeChecked, metric, openApp, screenshot, showScreen, type AppPage } from './support';
import { offlineReady, openDashboard, type DashboardPage } from './support-publish';

/**
 * Student mode on each shipped pack, in both languages: the student opens the pack, names
 * themselves, answers every step (one number wrong first, then right; choices, keywords and a
 * chart click as the pack expects), the score is what the pack's scoring says, the attempt file
 * is exported and read back on the trainer's side.
 */
let app: AppPage | undefined;
afterEach(async () => {
  await closeChecked(app);
  app = undefined;
});

async function clickMark(page: Page, mark: Locator): Promise<void> {
  await mark.scrollIntoViewIfNeeded();
  const box = (await mark.boundingBox())!;
  const [x, y] = [box.x + Math.min(box.width / 2, 20), box.y + box.height / 2];
  await page.mouse.move(x, y);
  await page.mouse.move(x + 1, y);
  await page.mouse.click(x + 1, y);
}

/**
 * Clicks the chart mark of a segment: a bar of the breakdown (one dimension) or the heatmap cell at
 * the crossing of its row and column labels (two). False when the step's screen shows neither.
 */
async function clickSegment(page: Page, filters: { dimension: string; values: string[] }[]): Promise<boolean> {
  if (filters.length === 1) {
    const rows = page.locator('[data-table="segments"] tbody tr');
    await rows.first().waitFor({ timeout: 60_000 });
    const n = await rows.count();
    for (let k = 0; k < n; k++) {
      if ((await rows.nth(k).getAttribute('data-segment')) !== filters[0].values[0]) continue;
      const bar = page.locator('[data-chart="breakdown-bars"] svg g[aria-label="bar"] rect').nth(k);
      await bar.waitFor({ timeout: 60_000 });
      await clickMark(page, bar);
      return true;
    }
    return false;
  }
  const chart = page.locator('[data-chart="heatmap"] svg').first();
  await chart.waitFor({ timeout: 60_000 });
  await chart.scrollIntoViewIfNeeded();
  const label = async (axis: 'x' | 'y', value: string) => {
    const t = chart.locator(`g[aria-label="${axis}-axis tick label"] text`).filter({ hasText: value }).first();
    return (await t.count()) ? t.boundingBox() : null;
  };
  for (const [a, b] of [[filters[0], filters[1]], [filters[1], filters[0]]]) {
    const y = await label('y', a.values[0]);
    const x = await label('x', b.values[0]);
    if (!x || !y) continue;
    const [px, py] = [x.x + x.width / 2, y.y + y.height / 2];
    await page.mouse.move(px, py);
    await page.mouse.move(px + 1, py);
    await page.mouse.click(px + 1, py);
    return true;
  }
  return false;
}

const atStep = (page: Page, n: number) => page.locator(`[data-testid="presenter"][data-step="${n}"]`).waitFor({ timeout: 60_000 });
const result = (page: Page) => page.getByTestId('check-result').getAttribute('data-correct');

const CASES: { file: unknown; locale: 'en' | 'zh'; name: string }[] = [
  { file: bankA, locale: 'en', name: 'Li Wei' },
  { file: bankB, locale: 'zh', name: '王芳' },
  { file: bankA, locale: 'zh', name: '张伟' },
  { file: bankB, locale: 'en', name: 'Ana Souza' },
];

describe('student mode', () => {
  for (const { file, locale, name } of CASES) {
    const pack: Pack = parsePackFile(JSON.stringify(file));
    it(`${pack.id} (${locale}): a student works through the pack, is marked, exports the attempt, the trainer reads it`, async () => {
      app = await openApp('#/cases?tab=packs', { locale: locale === 'zh' ? 'zh-CN' : 'en-US' });
      const { page } = app;
      await page.locator(`tr[data-pack="${pack.id}"]`).getByTestId('student-pack').click();
      await atStep(page, 1);
      expect(await page.getByTestId('presenter').getAttribute('data-role')).toBe('student');
      await page.getByTestId('present-open-sample').click();
      await page.getByTestId('present-open-sample').waitFor({ state: 'detached', timeout: 90_000 });
      await page.getByTestId('student-name').fill(name);
      await page.getByTestId('student-name').press('Tab');

      let expected = 0;
      let wrongDone = false;
      let gaveUp = -1;
      let hinted = false;
      for (let i = 0; i < pack.steps.length; i++) {
        const step = pack.steps[i];
        await atStep(page, i + 1);
        const form = page.getByTestId('student-step');
        expect(await form.getAttribute('data-check')).toBe(step.check.type);
        expect(await page.getByTestId('presenter-answer').count()).toBe(0);
        const q = await page.getByTestId('presenter-question').innerText();
        expect(q).toContain((locale === 'zh' ? step.question.zh : step.question.en).slice(0, 12));
        const points = step.points ?? pack.scoring.points;
        const c = step.check;
        if (c.type === 'number') {
          if (!wrongDone) {
            await page.getByTestId('answer-number').fill(String(c.value * 10 + 7));
            await page.getByTestId('check-answer').click();
            await expect.poll(() => result(page)).toBe('false');
            if (i === 0 || !wrongDone) await screenshot(page, `student-wrong-${pack.id}-${locale}`);
            wrongDone = true;
            expected -= pack.scoring.wrong;
          }
          await page.getByTestId('answer-number').fill(String(c.value));
          await page.getByTestId('check-answer').click();
          expected += points;
        } else if (c.type === 'choice') {
          if (step.hints.length && !hinted) {
            await page.getByTestId('show-hint').click();
            await page.getByTestId('hints').waitFor();
            expect(await page.getByTestId('hints').innerText()).toContain((locale === 'zh' ? step.hints[0].zh : step.hints[0].en).slice(0, 10));
            expected -= pack.scoring.hint;
            hinted = true;
          }
          await page.locator(`[data-testid="answer-option"][data-option="${c.correct}"]`).check();
          await page.getByTestId('check-answer').click();
          expected += points;
        } else if (c.type === 'text') {
          await page.getByTestId('answer-text').fill(c.keywords.map((k) => k.split('|')[locale === 'zh' ? k.split('|').length - 1 : 0]).join(', '));
          await page.getByTestId('check-answer').click();
          if (c.keywords.length) expected += points;
        } else {
          await page.getByTestId('answer-segment').waitFor();
          if (await clickSegment(page, c.filters)) {
            for (const f of c.filters) await page.locator(`[data-filter="${f.dimension}"]`).waitFor();
            await page.getByTestId('check-answer').click();
            expected += points;
            await screenshot(page, `student-segment-${pack.id}-${locale}`);
          } else {
            await page.getByTestId('give-up').click();
            gaveUp = i;
          }
        }
        await expect.poll(() => form.getAttribute('data-done'), { timeout: 30_000 }).toBe('true');
        if (gaveUp !== i) expect(await result(page)).toBe(c.type === 'text' && !c.keywords.length ? null : 'true');
        await page.getByTestId('presenter-answer').waitFor();
        if (i < pack.steps.length - 1) await page.getByTestId('present-next').click();
      }
      expect(wrongDone).toBe(true);
      const score = page.getByTestId('student-score');
      expect(Number(await score.getAttribute('data-value'))).toBe(expected);
      expect(Number(await score.getAttribute('data-max'))).toBe(maxScore(pack));
      await screenshot(page, `student-done-${pack.id}-${locale}`);

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-attempt').click()]);
      mkdirSync('test-results', { recursive: true });
      const path = `test-results/${pack.id}-${locale}.attempt.json`;
      await download.saveAs(path);
      // The exported attempt stays on screen with its score.
      expect(Number(await score.getAttribute('data-value'))).toBe(expected);
      const attempt = parseAttemptFile(readFileSync(path, 'utf8'));
      expect(attempt).toMatchObject({ name, packId: pack.id, score: expected, max: maxScore(pack) });
      expect(attempt.finished).not.toBeNull();
      expect(attempt.steps.filter((s) => s.wrong > 0)).toHaveLength(1);
      expect(attempt.steps.every((s) => s.done)).toBe(true);

      // The trainer (a fresh context: nothing saved) opens the attempt file.
      await app.close();
      app = await openApp('#/cases?tab=packs', { locale: locale === 'zh' ? 'zh-CN' : 'en-US' });
      await app.page.getByTestId('open-attempt').setInputFiles(path);
      const view = app.page.getByTestId('attempt-view');
      await view.waitFor();
      expect(Number(await view.getAttribute('data-score'))).toBe(expected);
      expect(await view.innerText()).toContain(name);
      expect(await view.locator('tr[data-correct="true"]').count()).toBe(pack.steps.filter((s, i) => i !== gaveUp && !(s.check.type === 'text' && !s.check.keywords.length)).length);
      await screenshot(app.page, `student-attempt-read-${pack.id}-${locale}`);
    }, 400_000);
  }
});

describe('one-file pack', () => {
  it('exports the Bank A pack with its book as one zip; a fresh browser offline opens the book and the first step from one drop', async () => {
    app = await openApp('#/data');
    let { page } = app;
    await page.getByTestId('open-sample').click();
    await page.getByTestId('book-loaded').waitFor({ timeout: 60_000 });
    const loans = await metric(page, 'book_loans');
    await showScreen(page, '#/cases?tab=packs');
    const pack = parsePackFile(JSON.stringify(bankA));
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      page.locator(`tr[data-pack="${pack.id}"]`).getByTestId('export-pack-bundle').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.lbpack\.zip$/);
    mkdirSync('test-results', { recursive: true });
    const path = `test-results/${download.suggestedFilename()}`;
    await download.saveAs(path);
    await app.close();

    // A fresh context (nothing saved, no pack): served once (Bank B open, so the drop must replace it), then the network is cut.
    app = await openApp('#/data?sample=bank-b', { locale: 'zh-CN' });
    page = app.page;
    await page.waitForFunction(() => document.querySelector('header')?.textContent?.includes('Bank B (sample)'), null, { timeout: 60_000 });
    await offlineReady(page);
    await app.context.setOffline(true);
    expect(await page.evaluate(() => fetch(`nothing-${Date.now()}.txt`).then(() => 'reached', () => 'offline'))).toBe('offline');
    // The app itself comes from the service worker's cache from here on.
    await page.reload();
    await page.locator('[data-screen="data"]').waitFor({ timeout: 60_000 });
    const bytes = readFileSync(path).toString('base64');
    const transfer = await page.evaluateHandle(({ b64, name }) => {
      const raw = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([raw], name, { type: 'application/zip' }));
      return dt;
    }, { b64: bytes, name: download.suggestedFilename() });
    await page.dispatchEvent('[data-screen="data"]', 'dragenter', { dataTransfer: transfer });
    await page.dispatchEvent('[data-screen="data"]', 'drop', { dataTransfer: transfer });
    await atStep(page, 1).catch(async (e) => {
      await screenshot(page, 'one-file-pack-failed');
      throw new Error(`${String(e)}; errors: ${app?.errors.join(' | ')}; console: ${app?.consoleErrors.join(' | ')}`);
    });
    expect(await page.getByTestId('presenter').getAttribute('data-role')).toBe('student');
    expect(await page.getByTestId('presenter-question').innerText()).toContain(pack.steps[0].question.zh.slice(0, 12));
    const loan = new URLSearchParams(pack.steps[0].view.split('?')[1]).get('loan');
    await page.locator(`[data-testid="case-file"][data-loan="${loan}"] [data-testid="case-flags"]`).waitFor({ timeout: 90_000 });
    expect(await page.locator('header').first().innerText()).toContain('Bank A (sample)');
    expect(await page.getByTestId('present-open-sample').count()).toBe(0);
    await showScreen(page, '#/overview');
    expect(await metric(page, 'loans')).toBe(loans);
    expect(app.foreign).toEqual([]);
    await page.goBack();
    await atStep(page, 1);
    await screenshot(page, 'one-file-pack-offline-zh');
  }, 300_000);
});

describe('a pack published as a static site for a class', () => {
  let dash: DashboardPage | undefined;
  afterEach(async () => {
    await dash?.close();
    dash = undefined;
  });

  it('the Publish screen writes the dashboard with the Bank B pack; the site opens its first step in student mode, and marks an answer', async () => {
    app = await openApp('#/data?sample=bank-b');
    const { page } = app;
    await page.waitForFunction(() => document.querySelector('header')?.textContent?.includes('Bank B (sample)'), null, { timeout: 60_000 });
    await showScreen(page, '#/publish');
    const pack = parsePackFile(JSON.stringify(bankB));
    await page.getByTestId('publish-title').fill('Class 3: Bank B');
    await page.getByTestId('publish-pack').selectOption(pack.id);
    await page.getByTestId('publish-pack-hint').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId('publish-download').click()]);
    const dir = mkdtempSync(join(tmpdir(), 'lbl-class-'));
    const zipFile = join(dir, download.suggestedFilename());
    await download.saveAs(zipFile);
    execFileSync('unzip', ['-q', zipFile, '-d', join(dir, 'site')]);
    const published = JSON.parse(readFileSync(join(dir, 'site', 'dashboard.json'), 'utf8'));
    expect(published.pack).toEqual({ path: 'pack.json' });
    for (const s of ['overview', 'structure', 'causes', 'cases']) expect(published.screens).toContain(s);
    await app.close();
    app = undefined;

    dash = await openDashboard(join(dir, 'site'));
    const p = dash.page;
    await atStep(p, 1);
    expect(await p.getByTestId('presenter').getAttribute('data-role')).toBe('student');
    const c = pack.steps[0].check;
    if (c.type !== 'number') throw new Error('step 1 of the Bank B pack asks for a number');
    await p.getByTestId('answer-number').fill(String(c.value));
    await p.getByTestId('check-answer').click();
    await expect.poll(() => result(p)).toBe('true');
    expect(Number(await p.getByTestId('student-score').getAttribute('data-value'))).toBe(pack.scoring.points);
    // The step's screen under the presenter shows the published book, whose NPL the student just gave.
    expect(Math.abs((await metric(p, 'npl_ratio_balance')) * 100 - c.value)).toBeLessThanOrEqual(c.tolerance);
    expect(await p.getByTestId('present-open-sample').count()).toBe(0);
    await screenshot(p, 'student-published-class-site-en');
    expect(dash.foreign).toEqual([]);
    expect(dash.errors).toEqual([]);
  }, 300_000);
});
