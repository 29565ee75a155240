const ms = (x) => (x === null || x === undefined ? '–' : `${Math.round(x).toLocaleString('en-US')} ms`);
const ratio = (a, b) => (a && b ? `${(a / b).toFixed(1)}×` : '–');
const mb = (b) => (b ? `${(b / 2 ** 20).toFixed(0)} MB` : '–');

const nativeCell = (s) => (s ? `${ms(s.median)} / ${ms(s.p95)}` : '–');

/** The benchmark table: one column per book size, browser figures with native ratios. */
export function renderMarkdown(all) {
  const results = all.filter((r) => !r.failed);
  const failed = all
    .filter((r) => r.failed)
    .map((r) => `- ${r.size}: FAILED (${r.failed}); native plain typed read of the same files ${ms(r.load?.typedRead)}; peak renderer memory ${mb(r.peakRendererBytes)}; load average ${r.loadAverage?.[1]?.toFixed(1) ?? '–'}`);
  const head = `| measure | ${results.map((r) => r.size).join(' | ')} |\n|---|${results.map(() => '---').join('|')}|`;
  const row = (label, cell) => `| ${label} | ${results.map(cell).join(' | ')} |`;
  const lines = [
    head,
    row('engine start (WASM instantiate + open)', (r) => ms(r.engineStartMs)),
    row('cold start → first figure (median)', (r) => ms(r.firstFigure.median)),
    row('open book in browser, click → loaded (median) · native, same SQL · ratio', (r) => `${ms(r.load.median)} · ${ms(r.load.native)} · ${ratio(r.load.median, r.load.native)}`),
    row('open book: browser · native plain typed read of the same files (read_csv / read_parquet, 1 thread) · ratio', (r) => `${ms(r.load.median)} · ${ms(r.load.typedRead)} · ${ratio(r.load.median, r.load.typedRead)}`),
    row('table inserts (Arrow) browser · native Parquet read · ratio', (r) => `${ms(r.sql.inserts.browserMs)} · ${ms(r.sql.inserts.nativeMs)} · ${ratio(r.sql.inserts.browserMs, r.sql.inserts.nativeMs)}`),
    row('statements (swap, facts) browser · native · ratio', (r) => `${ms(r.sql.activation.browserMs)} · ${ms(r.sql.activation.nativeMs)} · ${ratio(r.sql.activation.browserMs, r.sql.activation.nativeMs)}`),
    ...Object.keys(results[0]?.screens ?? {}).map((s) =>
      row(`first render: ${s} (median / p95)`, (r) => `${ms(r.screens[s].median)} / ${ms(r.screens[s].p95)}`),
    ),
    row('cross-filter click → views updated (median / p95, n)', (r) => `${ms(r.crossFilter.median)} / ${ms(r.crossFilter.p95)}, n=${r.crossFilter.n}`),
    row('… native DuckDB, same queries (median / p95)', (r) => nativeCell(r.crossFilter.native)),
    row('cross-filter click, cubes asked on the click, nothing ahead `?ahead=0` (median / p95, n)', (r) => `${ms(r.crossFilterOnDemand?.median)} / ${ms(r.crossFilterOnDemand?.p95)}, n=${r.crossFilterOnDemand?.n ?? 0}`),
    row('… native DuckDB, same queries (median / p95)', (r) => nativeCell(r.crossFilterOnDemand?.native)),
    row('… the same, a connection per cube read as before the pool `&quick=0` (median / p95, n)', (r) => `${ms(r.crossFilterOnDemandSlow?.median)} / ${ms(r.crossFilterOnDemandSlow?.p95)}, n=${r.crossFilterOnDemandSlow?.n ?? 0}`),
    row('cross-filter click, plain path `?plain=1` (median / p95, n)', (r) => `${ms(r.crossFilterPlain?.median)} / ${ms(r.crossFilterPlain?.p95)}, n=${r.crossFilterPlain?.n ?? 0}`),
    row('… native DuckDB, same queries (median / p95)', (r) => nativeCell(r.crossFilterPlain?.native)),
    row('pre-aggregates built (n, browser · native, background)', (r) => (r.cubes ? `${r.cubes.n}, ${ms(r.cubes.browserMs)} · ${ms(r.cubes.nativeMs)}` : '–')),
    row('repeated filter (served from cache)', (r) => ms(r.crossFilter.cachedMedian)),
    row('all traced SQL (busy time): browser · native (1 thread) · ratio', (r) => `${ms(r.sql.browserMs)} · ${ms(r.sql.nativeMs)} · ${ratio(r.sql.browserMs, r.sql.nativeMs)}`),
    row('queries traced (first run)', (r) => String(r.sql.queries)),
    row('peak renderer memory (RSS)', (r) => mb(r.peakRendererBytes)),
    row('load average (1 min) before the case · after its browser runs', (r) => (r.loadAverage ? r.loadAverage.map((x) => (x === null ? '–' : x.toFixed(1))).join(' · ') : '–')),
    ...(results.some((r) => r.keep)
      ? [
          row('keep in the browser (OPFS): time · peak JS heap', (r) => (r.keep ? `${ms(r.keep.saveMs)} · ${mb(r.keep.saveHeapBytes)}` : '–')),
          row('reopen the kept book → first figure: time · peak JS heap', (r) => (r.keep ? `${ms(r.keep.reopenMs)} · ${mb(r.keep.reopenHeapBytes)}` : '–')),
        ]
      : []),
  ];
  const breakdown = results
    .filter((r) => r.clickBreakdown && Object.keys(r.clickBreakdown).length)
    .map((r) => `\nWhere a pre-aggregated click goes, ${r.size} (medians, ms): ${Object.entries(r.clickBreakdown).map(([k, v]) => `${k} ${v === null ? '–' : v.toFixed(1)}`).join(' · ')}`);
  const profile = results.flatMap((r) => [
    `\nSlowest engine calls, ${r.size} (browser wall time includes queueing behind other calls):\n`,
    '| browser | native | SQL |',
    '|---|---|---|',
    ...r.slowest.map((q) => `| ${ms(q.ms)} | ${ms(q.nativeMs)} | \`${q.sql.replaceAll('|', '\\|')}\` |`),
  ]);
  return `${lines.join('\n')}\n${failed.length ? `\n${failed.join('\n')}\n` : ''}${breakdown.join('\n')}\n${profile.join('\n')}\n`;
}
