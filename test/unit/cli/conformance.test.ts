import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../../src/lib/db/rows';
import type { Db } from '../../../src/lib/db/types';
import { availableFields, type BookShape } from '../../../src/lib/book/activate';
import { OVERVIEW_FIGURES, overviewQuery } from '../../../src/lib/metrics/portfolio/overview';
import { runMetric } from '../../../src/lib/metrics/query';
import { renderReportHtml } from '../../../src/lib/report';
import { metricName } from '../../../src/lib/metrics/metricName';
import { decodeFilters } from '../../../src/lib/state/filter-codec';
import { parseLimitsFile, reportLimits } from '../../../src/lib/state/limit-settings';
import { parseSettings, ruleSelection } from '../../../src/lib/state/rule-settings';
import { contextFor, openSampleBook, reportOf } from '../report/books';
import { testLanguage } from '../report/language';

/*
 * Conformance: the command line (bin/loanbook.mjs, native DuckDB through the Vite bundle) against
 * the same metric functions run on the tests' DuckDB-WASM engine, the one the browser runs, on the
 * sample Bank A book. Plus a few figures computed here from the raw Parquet, so that a shared
 * mistake in both paths cannot pass.
 */
const run = promisify(execFile);
const BOOK = 'data-samples/bank-a';
const FILTER = 'industry:C|E;enterprise_size:micro|small';

let wasm: Db;
let shape: BookShape;
let out: string;

async function cli(...args: string[]): Promise<string> {
  const { stdout } = await run('node', ['bin/loanbook.mjs', ...args, '--temp-dir', out], { maxBuffer: 64 << 20 });
  return stdout;
}

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'loanbook-cli-test-'));
  ({ db: wasm, shape } = await openSampleBook());
}, 180_000);

afterAll(async () => {
  await wasm?.close();
  if (out) await rm(out, { recursive: true, force: true });
});

/** Same value, allowing for the summation order of a parallel aggregate (a relative 1e-12). */
function expectSame(actual: number | null, expected: number | null, label: string): void {
  if (expected === null || actual === null) return void expect(actual, label).toBe(expected);
  expect(Math.abs(actual - expected), `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
}

describe('loanbook metrics on the sample equals the browser engine', () => {
  for (const filter of ['', FILTER]) {
    it(`every headline figure${filter ? ` under ${filter}` : ''}`, async () => {
      const json = JSON.parse(await cli('metrics', '--book', BOOK, '--json', ...(filter ? ['--filter', filter] : [])));
      const expected = await runMetric(wasm, overviewQuery(decodeFilters(filter), { mapped: availableFields(shape) }));
      expect(Object.keys(json.figures).sort()).toEqual(OVERVIEW_FIGURES.map(metricName).sort());
      for (const key of OVERVIEW_FIGURES) {
        const name = metricName(key);
        expect(json.figures[name].missing, name).toEqual(expected.figures[key].missing);
        expectSame(json.figures[name].value, expected.figures[key].value, name);
      }
      expect(json.inclusiveTolerance.breach).toBe(expected.inclusiveTolerance.breach);
      expect(json.figures.loans.value).toBeGreaterThan(0);
      // The outcome is known on the sample: a default rate the app shows must not be "missing" here.
      expect(json.figures.default_rate.missing).toEqual([]);
    }, 120_000);
  }

  it('matches figures computed from the raw Parquet', async () => {
    const json = JSON.parse(await cli('metrics', '--book', BOOK, '--json', '--filter', FILTER));
    const [raw] = rows(
      await wasm.query(`SELECT count(*) AS loans, sum(balance) AS balance, sum(balance) FILTER (WHERE five_class >= 3) / sum(balance) AS npl
        FROM loans WHERE industry IN ('C', 'E') AND enterprise_size IN ('micro', 'small')`),
    );
    expect(json.figures.loans.value).toBe(raw.loans);
    expectSame(json.figures.outstanding_balance.value, raw.balance as number, 'balance');
    expectSame(json.figures.npl_ratio_balance.value, raw.npl as number, 'npl');
  }, 120_000);
});

describe('loanbook report on the sample equals the browser engine', () => {
  for (const locale of ['en', 'zh'] as const) {
    it(`the same HTML file (${locale})`, async () => {
      const file = join(out, `report-${locale}.html`);
      await cli('report', '--book', BOOK, '--out', file, '--lang', locale, '--name', 'Bank A', '--app-url', 'https://app.test/lab/', '--currency', 'CNY');
      const actual = await readFile(file, 'utf8');
      const { report } = await reportOf(wasm, contextFor(shape));
      const generatedAt = footerDate(actual);
      const expected = renderReportHtml(report, testLanguage(locale), {
        bookName: 'Bank A',
        generatedAt,
        caseLink: (id) => `https://app.test/lab/#/cases?loan=${encodeURIComponent(id)}`,
      });
      expect(report.problems.flatMap((p) => p.findings).length).toBeGreaterThan(3);
      expect(normalised(actual)).toBe(normalised(expected));
      // The figures themselves, compared as numbers.
      const values = (html: string) => [...html.matchAll(/data-metric="([^"]+)" data-value="([^"]*)"/g)].map((m) => [m[1], m[2]]);
      const a = values(actual);
      const e = values(expected);
      expect(a.map((x) => x[0])).toEqual(e.map((x) => x[0]));
      a.forEach(([name, v], i) => expectSame(v === '' ? null : Number(v), e[i][1] === '' ? null : Number(e[i][1]), name));
    }, 180_000);
  }
});

