#!/usr/bin/env node
/**
 * `npm run bench`: the app in headless Chromium against native DuckDB on the same files.
 *
 *   node scripts/bench/run.mjs [--sizes sample,100k,1M,5M] [--formats csv,parquet] [--runs 3] [--keep] [--no-build (reuse bench-results/app)]
 *                              [--only click (open the book, then only the cross-filter clicks: minutes, to iterate)]
 *                              [--only open (open the book and render every screen, no clicks: the full-size books)]
 *
 * --keep also measures keeping each imported book in the browser and reopening it (time, peak JS heap).
 *
 * Writes bench-results/<timestamp>.json and .md and prints the table. Not a test: figures are
 * medians of several runs and are meant to be read as ratios measured in one run.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { serveStatic } from '../static-server.mjs';
import { isCubeBuild, launchBrowser, setNoAhead, setPlain } from './browser.mjs';
import { ensureBook } from './books.mjs';
import { startMemorySampler } from './memory.mjs';
import { openNative } from './native.mjs';
import { coldStart, crossFilter, keepAndReopen, screenRenders, SCREENS } from './scenarios.mjs';
import { loaderFor } from './loaders.mjs';
import { median, p95 } from './stats.mjs';
import { renderMarkdown } from './report.mjs';

const { values } = parseArgs({
  options: {
    // 5M and the Parquet import of 1M loans with 13.4M snapshots are opt-in (`--formats parquet`,
    // `--sizes 5M`, best with `--only open`): the latter takes minutes in the tab (docs/SCALE.md),
    // and a default run should end on a fresh clone.
    sizes: { type: 'string', default: 'sample,100k,1M' },
    formats: { type: 'string', default: 'csv' },
    runs: { type: 'string', default: '3' },
    'no-build': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench-results' },
    only: { type: 'string' },
  },
});
const sizes = values.sizes.split(',').map((s) => s.trim());
const formats = values.formats.split(',').map((s) => s.trim());
const runs = Math.max(1, Number(values.runs));
const clickOnly = values.only === 'click';
// --only open: open the book and render every screen, no clicks (the full-size books: the open is the question).
const openOnly = values.only === 'open';
if (values.only !== undefined && !clickOnly && !openOnly) throw new Error(`--only ${values.only}: 'click' or 'open'`);
const outDir = resolve(values.out);
mkdirSync(outDir, { recursive: true });

// Its own build folder, so that a rebuild of dist/ (by tests or a developer) cannot pull the app away mid-run.
const appDir = join(outDir, 'app');
if (!values['no-build']) execFileSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', appDir, '--emptyOutDir'], { stdio: 'inherit' });
const server = await serveStatic(appDir);
const browser = await launchBrowser();
const memory = startMemorySampler();
const results = [];
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
/** Written after every case, so a long or stuck later case does not lose the earlier ones. */
function writeResults() {
  const md = renderMarkdown(results);
  writeFileSync(join(outDir, `${stamp}.json`), JSON.stringify(results, null, 2));
  writeFileSync(join(outDir, `${stamp}.md`), md);
  return md;
}

try {
  const cases = sizes.flatMap((size) => (size === 'sample' ? [{ size, format: 'parquet' }] : formats.map((format) => ({ size, format }))));
  for (const { size, format } of cases) {
    try {
      await runCase(size, format);
    } catch (e) {
      // One case that cannot open (memory, a stalled engine) must not lose the others: it is reported as failed.
      const message = String(e?.message ?? e).split('\n')[0].slice(0, 300);
      console.error(`${size} ${format} failed: ${message}`);
      const peakRendererBytes = memory.peek();
      const native = await openNative();
      const dir = size === 'sample' ? resolve('data-samples/bank-a') : ensureBook(join(outDir, 'data'), size);
      const typedRead = await native.typedRead(loaderFor(size, dir, format).files).catch(() => null);
      native.close();
      results.push({ size: `${size} · import ${format}`, failed: message, peakRendererBytes, load: { typedRead }, loadAverage: [null, loadavg()[0]] });
      for (const context of browser.contexts()) await context.close().catch(() => undefined);
    }
    writeResults();
  }
} finally {
  memory.stop();
  await browser.close();
  await server.close();
}

