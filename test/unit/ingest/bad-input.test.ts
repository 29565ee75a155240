import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../src/lib/db/node';
import type { Db } from '../../../src/lib/db/types';
import { DEFAULT_LIMITS } from '../../../src/lib/ingest/limits';
import { IMPORT_ERROR_KEYS, importErrorMessage } from '../../../src/lib/ingest/errors';
import { proposeMapping } from '../../../src/lib/schema/propose';
import { buildBook } from '../../../src/lib/schema/build';
import { failure, importFixture } from './helpers';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => db.close());

describe('bad input gets a specific, actionable error', () => {
  it.each([
    ['empty.csv', 'empty_file', /empty/],
    ['binary.csv', 'binary_file', /not text/],
    ['truncated.parquet', 'truncated_file', /ends too early/],
    ['truncated.xlsx', 'truncated_file', /ends too early/],
    ['truncated-quote.csv', 'unterminated_quote', /line 3 is never closed/],
    ['ragged.csv', 'ragged_rows', /Line 3 has 2 fields where the header has 3/],
    ['header-only.csv', 'header_only', /no data rows/],
    ['merged-header.xlsx', 'merged_header', /merged cells \(A1:B1\)/],
  ])('%s → %s', async (name, key, text) => {
    const err = await failure(importFixture(db, name));
    expect(err.key).toBe(key);
    expect(err.message).toMatch(text);
  });

  it('a wrong encoding choice is caught as mojibake, with the likely encoding suggested', async () => {
    const err = await failure(importFixture(db, 'book-gbk.csv', { encoding: 'utf-8' }));
    expect(err.key).toBe('wrong_encoding');
    expect(err.message).toMatch(/probably gb18030/);
  });

  it('ragged rows can be read when the user chooses to pad short rows', async () => {
    const raw = await importFixture(db, 'ragged.csv', { raggedRows: 'pad' });
    expect(raw.rowCount).toBe(3);
  });

  it('a file larger than the tab can hold is refused before it is read', async () => {
    const err = await failure(importFixture(db, 'book-gbk.csv', { limits: { ...DEFAULT_LIMITS, csvDecoded: 1000 } }));
    expect(err.key).toBe('file_too_large');
    expect(err.message).toMatch(/at most 1000 bytes of CSV/);
  });

  it('a file missing a required field cannot be built', async () => {
    const raw = await importFixture(db, 'no-outcome.csv');
    const { mapping } = await proposeMapping(db, [{ raw, table: 'loans' }]);
    const err = await failure(buildBook(db, mapping));
    expect(err.key).toBe('missing_required_field');
    expect(err.message).toMatch(/default_flag, default_date, dpd or five_class/);
  });

  it('every error key has English text', () => {
    for (const key of IMPORT_ERROR_KEYS) expect(importErrorMessage(key).length).toBeGreaterThan(20);
  });
});
