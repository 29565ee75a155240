import { mkdirSync, readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { metric, openApp, openSample, screenshot, type AppPage } from './support';
import { sampleReference } from './reference';
import example from '../../data-samples/packs/bank-a-planted-problems.json';

let app: AppPage | undefined;
let ref: Record<string, number>;

beforeAll(async () => {
  ref = await sampleReference(`SELECT count(*) AS loans, count(*) FILTER (WHERE default_flag) AS defaulted,
    (SELECT count(*) FROM snapshots WHERE loan_id = 'L0000027') AS snapshots_27 FROM loans`);
});

afterEach(async () => {
  expect(app?.errors ?? []).toEqual([]);
  expect(app?.foreign ?? []).toEqual([]);
  await app?.close();
  app = undefined;
});

/** The loans of the example pack and the problem each must show through its red flags. */
const STEP_FLAGS: [string, string, string][] = [
  ['L0002912', 'classification_exception', 'P1'],
  ['L0000027', 'disbursed_before_approval', 'P3'],
  ['L0006993', 'no_timely_inspection', 'P1'],
  ['L0016623', 'missing_financials', 'P4'],
  ['L0004841', 'approval_above_authority', 'P1'],
  ['L0012755', 'stressed_industry', 'P2'],
];

describe('case analysis', () => {
  it('finds cases by status and search, opens one from the list, and keeps its id in the URL', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await openSample(page);
    await page.locator('[data-nav="cases"]').click();
    expect(await metric(page, 'cases_matched')).toBe(ref.loans);
    await page.getByTestId('case-status').selectOption('defaulted');
    await page.waitForFunction((n) => document.querySelector('[data-metric="cases_matched"]')?.getAttribute('data-value') === String(n), ref.defaulted);
    // Virtualised: far fewer rows in the DOM than loans listed.
    expect(await page.locator('[data-testid="case-list"] tbody tr').count()).toBeLessThan(80);
    await page.getByTestId('case-search').fill('L0000027');
    await page.waitForFunction(() => document.querySelector('[data-metric="cases_matched"]')?.getAttribute('data-value') === '1');
    await page.locator('[data-case="L0000027"]').click();
    await page.getByTestId('case-file').waitFor();
    expect(page.url()).toContain('loan=L0000027');
    await page.locator('[data-flag="disbursed_before_approval"]').waitFor();
    await page.locator('[data-issue="disbursed_before_approval"]').waitFor();
    await page.locator('[data-chart="case-timeline"] svg').waitFor();
    await page.getByTestId('case-peers').waitFor();
    expect(await metric(page, 'peer_count')).toBeGreaterThanOrEqual(30);
  });

  it('each planted problem shows through a case whose red flags name it', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await openSample(page);
    for (const [loan, flag, problem] of STEP_FLAGS) {
      await page.goto(`${new URL(page.url()).origin}${new URL(page.url()).pathname}#/cases?loan=${loan}`);
      const item = page.locator(`[data-testid="case-file"][data-loan="${loan}"] [data-flag="${flag}"]`);
      await item.waitFor({ timeout: 30_000 });
      expect(await item.innerText()).toContain(problem);
    }
  });

  it('records a note with a cause that survives a reload', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await openSample(page);
    await page.goto(page.url().replace(/#.*$/, '#/cases?loan=L0006993'));
    await page.getByTestId('note-finding').fill('Never visited after disbursement.');
    await page.getByTestId('note-cause').selectOption('C3');
    await page.getByTestId('note-tags').fill('monitoring, 贷后');
    await page.getByTestId('note-tags').press('Tab');
    const stored = await page.evaluate(() => localStorage.getItem('lbl.notes.Bank A (sample)'));
    expect(JSON.parse(stored!).notes.L0006993).toMatchObject({ cause: 'C3', tags: ['monitoring', '贷后'] });
    await page.reload();
    await openSample(page);
    await page.goto(page.url().replace(/#.*$/, '#/cases?loan=L0006993'));
    await expect.poll(() => page.getByTestId('note-finding').inputValue()).toBe('Never visited after disbursement.');
  });

  it('shows a case file in English and in Chinese', async () => {
    for (const [locale, name] of [['en-US', 'case-file-en'], ['zh-CN', 'case-file-zh']] as const) {
      app = await openApp('#/data', { locale });
      const { page } = app;
      await openSample(page);
      await page.goto(page.url().replace(/#.*$/, '#/cases?loan=L0012755'));
      await page.locator('[data-flag="stressed_industry"]').waitFor();
      await page.locator('[data-chart="case-timeline"] svg').waitFor();
      await page.locator('[data-chart="peer-amount"] svg').waitFor();
      await page.getByTestId('case-borrower').waitFor();
      if (locale === 'zh-CN') expect(await page.getByTestId('case-flags').innerText()).toContain('信贷结构不科学');
      await screenshot(page, name);
      expect(app.errors).toEqual([]);
      expect(app.foreign).toEqual([]);
      await app.close();
    }
    app = undefined;
  });
});

describe('case-study packs', () => {
  it('builds a pack, saves it to a file, and presents it in a fresh browser context', async () => {
    app = await openApp('#/data');
    let { page } = app;
    await openSample(page);
    await page.goto(page.url().replace(/#.*$/, '#/cases?loan=L0000027'));
    await page.locator('[data-flag="disbursed_before_approval"]').waitFor();
    await page.getByTestId('add-to-pack').click();
    await page.getByTestId('edit-pack-link').click();
    const editor = page.getByTestId('pack-editor');
    await editor.waitFor();
    await page.getByTestId('pack-title').fill('Process breaches');
    await page.getByTestId('pack-title').press('Tab');
    await page.getByTestId('pack-narrative').fill('Money before the decision.');
    await page.getByTestId('pack-narrative').press('Tab');
    await page.getByTestId('step-question').fill('What happened out of order?');
    await page.getByTestId('step-question').press('Tab');
    await page.getByTestId('step-answer').fill('Disbursed before approval: P3, C2.');
    await page.getByTestId('step-answer').press('Tab');
    await expect.poll(() => page.getByTestId('step-view').inputValue()).toBe('#/cases?loan=L0000027');
    const row = page.locator('tr', { hasText: 'Process breaches' });
    const [download] = await Promise.all([page.waitForEvent('download'), row.getByTestId('export-pack').click()]);
    mkdirSync('test-results', { recursive: true });
    const path = 'test-results/process-breaches.pack.json';
    await download.saveAs(path);
    const saved = JSON.parse(readFileSync(path, 'utf8'));
    expect(saved.version).toBe(2);
    expect(saved.pack.title).toEqual({ en: 'Process breaches', zh: 'Process breaches' });
    expect(saved.pack.steps).toHaveLength(1);
    await app.close();

    // A fresh context: nothing saved, the file is all there is.
    app = await openApp('#/cases?tab=packs');
    page = app.page;
    expect(await page.evaluate(() => localStorage.getItem('lbl.packs'))).toBeNull();
    await page.getByTestId('import-pack').setInputFiles(path);
    const imported = page.locator('tr', { hasText: 'Process breaches' });
    await imported.waitFor();
    await imported.getByTestId('present-pack').click();
    await page.getByTestId('presenter').waitFor();
    expect(await page.getByTestId('presenter-question').innerText()).toContain('What happened out of order?');
    expect(await page.getByTestId('presenter-answer').count()).toBe(0);
    // The sample book is not open in this context: the presenter offers it.
    await page.getByTestId('present-open-sample').click();
    await page.locator('[data-flag="disbursed_before_approval"]').waitFor({ timeout: 60_000 });
    expect(page.url()).toContain('loan=L0000027');
    await page.getByTestId('reveal-answer').click();
    expect(await page.getByTestId('presenter-answer').innerText()).toContain('Disbursed before approval');
    await screenshot(page, 'pack-present-en');
  });

  it('walks the bundled example pack step by step', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await openSample(page);
    await page.goto(page.url().replace(/#.*$/, '#/cases?tab=packs'));
    await page.locator(`tr[data-pack="${example.pack.id}"]`).getByTestId('present-pack').click();
    const steps = example.pack.steps;
    for (let i = 0; i < steps.length; i++) {
      await page.waitForFunction((n) => document.querySelector('[data-testid="presenter"]')?.getAttribute('data-step') === String(n), i + 1);
      expect(await page.getByTestId('presenter-position').innerText()).toContain(String(steps.length));
      const loan = new URLSearchParams(steps[i].view.split('?')[1]).get('loan');
      const screen = steps[i].view.replace(/^#\//, '').split('?')[0];
      // A step on another screen is shown under the presenter (embedded), not behind a link.
      await page.locator(`[data-screen="${screen}"]`).first().waitFor();
      expect(await page.locator('a', { hasText: 'Open this view' }).count()).toBe(0);
      if (loan) await page.locator(`[data-testid="case-file"][data-loan="${loan}"] [data-testid="case-flags"]`).waitFor();
      else if (screen === 'cases') await metric(page, 'cases_matched');
      await page.getByTestId('reveal-answer').click();
      expect(await page.getByTestId('presenter-answer').innerText()).toContain(steps[i].answer.en.slice(0, 30));
      // The trainer's key: how the answer is marked.
      await page.getByTestId('presenter-key').waitFor();
      if (screen === 'structure') {
        expect(await page.getByTestId('presenter-key').innerText()).toContain('Expected click');
        await page.locator('[data-chart="breakdown-bars"] svg').first().waitFor({ timeout: 60_000 });
        await screenshot(page, 'presenter-trainer-embedded-en');
      }
      if (i < steps.length - 1) await page.getByTestId('present-next').click();
    }
    expect(await page.getByTestId('present-next').isDisabled()).toBe(true);
    await page.getByTestId('present-prev').click();
    await page.waitForFunction((n) => document.querySelector('[data-testid="presenter"]')?.getAttribute('data-step') === String(n), steps.length - 1);
    expect(await page.getByTestId('presenter-answer').count()).toBe(0);
  });
});
