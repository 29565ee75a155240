import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openNodeDb } from '../../../src/lib/db/node';
import type { Db } from '../../../src/lib/db/types';
import { rows, scalar } from '../../../src/lib/db/rows';
import { sniffFile } from '../../../src/lib/ingest/sniff';
import { readFile } from '../../../src/lib/ingest/read';
import { proposeMapping } from '../../../src/lib/schema/propose';
import { buildBook } from '../../../src/lib/schema/build';
import { BAD_ROWS, LOANS, coreExportCsv } from '../../fixtures/core-export/generate.mjs';

const FILE = join(__dirname, '../../fixtures/core-export/core-export-gbk.csv');

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => db.close());

describe('test book (b): the Chinese core-system export', () => {
  it('the committed file is what the generator writes (GBK)', async () => {
    const iconv = (await import('iconv-lite')).default;
    expect(iconv.decode(readFileSync(FILE), 'gbk')).toBe(coreExportCsv());
  });

  it('imports with each deliberate defect rejected for its reason; rows in = accepted + rejected', async () => {
    const file = new Blob([readFileSync(FILE)]);
    const raw = await readFile(db, file, await sniffFile(file, 'core-export-gbk.csv'), { raggedRows: 'pad' });
    const { mapping } = await proposeMapping(db, [{ raw, table: 'loans' }]);
    const [counts] = await buildBook(db, mapping);
    expect(counts.rowsIn).toBe(LOANS + 1);
    expect(counts.rowsIn).toBe(counts.accepted + counts.rejected);
    const rejects = rows(await db.query('SELECT _row, rule, reason FROM rejects ORDER BY _row'));
    expect(rejects.map((r) => [r._row, r.rule])).toEqual([
      [BAD_ROWS.duplicate, 'duplicate_id'],
      [BAD_ROWS.missingId, 'missing_id'],
      [BAD_ROWS.negativeAmount, 'non_positive_amount'],
      [BAD_ROWS.unreadableDate, 'unreadable'],
      [LOANS + 1, 'totals'],
    ]);
    expect(rejects[3].reason).toBe('origination_date (发放日期): "2023年13月45日" is not a date');
    expect(await scalar(db, 'SELECT count(*) - count(DISTINCT loan_id) FROM loans')).toBe(0);
    // The ragged row is kept, its two missing cells empty.
    expect(await scalar(db, `SELECT as_of_date IS NULL AND is_renewal IS NULL FROM loans WHERE _row = ${BAD_ROWS.ragged}`)).toBe(true);
    expect(await scalar(db, 'SELECT min(amount) FROM loans')).toBeGreaterThan(0);
  });
});
