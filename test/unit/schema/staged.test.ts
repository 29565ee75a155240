import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../src/lib/db/node';
import type { Db } from '../../../src/lib/db/types';
import { scalar } from '../../../src/lib/db/rows';
import { proposeMapping } from '../../../src/lib/schema/propose';
import { buildBook } from '../../../src/lib/schema/build';
import { mappedFieldQuality, qualityReport } from '../../../src/lib/schema/quality';
import { activateStaged } from '../../../src/lib/book/activate';
import { importFixture } from '../ingest/helpers';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => db.close());

const macros = () => scalar(db, "SELECT count(*) FROM duckdb_functions() WHERE function_name LIKE 'lb\\_%' ESCAPE '\\'");
const tablesLike = (pattern: string) => scalar(db, `SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '${pattern}' ESCAPE '\\'`);

describe('building into staged tables', () => {
  it('writes stage_* and rejects, leaves the open book alone and no macros or build tables behind', async () => {
    await db.exec("CREATE TABLE loans AS SELECT 'OLD' AS loan_id");
    const raw = await importFixture(db, 'quality.csv');
    const { mapping } = await proposeMapping(db, [{ raw, table: 'loans' }]);
    const counts = await buildBook(db, mapping, { prefix: 'stage_' });
    // Default row rules: the second Q2, abc, empty, -100, 0 and the unreadable row are rejected.
    expect(counts).toEqual([{ table: 'loans', rowsIn: 11, accepted: 5, rejected: 6 }]);
    expect(await scalar(db, 'SELECT loan_id FROM loans')).toBe('OLD');
    expect(await scalar(db, 'SELECT count(*) FROM stage_loans')).toBe(5);
    expect(await scalar(db, 'SELECT count(*) FROM rejects')).toBe(6);
    expect(await macros()).toBe(0);
    expect(await tablesLike('\\_\\_lb\\_build%')).toBe(0);

    const report = await qualityReport(db, mapping, { prefix: 'stage_' });
    expect(report.tables[0]).toMatchObject({ rowsIn: 11, accepted: 5, rejected: 6 });
    expect(report.checks.find((c) => c.key === 'duplicate_loan_ids')).toMatchObject({ count: 0, rows: 0 });
    expect(await macros()).toBe(0);

    const shape = await activateStaged(db);
    expect(shape.loans).toBe(5);
    expect(await tablesLike('stage\\_%')).toBe(0); // book_fields too is swapped in by activateStaged
  });

  it('reports field quality from the raw table before any build', async () => {
    const raw = await importFixture(db, 'quality.csv');
    const { mapping } = await proposeMapping(db, [{ raw, table: 'loans' }]);
    const fields = Object.fromEntries((await mappedFieldQuality(db, mapping.tables[0])).map((f) => [f.field, f]));
    expect(fields.amount).toMatchObject({ nulls: 1, invalid: 1, invalidExamples: ['abc'] });
    expect(await macros()).toBe(0);
  });

  it('a cancelled build throws "cancelled" and leaves nothing half-built', async () => {
    const raw = await importFixture(db, 'quality.csv');
    const { mapping } = await proposeMapping(db, [{ raw, table: 'loans' }]);
    const ctl = new AbortController();
    ctl.abort();
    await expect(buildBook(db, mapping, { prefix: 'cancel_', signal: ctl.signal })).rejects.toMatchObject({ key: 'cancelled' });
    expect(await tablesLike('cancel\\_loans')).toBe(0);
    expect(await macros()).toBe(0);
  });
});

describe('field quality taken from the build', () => {
  it('equals the field quality parsed from the raw table', async () => {
    const raw = await importFixture(db, 'quality.csv');
    const { mapping } = await proposeMapping(db, [{ raw, table: 'loans' }]);
    const [counts] = await buildBook(db, mapping, { prefix: 'fq_', fieldQuality: true });
    expect(counts.fields).toEqual(await mappedFieldQuality(db, mapping.tables[0]));
    const report = await qualityReport(db, mapping, { prefix: 'fq_', fields: counts.fields });
    expect(report.tables[0].fields).toEqual(counts.fields);
  });
});
