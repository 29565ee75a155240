import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppView, parsePackFile } from '../../../src/lib/metrics/cases/records';
import { SCREENS, parseHash } from '../../../src/lib/routes';
import { decodeFilters } from '../../../src/lib/state/filter-codec';
import { BANK_B, DATA_DIR } from '../../../scripts/sample/paths.mjs';
import { num, rows } from './db';

/**
 * The Bank B teaching pack: every step's expected answer is true on the generated book. Each
 * answer is recomputed here with SQL written for this test over the Parquet files (not the app's
 * metric queries), so a change to the book that makes a step wrong fails.
 */
const FILE = join(DATA_DIR, 'packs', 'bank-b-rural-shocks.json');
const raw = JSON.parse(readFileSync(FILE, 'utf8'));
type Check = { type: 'number'; value: number; tolerance: number; unit?: string } | { type: 'choice'; correct: number } | { type: 'segment'; filters: { dimension: string; values: string[] }[] };
type Lang = 'en' | 'zh';
type StepText = { question: string; answer: string; options?: string[] };
type RawStep = { view: string; text: Record<Lang, StepText>; check: Check };
/**
 * The steps with their text in both languages: a version-2 file holds `{ en, zh }` texts and the
 * choice options in `check.options`; the version-1 file kept them in `text` beside the English strings.
 */
const steps: RawStep[] = raw.pack.steps.map((s: Record<string, any>) => {
  if (raw.version === 1) return s;
  const pick = (lang: Lang): StepText => ({ question: s.question[lang], answer: s.answer[lang], options: s.check.options?.map((o: Record<Lang, string>) => o[lang]) });
  return { view: s.view, text: { en: pick('en'), zh: pick('zh') }, check: s.check };
});
const zhTitle: string = raw.version === 1 ? raw.pack.translations.zh.title : raw.pack.title.zh;

let conn: DuckDBConnection;
let instance: DuckDBInstance;
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
  for (const t of ['loans', 'snapshots']) await conn.run(`CREATE VIEW ${t} AS SELECT * FROM read_parquet('${join(BANK_B, `${t}.parquet`)}')`);
});
afterAll(() => {
  conn.closeSync();
  instance.closeSync();
});

const pct = (x: number) => 100 * x;
const where = (view: string) => {
  const filters = decodeFilters(parseHash(view).params.get('f'));
  return filters.length ? filters.map((c) => `${c.dimension} IN (${c.values.map((v) => `'${String(v)}'`).join(', ')})`).join(' AND ') : 'true';
};