async function runCase(size, format) {
  const dir = size === 'sample' ? resolve('data-samples/bank-a') : ensureBook(join(outDir, 'data'), size);
  const load = loaderFor(size, dir, format);
  const loadBefore = loadavg()[0];
  console.log(`\n== ${size}, ${load.label} (${dir}), load average ${loadBefore.toFixed(1)} ==`);
  const samples = {
    firstFigure: [], load: [], screens: Object.fromEntries(SCREENS.map((s) => [s, []])), crossCold: [], crossCached: [], crossPlain: [], crossOnDemand: [], crossOnDemandSlow: [],
  };
  let trace = [];
  let loadEntries = 0;
  /** Trace index ranges of each click of the first run, per path, for the native replay. */
  let clickSpans = { preaggregate: [], onDemand: [], plain: [] };
  memory.reset();
  for (let r = 0; r < runs; r++) {
    const cold = await coldStart(browser, server.url, load.browser);
    samples.firstFigure.push(cold.firstFigure);
    samples.load.push(cold.loadMs);
    const screens = { overview: cold.overviewRender, ...(clickOnly ? {} : await screenRenders(cold.page)) };
    for (const s of SCREENS) if (screens[s]) samples.screens[s].push(screens[s].ms);
    // The same clicks answered from pre-aggregates, then with the plain path (`?plain=1`, cache emptied).
    const noClicks = { cold: [], cached: null, clicks: [] };
    const cross = openOnly ? noClicks : await crossFilter(cold.page);
    samples.clicks = [...(samples.clicks ?? []), ...cross.clicks];
    // The same clicks with the cubes but nothing answered ahead (`?ahead=0`, cache emptied): each click asks its cubes.
    if (!openOnly) await setNoAhead(cold.page, true);
    const onDemand = openOnly ? noClicks : await crossFilter(cold.page);
    // … and as before this coordinator's connection pool: a connection, a prepared statement and a streamed result per read.
    if (!openOnly) await setNoAhead(cold.page, true, { slow: true });
    const onDemandSlow = openOnly ? noClicks : await crossFilter(cold.page);
    if (!openOnly) await setPlain(cold.page, true);
    const plain = openOnly ? noClicks : await crossFilter(cold.page);
    if (!openOnly) await setPlain(cold.page, false);
    samples.crossCold.push(...cross.cold);
    samples.crossCached.push(cross.cached);
    samples.crossPlain.push(...plain.cold);
    samples.crossOnDemand.push(...onDemand.cold);
    samples.crossOnDemandSlow.push(...onDemandSlow.cold);
    if (r === 0) {
      trace = [...cold.trace, ...SCREENS.slice(1).flatMap((s) => screens[s]?.entries ?? [])];
      for (const [path, run] of [['preaggregate', cross], ['onDemand', onDemand], ['plain', plain]]) {
        for (const click of run.clicks) {
          clickSpans[path].push([trace.length, trace.length + click.entries.length]);
          trace.push(...click.entries);
        }
      }
      loadEntries = cold.loadEntries;
    }
    const cubes = await cold.page.evaluate(() => (globalThis.__lblTrace ?? []).filter((e) => /^\s*CREATE OR REPLACE TABLE "lbl_preagg_/.test(e.sql)).length);
    await cold.close();
    console.log(
      `run ${r + 1}: first figure ${cold.firstFigure.toFixed(0)} ms, cross-filter ${cross.cold.map((x) => x.toFixed(0)).join('/')} ms pre-aggregated (${cubes} cubes built), ${onDemand.cold.map((x) => x.toFixed(0)).join('/')} ms cubes on demand (${onDemandSlow.cold.map((x) => x.toFixed(0)).join('/')} ms without the pool), ${plain.cold.map((x) => x.toFixed(0)).join('/')} ms plain`,
    );
  }
  const peakBytes = memory.peek();
  const keep = values.keep && size !== 'sample' ? await keepAndReopen(browser, server.url, load.browser) : null;
  if (keep) console.log(`keep: saved in ${keep.saveMs} ms, reopened in ${keep.reopenMs} ms, peak JS heap ${(keep.saveHeapBytes / 2 ** 20).toFixed(0)} / ${(keep.reopenHeapBytes / 2 ** 20).toFixed(0)} MB`);

  const loadAfterBrowser = loadavg()[0];
  const native = await openNative();
  const typedReadMs = await native.typedRead(load.files);
  const replayed = await native.replay(trace, { rewrite: load.rewrite, onInsert: (table) => load.onInsert(native, table) });
  native.close();
  const result = summarise(`${size} · ${load.label}`, samples, trace, replayed, peakBytes, loadEntries, clickSpans);
  // The machine is shared: the 1-minute load average before the case and after its browser runs goes with the figures.
  results.push({ ...result, keep, load: { ...result.load, typedRead: typedReadMs }, loadAverage: [loadBefore, loadAfterBrowser] });
}

const md = writeResults();
console.log(`\n${md}`);
console.log(`Written to ${join(outDir, stamp)}.{json,md}`);

/**
 * Browser medians beside the native time of the same SQL. Browser engine time is the union of
 * the traced calls' intervals (calls queue in one worker, so summing them would count waits).
 */
function summarise(size, samples, trace, replayed, peakBytes, loadEntries, clickSpans) {
  const byIndex = new Map(replayed.map((r) => [r.index, r]));
  /** Native time of one click: its traced queries replayed one after another (background cube builds excluded). */
  const nativeClicks = (spans) =>
    spans.map(([from, to]) => sum(trace.slice(from, to).map((e, i) => (isCubeBuild(e) ? 0 : (byIndex.get(from + i)?.ms ?? 0)))));
  const cubeBuilds = trace.map((e, i) => [e, i]).filter(([e]) => /^\s*CREATE OR REPLACE TABLE "lbl_preagg_/.test(e.sql));
  const nativeMs = (kinds) => sum(replayed.filter((r) => kinds.includes(r.kind)).map((r) => r.ms ?? 0));
  const browserMs = (kinds) => busy(trace.filter((e) => kinds.includes(e.kind)));
  const start = trace.find((e) => e.kind === 'start');
  return {
    size,
    runs: samples.firstFigure.length,
    engineStartMs: start ? start.end - start.start : null,
    firstFigure: { median: median(samples.firstFigure), p95: p95(samples.firstFigure) },
    load: { median: median(samples.load), native: sum(replayed.filter((r) => r.index < loadEntries).map((r) => r.ms ?? 0)) },
    screens: Object.fromEntries(SCREENS.map((s) => [s, { median: median(samples.screens[s]), p95: p95(samples.screens[s]) }])),
    crossFilter: { median: median(samples.crossCold), p95: p95(samples.crossCold), n: samples.crossCold.length, cachedMedian: median(samples.crossCached), native: stats(nativeClicks(clickSpans.preaggregate)) },
    clickBreakdown: clickBreakdown(samples.clicks ?? []),
    crossFilterOnDemand: { median: median(samples.crossOnDemand), p95: p95(samples.crossOnDemand), n: samples.crossOnDemand.length, native: stats(nativeClicks(clickSpans.onDemand)) },
    crossFilterOnDemandSlow: { median: median(samples.crossOnDemandSlow), p95: p95(samples.crossOnDemandSlow), n: samples.crossOnDemandSlow.length },
    crossFilterPlain: { median: median(samples.crossPlain), p95: p95(samples.crossPlain), n: samples.crossPlain.length, native: stats(nativeClicks(clickSpans.plain)) },
    cubes: {
      n: cubeBuilds.length,
      browserMs: sum(cubeBuilds.map(([e]) => (e.end ?? e.start) - e.start)),
      nativeMs: sum(cubeBuilds.map(([, i]) => byIndex.get(i)?.ms ?? 0)),
    },
    sql: {
      queries: trace.filter((e) => e.kind === 'query').length,
      browserMs: browserMs(['query', 'exec']),
      nativeMs: nativeMs(['query', 'exec']),
      nativeErrors: replayed.filter((r) => r.error).map((r) => r.error).slice(0, 5),
      inserts: { browserMs: browserMs(['insert']), nativeMs: nativeMs(['insert']) },
      activation: { browserMs: browserMs(['exec']), nativeMs: nativeMs(['exec']) },
    },
    peakRendererBytes: peakBytes,
    slowest: slowest(trace, replayed),
    /** What each pre-aggregated click ran: its engine calls with browser and native times (the profile of a click). */
    clickCalls: clickSpans.preaggregate.map(([from, to]) =>
      trace.slice(from, to).map((e, i) => ({
        ms: e.end === undefined ? null : Math.round(e.end - e.start),
        nativeMs: byIndex.get(from + i)?.ms === undefined ? null : Math.round(byIndex.get(from + i).ms),
        background: isCubeBuild(e),
        sql: e.sql.replace(/\s+/g, ' ').slice(0, 200),
      })),
    ),
  };
}

/** The ten slowest traced calls of the first run, each beside its native time: the profile. */
function slowest(trace, replayed) {
  const nativeBySql = new Map(replayed.map((r) => [r.sql, r.ms]));
  return trace
    .filter((e) => e.kind !== 'start' && e.kind !== 'view' && e.end !== undefined)
    .map((e) => ({ kind: e.kind, ms: e.end - e.start, nativeMs: nativeBySql.get(e.sql) ?? null, sql: e.sql.replace(/\s+/g, ' ').slice(0, 160) }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 10);
}

/**
 * Where a pre-aggregated click's time goes (medians over the clicks): from the click event to the
 * first engine call, the engine calls (how many, their busy time, and the summed steps of each:
 * connect, prepare, send = run, fetch = result batches, decode = Arrow table, close), and from the
 * last result to the last view's DOM update (shape + Svelte/Plot render).
 */
function clickBreakdown(clicks) {
  const per = clicks.map((c) => {
    const calls = c.entries.filter((e) => (e.kind === 'query' || e.kind === 'exec') && !isCubeBuild(e) && e.end !== undefined);
    const views = c.entries.filter((e) => e.kind === 'view' && e.end !== undefined);
    const phases = {};
    for (const e of calls) {
      let prev = 0;
      for (const [name, at] of Object.entries(e.phases ?? {})) {
        phases[name] = (phases[name] ?? 0) + (at - prev);
        prev = at;
      }
    }
    const firstCall = calls.length ? Math.min(...calls.map((e) => e.start)) : null;
    const lastCall = calls.length ? Math.max(...calls.map((e) => e.end)) : null;
    const lastView = views.length ? Math.max(...views.map((e) => e.end)) : null;
    return {
      total: c.ms,
      queries: calls.length,
      views: views.length,
      toFirstCall: firstCall === null ? null : firstCall - c.t0,
      engineBusy: busy(calls),
      afterLastCall: lastCall === null || lastView === null ? null : lastView - lastCall,
      shape: sum(views.map((e) => e.phases?.shape ?? 0)),
      render: sum(views.map((e) => e.end - e.start - (e.phases?.shape ?? 0))),
      ...Object.fromEntries(Object.entries(phases).map(([k, v]) => [`step:${k}`, v])),
    };
  });
  const keys = [...new Set(per.flatMap((p) => Object.keys(p)))];
  return Object.fromEntries(keys.map((k) => [k, median(per.map((p) => p[k]).filter((x) => x !== null && x !== undefined))]));
}

/** Length of the union of [start, end] intervals. */
function busy(entries) {
  const spans = entries.filter((e) => e.end !== undefined).map((e) => [e.start, e.end]).sort((a, b) => a[0] - b[0]);
  let total = 0;
  let [cs, ce] = [null, null];
  for (const [s, e] of spans) {
    if (cs === null || s > ce) {
      if (cs !== null) total += ce - cs;
      [cs, ce] = [s, e];
    } else ce = Math.max(ce, e);
  }
  return cs === null ? 0 : total + (ce - cs);
}

function stats(xs) {
  return { median: median(xs), p95: p95(xs), n: xs.length };
}

function sum(xs) {
  return xs.reduce((a, b) => a + b, 0);
}
