import { describe, expect, it } from 'vitest';
import { formatColumnNumber, formatYear, isYearColumn } from '../../../src/lib/i18n/format';
import { plotOptions } from '../../../src/lib/notebook/chart-spec';

const ctx = { width: 600, colors: { text: '#000', muted: '#555', accent: '#15c', grid: '#ddd', seqLow: '#eef', seqHigh: '#137', weak: '#999' } };

describe('years are written as years, never as counts', () => {
  it('knows year columns by name, in English and Chinese exports', () => {
    for (const name of ['vintage_year', 'origination_year', 'OriginationYear', 'ApprovalFY', 'approval_fy', 'year', 'Year_of_loan', '放款年份', '年度'])
      expect(isYearColumn(name), name).toBe(true);
    for (const name of ['loans', 'amount', 'term_years_count', 'classify', 'staff_count', 'dpd', 'years_in_business'])
      expect(isYearColumn(name), name).toBe(false);
  });

  it('prints 2006, not 2,006, in both languages; counts keep their separators', () => {
    expect(formatYear(2006)).toBe('2006');
    expect(formatColumnNumber('vintage_year', 2006, 'en')).toBe('2006');
    expect(formatColumnNumber('vintage_year', 2006, 'zh')).toBe('2006');
    expect(formatColumnNumber('staff_count', 2006, 'en')).toBe('2,006');
    expect(formatColumnNumber('ltv_band', 0.456, 'en')).toBe('0.46');
  });

  it('gives notebook charts a year tick and tip format on year columns only', () => {
    const rows = [{ vintage_year: 2006, loans: 1200 }, { vintage_year: 2007, loans: 1500 }];
    const o = plotOptions({ mark: 'line', x: 'vintage_year', y: 'loans' }, rows, ctx);
    const xTick = (o.x as { tickFormat?: (v: unknown) => string }).tickFormat;
    expect(xTick?.(2006)).toBe('2006');
    expect((o.y as { tickFormat?: unknown }).tickFormat).toBeUndefined();
    expect((o.x as { ticks?: unknown }).ticks).toEqual([2006, 2007]);
    const horizontal = plotOptions({ mark: 'barX', x: 'vintage_year', y: 'loans' }, rows, ctx);
    expect((horizontal.y as { tickFormat?: (v: unknown) => string }).tickFormat?.(2007)).toBe('2007');
  });
});
