import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en as reportEn } from '../../../src/lib/i18n/catalog/report/en';
import { zh as reportZh } from '../../../src/lib/i18n/catalog/report/zh';
import { FLAG_RULES } from '../../../src/lib/metrics/flags';
import { REMEDIES, renderReportHtml } from '../../../src/lib/report';
import { RULES_WITH_OWN_TARGET } from '../../../src/lib/report/findings/flags';
import { contextFor, openBookFromSelect, reportOf } from './books';
import { testLanguage } from './language';

const EVIL_BRANCH = `<script>alert("x")</script>&'`;
const EVIL_INDUSTRY = `<img src=x onerror=alert(1)>`;

/** 200 loans in one industry (above any share limit) and a branch that hides 20 loans over 90 DPD. */
const HOSTILE_BOOK = `
SELECT 'L' || i AS loan_id, 'B' || i AS borrower_id, '${EVIL_INDUSTRY}' AS industry,
  CASE WHEN i < 40 THEN '${EVIL_BRANCH.replaceAll("'", "''")}' ELSE 'plain' END AS branch,
  100000.0 AS amount, 50000.0 AS balance,
  CASE WHEN i < 20 THEN 120 ELSE 0 END AS dpd, 1 AS five_class, i % 17 = 0 AS default_flag,
  DATE '2024-01-01' + CAST(i AS INTEGER) AS origination_date
FROM range(200) t(i)`;

describe('HTML export', () => {
  it('is self-contained, has no script and escapes every data value', async () => {
    const { db, shape } = await openBookFromSelect(HOSTILE_BOOK);
    const { report } = await reportOf(db, contextFor(shape));
    const ids = report.problems.flatMap((p) => p.findings.map((f) => f.id));
    expect(ids).toContain('class_exceptions');
    expect(ids.some((id) => id.startsWith('segment_share:industry:'))).toBe(true);
    for (const locale of ['en', 'zh'] as const) {
      const html = renderReportHtml(report, testLanguage(locale), {
        bookName: `<b>book</b>`,
        generatedAt: '2026-01-01T00:00:00Z',
        caseLink: (id) => `https://example.test/app/#/cases?loan=${encodeURIComponent(id)}`,
      });
      expect(html.startsWith('<!doctype html>')).toBe(true);
      expect(html).toContain(`<html lang="${locale === 'zh' ? 'zh-CN' : 'en'}">`);
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/<img/i);
      expect(html).not.toContain('<b>book</b>');
      expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;');
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
      // No external resource: styles inline, charts as inline SVG.
      expect(html).not.toMatch(/<link|src="http|@import|url\(/i);
      expect(html).toContain('<style>');
      expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
      expect(html).toContain('@media print');
      for (const f of report.problems.flatMap((p) => p.findings)) {
        expect(html).toContain(`data-metric="${f.headline.metric}" data-value="${f.headline.value}"`);
      }
      expect(html).not.toMatch(/\{\w+\}/);
    }
  });
});

describe('report catalog', () => {
  it('has every key the report code uses, in both languages', () => {
    const dir = 'src/lib/report';
    const files = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.ts'));
    const literal = new Set<string>();
    for (const f of files) for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/'(report\.[A-Za-z.]+)'/g)) literal.add(m[1]);
    const dynamic = [
      ...['segment_share', 'borrower_share_of_capital', 'inclusive_npl_tolerance'].map((k) => `report.limitKind.${k}`),
      ...['loans', 'borrowers', 'outstandingBalance', 'averageLoanAmount', 'nplRatioBalance', 'nplRatioCount', 'defaultRate', 'provisionCoverage'].map((k) => `report.state.${k}`),
      ...[...RULES_WITH_OWN_TARGET].map((id) => `report.target.flag.${id}`),
      ...REMEDIES.flatMap((r) => [`report.remedy.${r}`, `report.remedy.${r}.why`]),
    ];
    for (const key of [...literal, ...dynamic]) {
      expect((reportEn as Record<string, string>)[key], key).toBeTruthy();
      expect((reportZh as Record<string, string>)[key], key).toBeTruthy();
    }
    for (const id of RULES_WITH_OWN_TARGET) expect(FLAG_RULES.some((r) => r.id === id), id).toBe(true);
  });
});
