import { describe, expect, it } from 'vitest';
import { parseLevels, formatLevels, parseMeasures } from '../../../../src/lib/metrics/pivot/layout';
import { cellClauses, clickedFilters, cellSelected } from '../../../../src/views/pivot/click';

describe('pivot layout text', () => {
  it('reads and writes levels; rejects a fourth level, a repeated field, a grain on a non-date', () => {
    const levels = parseLevels('industry,origination_date~quarter,snapshot_date');
    expect(levels).toEqual([{ field: 'industry' }, { field: 'origination_date', grain: 'quarter' }, { field: 'snapshot_date', grain: 'month' }]);
    expect(formatLevels(levels!)).toBe('industry,origination_date~quarter,snapshot_date~month');
    expect(parseLevels('a,b,c,d')).toBeUndefined();
    expect(parseLevels('industry,industry')).toBeUndefined();
    expect(parseLevels('industry~year')).toBeUndefined();
    expect(parseLevels('origination_date~week')).toBeUndefined();
    expect(parseMeasures('loans,lift')).toEqual(['loans', 'lift']);
    expect(parseMeasures('loans,bogus')).toBeUndefined();
  });
});

describe('pivot cell click', () => {
  const rows = [{ field: 'industry' }, { field: 'origination_date', grain: 'quarter' as const }];
  it('stands for its levels: a quarter is its three origination months, a year the vintage year, a snapshot period nothing', () => {
    expect(cellClauses(rows, ['E', '2024-04-01'])).toEqual([
      { dimension: 'industry', values: ['E'] },
      { dimension: 'vintage_month', values: ['2024-04-01', '2024-05-01', '2024-06-01'] },
    ]);
    expect(cellClauses([{ field: 'origination_date', grain: 'year' }], ['2023-01-01'])).toEqual([{ dimension: 'vintage_year', values: ['2023'] }]);
    expect(cellClauses([{ field: 'snapshot_date', grain: 'month' }, { field: 'is_inclusive_sme' }], ['2025-01-01', true])).toEqual([{ dimension: 'is_inclusive_sme', values: ['true'] }]);
    // A subtotal stands for the levels it is grouped by only.
    expect(cellClauses(rows, ['E'])).toEqual([{ dimension: 'industry', values: ['E'] }]);
  });

  it('replaces the clauses on its dimensions, keeps the others, and a second click clears them', () => {
    const set = [{ dimension: 'region', values: ['杭州'] }, { dimension: 'industry', values: ['K'] }];
    const clauses = cellClauses(rows, ['E', '2024-04-01']);
    const next = clickedFilters(set, clauses);
    expect(next).toEqual([{ dimension: 'region', values: ['杭州'] }, ...clauses]);
    expect(cellSelected(next, clauses)).toBe(true);
    expect(clickedFilters(next, clauses)).toEqual([{ dimension: 'region', values: ['杭州'] }]);
  });
});
