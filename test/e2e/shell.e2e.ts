import { afterEach, describe, expect, it } from 'vitest';
import { SCREENS } from '../../src/lib/routes';
import { baseUrl, openApp, screenshot, type AppPage } from './support';

let app: AppPage | undefined;
afterEach(async () => {
  expect(app?.errors ?? []).toEqual([]);
  await app?.close();
  app = undefined;
});

describe('app shell', () => {
  it('routes through the hash so that a reload opens the same screen', async () => {
    app = await openApp('#/structure');
    const { page } = app;
    await expect.poll(() => page.locator('[aria-current="page"]').getAttribute('data-nav')).toBe('structure');
    await page.locator('[data-nav="cases"]').click();
    await expect.poll(() => page.url()).toContain('#/cases');
    await page.reload();
    await expect.poll(() => page.locator('[aria-current="page"]').getAttribute('data-nav')).toBe('cases');
  });

  it('says plainly when a screen has no book open', async () => {
    app = await openApp('#/overview');
    await expect.poll(() => app!.page.getByRole('status').first().innerText()).toContain('No loan book is open');
  });

  it('can be driven from the keyboard with a visible focus', async () => {
    app = await openApp('#/data');
    const { page } = app;
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Skip to content');
    // Skip link → language → theme → the first screen in the navigation.
    const focusedAfterTabs = async (tabs: number) => {
      for (let i = 0; i < tabs; i++) await page.keyboard.press('Tab');
      return page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        return { testid: el.dataset.testid ?? el.dataset.nav, label: el.getAttribute('aria-label') ?? el.textContent?.trim(), outline: getComputedStyle(el).outlineStyle };
      });
    };
    expect(await focusedAfterTabs(1)).toMatchObject({ testid: 'language', label: 'Language' });
    const nav = await focusedAfterTabs(2);
    expect(nav).toMatchObject({ testid: 'data', label: 'Data' });
    expect(nav.outline).not.toBe('none');
    expect(await focusedAfterTabs(1)).toMatchObject({ testid: 'overview', label: 'Overview' });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[aria-current="page"]').getAttribute('data-nav')).toBe('overview');
  });

  it('defaults to the browser language and remembers the switch across visits', async () => {
    app = await openApp('#/data', { locale: 'zh-CN' });
    const { page } = app;
    await expect.poll(() => page.locator('[data-nav="overview"]').innerText()).toBe('总览');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.getByTestId('language').selectOption('en');
    await expect.poll(() => page.locator('[data-nav="overview"]').innerText()).toBe('Overview');
    await page.reload();
    await expect.poll(() => page.locator('[data-nav="overview"]').innerText()).toBe('Overview');
  });

  it('follows the system theme and switches to the chosen one', async () => {
    app = await openApp('#/data', { colorScheme: 'dark' });
    const { page } = app;
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await expect.poll(theme).toBe('dark');
    const darkBg = await bg();
    await page.getByTestId('theme').selectOption('light');
    await expect.poll(theme).toBe('light');
    expect(await bg()).not.toBe(darkBg);
    await page.reload();
    await expect.poll(theme).toBe('light');
  });

  it('shows every screen without errors in both languages', async () => {
    for (const locale of ['en-US', 'zh-CN']) {
      app = await openApp('#/data', { locale });
      for (const screen of SCREENS) {
        await app.page.goto(`${baseUrl}/#/${screen}`);
        await app.page.locator(`[data-screen="${screen}"]`).waitFor();
      }
      await screenshot(app.page, `shell-empty-${locale}`);
      expect(app.errors).toEqual([]);
      expect(app.foreign).toEqual([]);
      await app.close();
    }
    app = undefined;
  });
});
