import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { serveStatic } from '../../scripts/static-server.mjs';
import { connect } from './support';

/**
 * Publishes `book` with the CLI into a fresh temporary folder; returns the folder. The CLI runs
 * beside the test, not in place of it (a synchronous spawn would stop this process's servers and
 * browser connection while it runs), and is killed with its output shown if it takes too long.
 */
export async function publishWithCli(book: string, config: object, extraArgs: readonly string[] = []): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'lbl-publish-'));
  const configFile = join(dir, 'config.json');
  writeFileSync(configFile, JSON.stringify(config));
  const out = join(dir, 'site');
  const args = ['scripts/publish.mjs', '--book', book, '--config', configFile, '--out', out, ...extraArgs];
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, args, { timeout: 90_000, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      error ? reject(new Error(`publish CLI failed (${error.message}):\n${stdout}${stderr}`)) : resolve(),
    );
  });
  return out;
}

export type Served = Awaited<ReturnType<typeof serveStatic>>;

export interface DashboardPage {
  page: Page;
  context: BrowserContext;
  server: Served;
  foreign: string[];
  errors: string[];
  dialogs: string[];
  close(): Promise<void>;
}

/** Serves a published folder and opens it in a fresh context that records (and blocks) foreign requests. */
export async function openDashboard(dir: string, options: { locale?: string; hash?: string } = {}): Promise<DashboardPage> {
  const server = await serveStatic(dir);
  const context = await (await connect()).newContext({ locale: options.locale ?? 'en-US', viewport: { width: 1280, height: 860 }, acceptDownloads: true });
  const foreign: string[] = [];
  const errors: string[] = [];
  const dialogs: string[] = [];
  const origin = new URL(server.url).origin;
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('data:') || url.startsWith('blob:') || new URL(url).origin === origin) return route.continue();
    foreign.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss()));
  await page.goto(`${server.url}/${options.hash ?? ''}`);
  return {
    page,
    context,
    server,
    foreign,
    errors,
    dialogs,
    close: async () => {
      await context.close();
      await server.close();
    },
  };
}

/** Waits until the published book is fully loaded (both phases). */
export async function dashboardReady(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const status = document.querySelector('[data-testid="dashboard-banner"]')?.getAttribute('data-status');
    if (status === 'error') throw new Error(document.querySelector('[data-testid="dashboard-banner"]')?.textContent ?? 'error');
    return status === 'ready';
  }, null, { timeout: 90_000 });
}

/** Waits until the service worker has precached the app, so that the page can load offline. */
export async function offlineReady(page: Page): Promise<void> {
  await page.waitForFunction(async () => !!navigator.serviceWorker?.controller && !!(await caches.match(new URL('lbl-precached', location.href).href)), null, { timeout: 90_000, polling: 500 });
}
