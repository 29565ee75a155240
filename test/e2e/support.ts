import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';

export const baseUrl = inject('baseUrl');
const SHOTS = 'test-results/screenshots';

let browser: Browser | undefined;

export async function connect(): Promise<Browser> {
  browser ??= await chromium.connect(inject('wsEndpoint'));
  return browser;
}

export interface AppPage {
  page: Page;
  context: BrowserContext;
  /** Requests the app tried to make to any origin but its own (they are blocked). */
  foreign: string[];
  /** Uncaught page errors. */
  errors: string[];
  /** Console messages of type error (CSP violations among them). */
  consoleErrors: string[];
  close(): Promise<void>;
}

/** A fresh context on the built app; every request to a foreign origin is recorded and aborted. */
export async function openApp(
  hash = '#/data',
  options: { locale?: string; colorScheme?: 'light' | 'dark' } = {},
): Promise<AppPage> {
  const b = await connect();
  const context = await b.newContext({
    locale: options.locale ?? 'en-US',
    colorScheme: options.colorScheme ?? 'light',
    viewport: { width: 1280, height: 860 },
    acceptDownloads: true,
  });
  const foreign: string[] = [];
  const errors: string[] = [];
  const origin = new URL(baseUrl).origin;
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('data:') || url.startsWith('blob:') || new URL(url).origin === origin) return route.continue();
    foreign.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  await page.goto(`${baseUrl}/${hash}`);
  return { page, context, foreign, errors, consoleErrors, close: () => context.close() };
}

/** Raw number of a figure tagged with data-metric, waiting until it has a value. */
export async function metric(page: Page, name: string): Promise<number> {
  // 60 s: a first figure includes starting the engine and reading the book, slow on a loaded machine.
  const el = page.locator(`[data-metric="${name}"]`).first();
  await el.waitFor({ timeout: 60_000 });
  await page.waitForFunction((n) => document.querySelector(`[data-metric="${n}"]`)?.getAttribute('data-value') !== '', name, { timeout: 60_000 });
  return Number(await el.getAttribute('data-value'));
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

export async function openSample(page: Page): Promise<void> {
  await page.goto(`${baseUrl}/#/data`);
  await page.getByTestId('open-sample').click();
  await page.getByTestId('book-loaded').waitFor({ timeout: 60_000 });
}

/** Shows a screen by its hash and waits until its root is there. */
export async function showScreen(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => (location.hash = h), hash);
  const screen = hash.replace(/^#\//, '').split('?')[0];
  await page.locator(`[data-screen="${screen}"]`).first().waitFor({ timeout: 60_000 });
}

/** Waits until no loading indicator is left on the screen (each data-bound part has one while it loads). */
export async function settled(page: Page, timeout = 120_000): Promise<void> {
  await page.waitForFunction(() => document.querySelectorAll('[aria-busy="true"], [data-state="loading"]').length === 0, undefined, { timeout });
}

/** After a test on a real book: no page error, no foreign request, no duplicate-key or CSP console error; then closes. */
export async function closeChecked(app: AppPage | undefined): Promise<void> {
  expect(app?.errors ?? []).toEqual([]);
  expect(app?.foreign ?? []).toEqual([]);
  expect((app?.consoleErrors ?? []).filter((m) => /each_key_duplicate|Content Security Policy/.test(m))).toEqual([]);
  await app?.close();
}
