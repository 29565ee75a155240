import { describe, expect, it } from 'vitest';
import type { Mapping } from '../../../src/lib/schema/mapping';
import { figureAvailability } from '../../../src/views/data/needs';
import { vintageQuery } from '../../../src/lib/metrics/portfolio/vintage';
import { missingFields } from '../../../src/lib/metrics/query';
import { OUTCOME_NEED } from '../../../src/lib/metrics/facts';

/** A loans table mapping the given fields to same-named columns. */
function mapping(fields: string[], tables: ('loans' | 'snapshots')[] = ['loans']): Mapping {
  return {
    version: 1,
    tables: tables.map((table) => ({
      table,
      raw: `raw_${table}`,
      rawColumns: fields,
      fields: Object.fromEntries((table === 'loans' ? fields : ['loan_id', 'snapshot_date']).map((f) => [f, { source: f, parser: { kind: 'text' } }])),
    })) as Mapping['tables'],
  };
}

const availability = (m: Mapping) => Object.fromEntries(figureAvailability(m).map((r) => [r.need.figure, r.missing]));

describe('what the screens can show, from the screens’ own queries', () => {
  it('a book with a default flag but no default date: vintage curves are not available, as the Dynamics tab says', () => {
    const a = availability(mapping(['loan_id', 'amount', 'origination_date', 'default_flag', 'industry']));
    const dynamics = missingFields(vintageQuery([], { period: 'year' }).needs, new Set(['loan_id', 'amount', 'origination_date', 'default_flag', 'industry', OUTCOME_NEED]));
    expect(dynamics).toEqual(['default_date']);
    expect(a.vintage).toEqual(dynamics);
    // The default rate is known from the flag: the outcome counts as mapped.
    expect(a.default_rate).toEqual([]);
    expect(a.drivers).toEqual([]);
  });

  it('the breakdown is available with the industry alone (it does not ask for a product), and the trend needs the snapshots table', () => {
    const a = availability(mapping(['loan_id', 'amount', 'default_flag', 'industry']));
    expect(a.breakdown).toEqual([]);
    expect(a.trend).toContain('table:snapshots');
    expect(availability(mapping(['loan_id', 'amount', 'default_flag', 'industry', 'balance', 'five_class'], ['loans', 'snapshots'])).trend).toEqual([]);
  });

  it('without any outcome field, the default rate and the drivers name the outcome as what to map', () => {
    const a = availability(mapping(['loan_id', 'amount']));
    expect(a.default_rate).toContain(OUTCOME_NEED);
    expect(a.drivers).toEqual([OUTCOME_NEED]);
  });
});
