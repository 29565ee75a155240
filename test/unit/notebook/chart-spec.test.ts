import { describe, expect, it } from 'vitest';
import { guessSpec, plotOptions, specProblem } from '../../../src/lib/notebook/chart-spec';
import { CHART_MARKS } from '../../../src/lib/notebook/model';

const columns = [
  { name: 'industry', numeric: false },
  { name: 'loans', numeric: true },
  { name: 'npl_ratio', numeric: true },
];
const ctx = { width: 600, colors: { text: '#000', muted: '#555', accent: '#15c', grid: '#ddd', seqLow: '#eef', seqHigh: '#137', weak: '#999' } };

describe('chart cells', () => {
  it('guesses x and y from a result', () => {
    expect(guessSpec(columns)).toEqual({ x: 'industry', y: 'loans', mark: 'barY' });
    expect(guessSpec([{ name: 'mob', numeric: true }, { name: 'rate', numeric: true }])).toMatchObject({ x: 'mob', y: 'rate', mark: 'line' });
  });

  it('says what is missing before drawing', () => {
    expect(specProblem({ mark: 'barY', x: '', y: 'loans' }, columns)).toBe('nb.chart.pickXY');
    expect(specProblem({ mark: 'barY', x: 'industry', y: 'gone' }, columns)).toBe('nb.chart.missingColumn');
    expect(specProblem({ mark: 'barY', x: 'industry', y: 'loans', color: 'industry' }, columns)).toBeNull();
  });

  it('builds Plot options for every mark', () => {
    const rows = [{ industry: 'C', loans: 3, npl_ratio: 0.02 }];
    for (const mark of CHART_MARKS) {
      const o = plotOptions({ mark, x: 'industry', y: 'npl_ratio', facet: mark === 'barY' ? 'industry' : undefined }, rows, ctx);
      expect(o.marks?.length, mark).toBeGreaterThan(0);
    }
  });
});
