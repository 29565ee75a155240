import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../../src/lib/db/types';
import { overviewQuery } from '../../../../src/lib/metrics/portfolio/overview';
import { openSampleBook } from '../cases/sampleBook';
import { openSampleReference } from '../sampleReference';
import { run } from './fixtures';

/*
 * Losses as of a past snapshot date know nothing of the future: a charge-off (and its recovery)
 * dated after the date is left out, and the expected loss uses the book's one realised LGD, as the
 * ECL screen does. Checked against SQL written here over the committed Parquet files, in a
 * separate native DuckDB.
 */

let db: Db;
let ref: DuckDBConnection;
let closeRef: (() => void) | undefined;

beforeAll(async () => {
  ({ db } = await openSampleBook());
  ({ ref, close: closeRef } = await openSampleReference());
}, 120_000);

afterAll(async () => {
  closeRef?.();
  await db?.close();
});

async function reference(date: string): Promise<{ chargeOffRate: number | null; expectedLoss: number; chargedLater: number }> {
  const d = `DATE '${date}'`;
  const sql = `
    WITH book_lgd AS (SELECT 1 - sum(coalesce(recovery_amount, 0)) / sum(chargeoff_amount) AS v FROM l WHERE chargeoff_amount > 0),
    x AS (
      SELECT l.*, s.balance AS s_balance,
        coalesce(l.default_flag, l.default_date IS NOT NULL) AND (l.default_date IS NULL OR l.default_date <= ${d}) AS defaulted_then,
        l.chargeoff_date IS NULL OR l.chargeoff_date <= ${d} AS charged_then
      FROM l JOIN s ON s.loan_id = l.loan_id AND s.snapshot_date = ${d})
    SELECT
      coalesce(sum(CASE WHEN charged_then THEN chargeoff_amount END) FILTER (WHERE defaulted_then), 0) / nullif(sum(amount) FILTER (WHERE defaulted_then), 0) AS charge_off_rate,
      sum(pd * coalesce(lgd, (SELECT v FROM book_lgd)) * s_balance) FILTER (WHERE pd IS NOT NULL) AS expected_loss,
      count(*) FILTER (WHERE chargeoff_amount > 0 AND NOT charged_then) AS charged_later
    FROM x`;
  const row = (await ref.runAndReadAll(sql)).getRowObjectsJS()[0] as Record<string, unknown>;
  const num = (v: unknown) => (v === null ? null : Number(v));
  return { chargeOffRate: num(row.charge_off_rate), expectedLoss: Number(row.expected_loss), chargedLater: Number(row.charged_later) };
}

describe('losses as of a snapshot date', () => {
  for (const date of ['2024-12-31', '2025-06-30']) {
    it(`as of ${date}: charge-offs dated later left out; expected loss with the book's realised LGD`, async () => {
      const want = await reference(date);
      const got = Object.fromEntries(Object.entries((await run(db, overviewQuery([], { asOf: date }))).figures).map(([k, f]) => [k, f.value]));
      if (date === '2024-12-31') expect(want.chargedLater).toBeGreaterThan(0); // the case this test is about
      if (want.chargeOffRate === null) expect(got.chargeOffRate).toBeNull();
      else expect(got.chargeOffRate).toBeCloseTo(want.chargeOffRate, 9);
      expect(got.expectedLoss).toBeCloseTo(want.expectedLoss, 2);
    });
  }
});