describe('loanbook report with the app\'s rules and limits files', () => {
  it('applies them as the Report screen does', async () => {
    const rulesFile = join(out, 'rules.json');
    const limitsFile = join(out, 'limits.json');
    const rules = { kind: 'loanbook-lab/rules', version: 1, disabled: ['new_officer'], thresholds: { untrained_officer: { hours: 4 } }, userRules: [{ id: 'big_loan', name: 'Big loan', condition: 'amount > 5000000', problem: 'P2', cause: 'C1' }] };
    const limits = { format: 'loanbook-lab.limits', version: 1, netCapital: 2e9, limits: [{ id: 'b', kind: 'borrower_share_of_capital', max: 0.1 }, { id: 'i', kind: 'segment_share', dimension: 'industry', max: 0.3 }] };
    await writeFile(rulesFile, JSON.stringify(rules));
    await writeFile(limitsFile, JSON.stringify(limits));
    const file = join(out, 'report-files.html');
    await cli('report', '--book', BOOK, '--out', file, '--rules', rulesFile, '--limits', limitsFile, '--currency', 'cny');
    const actual = await readFile(file, 'utf8');
    const settings = parseSettings(rules, true);
    const { limits: checked, unchecked } = reportLimits(parseLimitsFile(limits)!.limits, 2e9);
    const { report } = await reportOf(wasm, contextFor(shape, { rules: ruleSelection(settings, new Set(shape.mapped)), limits: checked, uncheckedLimits: unchecked }));
    const expected = renderReportHtml(report, testLanguage('en'), { bookName: 'bank-a', generatedAt: footerDate(actual), caseLink: (id) => `#/cases?loan=${encodeURIComponent(id)}` });
    expect(actual).toContain('Big loan');
    expect(actual).not.toContain('data-finding="flag:new_officer"');
    expect(normalised(actual)).toBe(normalised(expected));
  }, 180_000);
});

/** The export date as the footer prints it (the CLI writes its own "now"). */
function footerDate(html: string): string {
  const m = /<footer[^>]*>[^<]*?(\d{4}-\d{2}-\d{2})/.exec(html);
  return m ? `${m[1]}T00:00:00Z` : '';
}

/** The HTML with raw figure values cut to 12 significant digits (parallel sums may differ in the last bits). */
function normalised(html: string): string {
  return html.replace(/data-value="(-?[\d.e+-]+)"/g, (_, v: string) => `data-value="${Number(v).toPrecision(12)}"`);
}
