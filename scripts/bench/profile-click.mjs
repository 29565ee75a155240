#!/usr/bin/env node
/**
 * Where the main thread spends a cross-filter click: opens the bundled sample book on the
 * Overview, clicks each class bar under the CPU profiler and prints the functions with the most
 * self time (by script and function), then writes the profile for DevTools.
 *
 *   node scripts/bench/profile-click.mjs [--app bench-results/app] [--out bench-results/click.cpuprofile]
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { serveStatic } from '../static-server.mjs';
import { launchBrowser, newTracedPage, settle } from './browser.mjs';
import { loaderFor } from './loaders.mjs';
import { crossFilter } from './scenarios.mjs';

const { values } = parseArgs({ options: { app: { type: 'string', default: 'bench-results/app' }, out: { type: 'string', default: 'bench-results/click.cpuprofile' } } });
const server = await serveStatic(resolve(values.app));
const browser = await launchBrowser();
try {
  const { page, close } = await newTracedPage(browser);
  await page.goto(`${server.url}/#/data`);
  await loaderFor('sample', resolve('data-samples/bank-a')).browser(page);
  await page.evaluate(() => (location.hash = '#/overview'));
  await page.locator('[data-chart="class-mix"] svg').first().waitFor({ timeout: 120_000 });
  await settle(page, 500);
  // One pass unprofiled, so that answers ahead and lazy chunks are in place, then the profiled one.
  await crossFilter(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const run = await crossFilter(page);
  const { profile } = await cdp.send('Profiler.stop');
  writeFileSync(values.out, JSON.stringify(profile));
  console.log(`clicks: ${run.cold.map((x) => x.toFixed(0)).join('/')} ms`);
  const dt = new Map();
  profile.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const self = new Map();
  for (const n of profile.nodes) {
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (dt.get(n.id) ?? 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`profiled ${total.toFixed(0)} ms; most self time:`);
  for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${ms.toFixed(1).padStart(8)} ms  ${k}`);
  await close();
} finally {
  await browser.close();
  await server.close();
}
