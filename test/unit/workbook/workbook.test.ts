import { describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { sheetNames, workbookSheets, workbookXlsx, type SheetSource } from '../../../src/lib/workbook/model';

/** A screen's parts as they register: a chart's table (by column key) and a table with value getters. */
const chartRows = [
  { industry: 'E · 建筑业', loans: 3021, rate: 0.0612, lift: 1.279, note: null },
  { industry: 'K · 房地产业', loans: 1450, rate: 0.0883, lift: 1.845, note: 'weak' },
  { industry: 'C', loans: 5000, rate: 0, lift: Number.NaN, note: true },
];
const segments = [
  { attributes: ['repayment_method', 'has_financial_statements'], loans: 2151, defaults: 204, excess: 113.31 },
  { attributes: ['enterprise_size', 'rating'], loans: 1314, defaults: 122, excess: 63.27 },
];
const SOURCES: SheetSource[] = [
  {
    title: 'Default rate by industry',
    caption: '20,000 loans · No filters',
    columns: ['industry', 'loans', 'rate', 'lift', 'note'].map((k) => ({ label: k.toUpperCase(), value: (r: object) => (r as Record<string, unknown>)[k] })),
    rows: chartRows,
  },
  {
    title: 'Segment finder: pairs/triples [top]',
    columns: [
      { label: 'Segment', value: (r) => (r as (typeof segments)[number]).attributes.join(' · ') },
      { label: 'Loans', value: (r) => (r as (typeof segments)[number]).loans },
      { label: 'Excess', value: (r) => (r as (typeof segments)[number]).excess },
    ],
    rows: segments,
  },
];
const CONTEXT = { screen: 'Root causes', lines: [{ label: 'Filters', value: 'Industry = E' }, { label: 'Compare baseline', value: 'none' }, { label: 'As of', value: '2025-12-31' }] };

describe('a screen as a workbook', () => {
  it('read back with SheetJS: one sheet per part, the context lines on top, then its columns and rows as the data holds them', () => {
    const bytes = workbookXlsx(XLSX, workbookSheets(SOURCES, CONTEXT));
    const book = XLSX.read(new Uint8Array(bytes), { type: 'array' });
    expect(book.SheetNames).toEqual(['Default rate by industry', 'Segment finder pairs triples to']);
    SOURCES.forEach((source, i) => {
      const aoa = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets[book.SheetNames[i]], { header: 1, raw: true, blankrows: true, defval: null });
      expect(aoa[0][0]).toBe(`Root causes · ${source.title}`);
      expect(aoa.slice(1, 4).map((r) => r.slice(0, 2))).toEqual([['Filters', 'Industry = E'], ['Compare baseline', 'none'], ['As of', '2025-12-31']]);
      const header = source.caption ? 6 : 5;
      if (source.caption) expect(aoa[4][0]).toBe(source.caption);
      expect(aoa[header - 1].every((v) => v === null)).toBe(true);
      expect(aoa[header].slice(0, source.columns.length)).toEqual(source.columns.map((c) => c.label));
      const body = aoa.slice(header + 1);
      expect(body).toHaveLength(source.rows.length);
      source.rows.forEach((r, j) => {
        source.columns.forEach((c, k) => {
          const v = c.value(r);
          // A number that is not finite has no cell: empty, as a missing value.
          expect(body[j][k], `${source.title} ${j}/${k}`).toEqual(typeof v === 'number' && !Number.isFinite(v) ? null : (v ?? null));
        });
      });
    });
  });

  it('sheet names follow Excel’s rules: 31 characters, no []:*?/\\, unique ignoring case', () => {
    expect(sheetNames(['a/b', 'A b', 'x'.repeat(40), 'x'.repeat(40), ''])).toEqual(['a b', 'A b 2', 'x'.repeat(31), `${'x'.repeat(29)} 2`, 'Sheet 5']);
  });
});
