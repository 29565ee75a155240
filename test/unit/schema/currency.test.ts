import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../src/lib/db/node';
import type { Db } from '../../../src/lib/db/types';
import { sniffFile } from '../../../src/lib/ingest/sniff';
import { readFile } from '../../../src/lib/ingest/read';
import { proposeMapping } from '../../../src/lib/schema/propose';
import { proposeCurrency } from '../../../src/lib/schema/currency';
import { buildBook } from '../../../src/lib/schema/build';
import { currencyUnit, formatMoney } from '../../../src/lib/i18n/format';
import { formatNumber } from '../../../src/lib/report/text';
import type { Locale } from '../../../src/lib/i18n/types';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => db.close());

async function proposal(csv: string, locale: Locale = 'en') {
  const file = new Blob([csv]);
  const raw = await readFile(db, file, await sniffFile(file, 'book.csv'));
  const { mapping, proposals } = await proposeMapping(db, [{ raw, table: 'loans' }]);
  return { mapping, currency: proposeCurrency(mapping.tables, proposals[0].profiles, locale) };
}

describe('the book’s currency, proposed from the export', () => {
  it('reads the dollar sign in the amounts of a US export, whatever the UI language', async () => {
    const { currency } = await proposal('LoanNr,DisbursementGross,MIS_Status\n1,"$60,000.00",P I F\n2,"$40,000.00",CHGOFF\n', 'zh');
    expect(currency).toEqual({ code: 'USD', why: { by: 'values', column: 'DisbursementGross', sign: '$' } });
  });

  it('reads 万元 in a Chinese header, and a Chinese export without units is in yuan', async () => {
    expect((await proposal('借据号,贷款金额（万元）\nA1,10\nA2,20\n')).currency).toMatchObject({ code: 'CNY', why: { by: 'header', column: '贷款金额（万元）' } });
    expect((await proposal('借据号,贷款金额\nA1,10\nA2,20\n')).currency).toMatchObject({ code: 'CNY', why: { by: 'header' } });
    expect((await proposal('id,amount (EUR)\nA1,10\n')).currency).toMatchObject({ code: 'EUR', why: { by: 'header' } });
    expect((await proposal('id,amount\nA1,HK$10\n')).currency).toMatchObject({ code: 'HKD', why: { by: 'values', sign: 'HK$' } });
  });

  it('falls back to the UI language when nothing in the export names a currency', async () => {
    expect((await proposal('loan_id,amount\nA1,10\n', 'en')).currency).toEqual({ code: 'USD', why: { by: 'language' } });
    expect((await proposal('loan_id,amount\nA1,10\n', 'zh')).currency).toEqual({ code: 'CNY', why: { by: 'language' } });
  });

  it('is kept in book_settings by the build, so a kept or published book carries it', async () => {
    const { mapping } = await proposal('loan_id,amount,default_flag\nA1,"$10",0\n');
    await buildBook(db, { ...mapping, currency: 'USD' }, { prefix: 'cur_' });
    const t = await db.query('SELECT outcome_rule, currency FROM cur_book_settings');
    expect(t.numRows).toBe(1);
    expect(t.get(0)!.toJSON()).toEqual({ outcome_rule: null, currency: 'USD' });
  });
});

describe('amounts in the book’s currency', () => {
  it('writes the currency beside every amount; 万 and 亿 only in Chinese', () => {
    expect(formatMoney(254_200, 'en', 'USD')).toBe('$254.2 K');
    expect(formatMoney(-1_500_000, 'en', 'EUR')).toBe('-€1.5 M');
    expect(formatMoney(12_345_678, 'en', 'CNY')).toBe('CN¥12.3 M');
    expect(formatMoney(34_560_000, 'zh', 'CNY')).toBe('3,456万元');
    expect(formatMoney(123_000_000, 'zh', 'USD')).toBe('1.23亿美元');
    expect(formatMoney(950, 'zh', 'CNY')).toBe('950元');
    expect(formatMoney(10_000, 'zh', 'CHF')).toBe('1万 CHF');
    expect(formatMoney(null, 'en', 'USD')).toBe('–');
    expect(currencyUnit('en', 'USD')).toBe('USD');
    expect(currencyUnit('zh', 'USD')).toBe('美元');
    expect(currencyUnit('zh', 'CNY')).toBe('元');
  });

  it('the report writes compact amounts in its book’s currency', () => {
    expect(formatNumber('compact', 254_200, 'en', 'USD')).toBe('$254.2 K');
    expect(formatNumber('compact', 34_560_000, 'zh', 'CNY')).toBe('3,456万元');
  });
});