/** The true answer of each step, in the order of the pack, from the book. */
const TRUTH: ((step: RawStep) => Promise<number | string | { region: string; industry: string }>)[] = [
  // 1 NPL ratio by balance, %
  async () => pct(await num(conn, 'SELECT sum(balance) FILTER (five_class >= 3) / sum(balance) FROM loans')),
  // 2 the county × industry cell with the highest default rate (at least 30 loans, as the heatmap marks weaker cells)
  async () => (await rows(conn, `SELECT region, industry FROM loans GROUP BY ALL HAVING count(*) >= 30 ORDER BY avg(default_flag::INTEGER) DESC LIMIT 1`))[0] as { region: string; industry: string },
  // 3 the filtered 2023 cohort: defaulted within 12 reporting months of origination, %
  async (s) => pct(await num(conn, `SELECT count(*) FILTER (default_flag AND date_diff('month', origination_date, default_date) <= 12) / count(*) FROM loans WHERE year(origination_date) = 2023 AND ${where(s.view)}`)),
  // 4 the first half-year whose defaults exceed three times every earlier half-year's
  async (s) => {
    const halves = await rows(conn, `SELECT year(default_date) || ' H' || (CASE WHEN month(default_date) <= 6 THEN 1 ELSE 2 END) AS h, count(*) AS n FROM loans WHERE default_flag AND ${where(s.view)} GROUP BY ALL ORDER BY h`);
    const jump = halves.find((x, i) => i > 0 && halves.slice(0, i).every((y) => (x.n as number) > 3 * (y.n as number)));
    return String(jump?.h);
  },
  // 5 the officer with the highest default rate (at least 30 loans)
  async () => String((await rows(conn, `SELECT officer_id FROM loans GROUP BY ALL HAVING count(*) >= 30 ORDER BY avg(default_flag::INTEGER) DESC LIMIT 1`))[0].officer_id),
  // 6 among the officer's defaults: information gaps (new to the bank within 6 months, or no statements) vs. the training causes
  async (s) => {
    const [r] = await rows(conn, `SELECT count(*) FILTER (relationship_start_date > origination_date - INTERVAL 6 MONTH OR NOT has_financial_statements) AS c1,
        count(*) FILTER (officer_tenure_months < 12 OR officer_training_hours < 1) AS c4, count(*) AS n
      FROM loans WHERE default_flag AND ${where(s.view)}`);
    return (r.c1 as number) > 0.8 * (r.n as number) && r.c4 === 0 ? 'C1' : 'not C1';
  },
  // 7 the sub-branch authority the introduced loans sit under: the largest approver_limit at sub-branch level, checked to bound the officer's early defaults
  async (s) => {
    const limit = await num(conn, `SELECT max(approver_limit) FROM loans WHERE approval_level = 'sub_branch'`);
    const [r] = await rows(conn, `SELECT min(amount) AS lo, max(amount) AS hi FROM loans WHERE default_flag AND date_diff('month', origination_date, default_date) <= 4 AND ${where(s.view)}`);
    expect(r.hi as number).toBeLessThan(limit);
    expect(r.lo as number).toBeGreaterThan(0.85 * limit);
    return limit;
  },
  // 8 share of loans repaying interest only, %
  async () => pct(await num(conn, `SELECT avg((repayment_method = 'interest_only')::INTEGER) FROM loans`)),
  // 9 the calendar month when current → 1–30 DPD (by balance, pooled over years) peaks
  async () => {
    const r = await rows(conn, `WITH s AS (SELECT loan_id, date_trunc('month', snapshot_date)::DATE AS m, balance, dpd FROM snapshots)
      SELECT month(c.m) AS month, sum(c.balance) FILTER (c.dpd BETWEEN 1 AND 30) / sum(p.balance) AS rate
      FROM s p JOIN s c ON c.loan_id = p.loan_id AND c.m = (p.m + INTERVAL 1 MONTH)::DATE WHERE p.dpd = 0 GROUP BY ALL ORDER BY rate DESC LIMIT 1`);
    return Number(r[0].month);
  },
];
/** The option each choice step must mark correct, given its true answer. */
const OPTION: Record<number, (truth: unknown, options: string[]) => number> = {
  3: (h, options) => options.findIndex((o) => o === h),
  4: (officer, options) => options.indexOf(String(officer)),
  5: (cause, options) => options.findIndex((o) => o.startsWith(String(cause))),
  8: (month, options) => options.findIndex((o) => ({ 'June–August': [6, 7, 8], 'March–April': [3, 4], 'October–December': [10, 11, 12] })[o]?.includes(month as number)),
};

describe('the Bank B teaching pack', () => {
  it('is a valid pack for the Bank B sample, with at least six steps in English and Chinese', () => {
    const pack = parsePackFile(readFileSync(FILE, 'utf8'));
    expect(pack.book).toEqual({ kind: 'sample', sample: 'bank-b' });
    expect(pack.steps.length).toBeGreaterThanOrEqual(6);
    expect(steps).toHaveLength(TRUTH.length);
    expect(zhTitle).toMatch(/[\u4e00-\u9fff]/);
    for (const s of steps) {
      expect(isAppView(s.view)).toBe(true);
      expect(SCREENS).toContain(parseHash(s.view).screen);
      for (const lang of ['en', 'zh'] as const) {
        expect(s.text[lang].question.length, `${lang}: ${s.view}`).toBeGreaterThan(10);
        expect(s.text[lang].answer.length).toBeGreaterThan(20);
        expect(s.text[lang].options?.length ?? 0).toBe(s.text.en.options?.length ?? 0);
      }
      expect(s.text.zh.question).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('filters only on values that exist in the book', async () => {
    for (const s of steps) {
      for (const c of decodeFilters(parseHash(s.view).params.get('f'))) {
        for (const v of c.values) expect(await num(conn, `SELECT count(*) FROM loans WHERE ${c.dimension} = '${String(v)}'`), `${c.dimension}=${v}`).toBeGreaterThan(0);
      }
    }
  });

  steps.forEach((s, i) => {
    it(`step ${i + 1} (${s.check.type}): the expected answer is true on the book`, async () => {
      const truth = await TRUTH[i](s);
      const c = s.check;
      if (c.type === 'number') expect(Math.abs((truth as number) - c.value), `truth ${truth}`).toBeLessThanOrEqual(c.tolerance + 1e-9);
      else if (c.type === 'choice') {
        const options = s.text.en.options ?? [];
        expect(options.length).toBeGreaterThanOrEqual(3);
        expect(OPTION[i](truth, options), `truth ${String(truth)}`).toBe(c.correct);
        // the wrong options are really wrong
        expect(new Set(options).size).toBe(options.length);
      } else {
        const cell = truth as { region: string; industry: string };
        expect(Object.fromEntries(c.filters.map((f) => [f.dimension, f.values]))).toEqual({ region: [cell.region], industry: [cell.industry] });
      }
    });
  });
});
