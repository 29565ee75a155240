import { describe, expect, it } from 'vitest';
import { applyProfile, headerSignature, makeProfile, matchProfile, parseProfiles, serialiseProfiles } from '../../../src/lib/schema/profiles';
import type { Mapping } from '../../../src/lib/schema/mapping';

const mapping: Mapping = {
  version: 1,
  tables: [
    {
      table: 'loans',
      raw: 'raw_1',
      rawColumns: ['贷款编号', '贷款金额(万元)', '违约'],
      fields: {
        loan_id: { source: '贷款编号', parser: { kind: 'text' } },
        amount: { source: '贷款金额(万元)', parser: { kind: 'number', unit: 10000 } },
        default_flag: { source: '违约', parser: { kind: 'flag', trueValues: ['是'], falseValues: ['否'] } },
      },
    },
  ],
};

describe('mapping profiles', () => {
  it('signs headers independently of order, case and padding', () => {
    expect(headerSignature(['A', ' b ', 'c'])).toBe(headerSignature(['c', 'a', 'B']));
    expect(headerSignature(['a', 'b'])).not.toBe(headerSignature(['a', 'b', 'c']));
    expect(headerSignature(['a', 'b'])).toMatch(/^h:2:[0-9a-f]{8}$/);
  });

  it('round-trips through JSON export and import', () => {
    const profile = makeProfile('Bank A monthly', mapping, new Date('2024-01-01T00:00:00Z'));
    const text = serialiseProfiles([profile]);
    expect(parseProfiles(text)).toEqual([profile]);
  });

  it('matches a file with the same headers again, exactly or nearly', () => {
    const profile = makeProfile('Bank A monthly', mapping);
    expect(matchProfile([profile], [['违约', '贷款编号', '贷款金额(万元)']])).toEqual({ profile, exact: true });
    expect(matchProfile([profile], [['x', 'y', 'z']])).toBeNull();
    const applied = applyProfile(profile, [{ table: 'raw_7', columns: ['贷款编号', '贷款金额(万元)', '违约'] }]);
    expect(applied.tables[0].raw).toBe('raw_7');
    expect(applied.tables[0].fields.amount?.source).toBe('贷款金额(万元)');
  });

  it('refuses files that are not profiles, with a reason', () => {
    expect(() => parseProfiles('not json')).toThrow(/not a mapping profile file \(not JSON\)/);
    expect(() => parseProfiles('{"format":"other"}')).toThrow(/missing format marker/);
    const bad = serialiseProfiles([makeProfile('x', mapping)]).replace('"default_flag"', '"no_such_field"');
    expect(() => parseProfiles(bad)).toThrow(/unknown field no_such_field/);
  });
});
