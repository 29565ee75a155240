import { existsSync } from 'node:fs';
import { chromium, type BrowserServer } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium-path.mjs';
import { serveStatic } from '../../scripts/static-server.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    wsEndpoint: string;
  }
}

let browser: BrowserServer | undefined;
let server: { close(): Promise<void> } | undefined;

/** Serves the production build and starts one headless Chromium that every test file connects to. */
export async function setup(project: TestProject) {
  if (!existsSync('dist/index.html')) throw new Error('No production build in dist/: run `npm run build` first.');
  const executablePath = findChromium();
  if (!executablePath) throw new Error('No Chromium found: install it (apt-get install chromium) or set CHROMIUM_PATH.');
  const served = await serveStatic('dist');
  server = served;
  browser = await chromium.launchServer({ executablePath, headless: true, args: CHROMIUM_ARGS });
  project.provide('baseUrl', served.url);
  project.provide('wsEndpoint', browser.wsEndpoint());
}

export async function teardown() {
  await browser?.close();
  await server?.close();
}
