import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { rows } from '../../../src/lib/db/rows';
import type { Db } from '../../../src/lib/db/types';
import { activateStaged, STAGE_PREFIX } from '../../../src/lib/book/activate';
import { proposeMapping } from '../../../src/lib/schema/propose';
import { buildBook } from '../../../src/lib/schema/build';
import { formatMessage, formatNumber, statementAround } from '../../../src/lib/report/text';
import { renderReportHtml, type Finding, type Report } from '../../../src/lib/report';
import { importFixture } from '../ingest/helpers';
import { activateFromSelect, contextFor, openSampleBook, reportOf } from './books';
import { testLanguage } from './language';

/*
 * The report's sentences as a reader sees them: the headline figure written once, where the sentence
 * names it (never "34 34 of … past-due loans"), and no remedy that asks to review "the 0 live loans".
 */
const en = testLanguage('en');
const zh = testLanguage('zh');
const findings = (r: Report) => r.problems.flatMap((p) => p.findings);

/** The statement line as rendered: text before the figure, the figure, text after. */
function statementLine(f: Finding, lang = en): string {
  const [before, after] = statementAround(f.statement, f.headline, lang);
  return `${before}${formatNumber(f.headline.kind, f.headline.value, lang.locale)}${after}`;
}

/** A number printed twice in a row: "34 34", "2.10× 2.10×". */
const TWICE = /(?:^|\s)(\d[\d,.]*(?:\s?[%×])?)\s+\1(?=\s|$|[,.;:])/;
const ZERO_LIVE = /\b0 live\b|review the 0\b/i;

const FLOOR = 'CASE WHEN dpd > 360 THEN 5 WHEN dpd > 270 THEN 4 WHEN dpd > 90 THEN 3 WHEN dpd > 0 THEN 2 ELSE 1 END';

describe('the report on the sample', () => {
  let db: Db;
  let report: Report;
  beforeAll(async () => {
    const book = await openSampleBook();
    db = book.db;
    report = (await reportOf(db, contextFor(book.shape))).report;
  }, 120_000);
  afterAll(async () => db?.close());

  it('writes the class-exception count once: "34 of 1,204 past-due loans", from SQL on the raw loans', async () => {
    const [r] = rows(await db.query(`SELECT count(*) FILTER (WHERE five_class < ${FLOOR}) AS exc, count(*) FILTER (WHERE dpd > 0) AS past_due FROM loans`));
    const f = findings(report).find((x) => x.id === 'class_exceptions')!;
    const line = statementLine(f);
    const count = formatNumber('count', Number(r.exc), 'en');
    expect(line.startsWith(`${count} of ${formatNumber('count', Number(r.past_due), 'en')} past-due loans`)).toBe(true);
    expect(line).not.toContain(`${count} ${count}`);
    expect(statementLine(f, zh)).not.toMatch(TWICE);
  });

  it('no statement repeats its headline figure, in either language, on screen or in the HTML export', () => {
    for (const f of findings(report)) {
      for (const lang of [en, zh]) {
        const line = statementLine(f, lang);
        const figure = formatNumber(f.headline.kind, f.headline.value, lang.locale);
        expect(line, f.id).not.toMatch(TWICE);
        // The figure is inside the sentence, not also printed before it.
        expect(line.startsWith(`${figure} `) && line.slice(figure.length + 1).startsWith(figure), line).toBe(false);
      }
    }
    const html = renderReportHtml(report, en, { bookName: 'Bank A', generatedAt: '2026-01-01', caseLink: (id) => id });
    for (const p of html.match(/<p class="statement">.*?<\/p>/g) ?? []) expect(p.replace(/<[^>]+>/g, ''), p).not.toMatch(TWICE);
  });

  it('names the live loans a remedy would act on when there are some', () => {
    const flagged = findings(report).filter((f) => f.id.startsWith('flag:'));
    expect(flagged.length).toBeGreaterThan(3);
    for (const f of flagged) {
      expect(f.target.key, f.id).not.toBe('report.target.flag.noLive');
      expect(formatMessage(f.target, en), f.id).not.toMatch(ZERO_LIVE);
    }
  });
});

describe('the report on a closed book', () => {
  it('the sample with every loan repaid: remedies say no loan is live, never "review the 0 live loans"', async () => {
    const { db } = await openSampleBook();
    const shape = await activateFromSelect(db, 'SELECT * REPLACE (0.0 AS balance) FROM loans');
    const { report } = await reportOf(db, contextFor(shape));
    const flagged = findings(report).filter((f) => f.id.startsWith('flag:'));
    expect(flagged.length).toBeGreaterThan(3);
    for (const f of flagged) {
      expect(f.target.key, f.id).toBe('report.target.flag.noLive');
      for (const lang of [en, zh]) expect(formatMessage(f.target, lang), f.id).not.toMatch(/\b0 live\b|复核.*\b0 笔/);
      expect(formatMessage(f.target, en)).toMatch(/^No live loan carries “.+” now/);
    }
    await db.close();
  }, 120_000);

  it('test book (a), every loan closed, through the import: no sentence offers 0 loans or prints a figure twice', async () => {
    const { openNodeDb } = await import('../../../src/lib/db/node');
    const db = await openNodeDb();
    const raw = await importFixture(db, 'loans.csv', {}, join(__dirname, '../../fixtures/us-closed'));
    const { mapping } = await proposeMapping(db, [{ raw, table: 'loans' }]);
    await buildBook(db, mapping, { prefix: STAGE_PREFIX });
    const shape = await activateStaged(db);
    expect(shape.loans).toBe(300);
    const [live] = rows(await db.query('SELECT count(*) FILTER (WHERE balance > 0) AS n FROM loans'));
    expect(Number(live.n)).toBe(0);
    const { report } = await reportOf(db, contextFor(shape));
    for (const lang of [en, zh]) {
      const html = renderReportHtml(report, lang, { bookName: 'us-closed', generatedAt: '2026-01-01', caseLink: (id) => id });
      const text = html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ');
      expect(text).not.toMatch(ZERO_LIVE);
      for (const f of findings(report)) expect(statementLine(f, lang), f.id).not.toMatch(TWICE);
      for (const f of findings(report).filter((x) => x.id.startsWith('flag:'))) expect(f.target.key).toBe('report.target.flag.noLive');
    }
    await db.close();
  }, 120_000);
});
