import { describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../../src/lib/report';
import { contextFor, openBookFromSelect, reportOf } from './books';
import { sparseBookSql } from './fixtures';
import { testLanguage } from './language';

describe('report on a book with only an amount and a default flag', () => {
  it('degrades gracefully and says what it could not assess', async () => {
    const { db, shape } = await openBookFromSelect(sparseBookSql(800));
    expect(shape.mapped.sort()).toEqual(['amount', 'default_flag']);
    const ctx = contextFor(shape);
    const { report } = await reportOf(db, ctx);
    const fig = (m: string) => [...report.state.size, ...report.state.quality].find((f) => f.metric === m)!;
    expect(fig('loans').value).toBe(800);
    expect(fig('default_rate').value).toBeGreaterThan(0);
    expect(fig('npl_ratio_balance').value).toBeNull();
    expect(fig('npl_ratio_balance').missing).toEqual(['five_class', 'balance']);
    expect(report.problems.flatMap((p) => p.findings)).toEqual([]);
    expect(report.causes).toEqual([]);
    const what = report.notAssessed.map((n) => n.what.key);
    for (const k of ['report.na.npl', 'report.na.balance', 'report.na.growth', 'report.na.industry', 'report.na.borrowers', 'report.na.classification', 'report.na.noRules']) {
      expect(what).toContain(k);
    }
    // Every built-in rule is listed as unavailable, with the fields it needs.
    expect(report.notAssessed.filter((n) => n.what.key === 'report.na.rule').length).toBe(ctx.rules.unavailable.length);
    expect(ctx.rules.active).toEqual([]);
    const industry = report.notAssessed.find((n) => n.what.key === 'report.na.industry')!;
    expect(industry.missing).toEqual(['industry', 'balance']);

    for (const locale of ['en', 'zh'] as const) {
      const html = renderReportHtml(report, testLanguage(locale), { bookName: 'sparse', generatedAt: '2026-01-01T00:00:00Z', caseLink: (id) => `#/cases?loan=${id}` });
      expect(html).toContain('data-metric="loans" data-value="800"');
      expect(html).not.toMatch(/\{\w+\}/);
      expect(html).not.toMatch(/report\.[a-z]/);
    }
  });
});
