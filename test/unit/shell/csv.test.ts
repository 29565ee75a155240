import { describe, expect, it } from 'vitest';
import { csvCell, csvLines } from '../../../src/lib/csv';

describe('CSV cells', () => {
  it('quotes separators, quotes and line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
  });

  it('turns text a spreadsheet would run as a formula into text, and leaves numbers alone', () => {
    expect(csvCell('=cmd|\' /C calc\'!A0')).toBe("'=cmd|' /C calc'!A0");
    expect(csvCell('+HYPERLINK("x")')).toBe('"\'+HYPERLINK(""x"")"');
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell(-42.5)).toBe('-42.5');
    expect(csvLines([['a', 1], ['=x', -1]])).toBe("a,1\r\n'=x,-1\r\n");
  });
});
