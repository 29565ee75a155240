import { describe, expect, it } from 'vitest';
import { firstScreenColumns } from '../../../src/lib/publish/columns';
import { HEADLINE_LOAN_COLUMNS } from '../../../src/lib/publish/dashboard-config.mjs';
import { OVERVIEW_FIGURES, overviewFigureNeeds } from '../../../src/lib/metrics/portfolio/overview';
import { LOAN_FIELDS } from '../../../src/lib/schema/canonical';
import { OUTCOME_NEED, OUTCOME_SOURCES } from '../../../src/lib/metrics/facts';

const ALL = LOAN_FIELDS.map((f) => f.name);

describe('first-screen columns', () => {
  it('cover every field an Overview tile needs, so the first figures equal the full book', () => {
    const needed = new Set([...OVERVIEW_FIGURES.flatMap(overviewFigureNeeds).flatMap((f) => (f === OUTCOME_NEED ? OUTCOME_SOURCES : [f])), 'ifrs9_stage', 'credit_line']);
    for (const field of needed) expect(HEADLINE_LOAN_COLUMNS, field).toContain(field);
    for (const c of HEADLINE_LOAN_COLUMNS) expect(ALL).toContain(c);
  });

  it('add the source columns of the filters in force, derived dimensions included', () => {
    const cols = firstScreenColumns('overview', [{ dimension: 'amount_bucket', values: ['<0.5M'] }, { dimension: 'region', values: ['East'] }, { dimension: 'vintage_year', values: ['2023'] }], ALL)!;
    expect(cols).toEqual(expect.arrayContaining(['amount', 'region', 'origination_date', 'balance']));
    expect(cols.length).toBeLessThan(ALL.length / 2);
  });

  it('read the whole book at once for screens without a known small column set', () => {
    expect(firstScreenColumns('structure', [], ALL)).toBeNull();
    expect(firstScreenColumns('cases', [], ALL)).toBeNull();
    expect(firstScreenColumns('overview', [], HEADLINE_LOAN_COLUMNS)).toBeNull();
  });
});
