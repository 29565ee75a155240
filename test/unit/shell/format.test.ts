import { describe, expect, it } from 'vitest';
import { formatCompact, formatCount, formatDate, formatPercent, formatPoints } from '../../../src/lib/i18n/format';

describe('number formats of the two languages', () => {
  it('writes tile amounts as K/M/B in English', () => {
    expect(formatCompact(345_600, 'en')).toBe('345.6 K');
    expect(formatCompact(1_230_000, 'en')).toBe('1.2 M');
    expect(formatCompact(2_500_000_000, 'en')).toBe('2.5 B');
    expect(formatCompact(-1_500_000, 'en')).toBe('-1.5 M');
  });

  it('writes tile amounts in 万 and 亿 in Chinese', () => {
    expect(formatCompact(123_000_000, 'zh')).toBe('1.23亿');
    expect(formatCompact(34_560_000, 'zh')).toBe('3,456万');
    expect(formatCompact(8_000, 'zh')).toBe('8,000');
  });

  it('shows rates with two decimals and shares with one', () => {
    expect(formatPercent(0.0213)).toBe('2.13 %');
    expect(formatPercent(0.25, 1)).toBe('25.0 %');
    expect(formatPercent(null)).toBe('–');
  });

  it('shows changes in percentage points with a sign', () => {
    expect(formatPoints(0.0042, 'en')).toBe('+0.42 pp');
    expect(formatPoints(-0.01, 'zh')).toBe('-1.00 个百分点');
  });

  it('writes counts with separators and dates per language', () => {
    expect(formatCount(20123, 'en')).toBe('20,123');
    expect(formatDate('2026-11-28', 'en')).toBe('2026-11-28');
    expect(formatDate('2026-11-28', 'zh')).toBe('2026年11月28日');
  });
});
