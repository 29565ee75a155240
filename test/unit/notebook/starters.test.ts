import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../src/lib/db/node';
import type { Db } from '../../../src/lib/db/types';
import { activateStaged } from '../../../src/lib/book/activate';
import { LOAN_FIELDS, sqlType } from '../../../src/lib/schema/canonical';
import { ident } from '../../../src/lib/sql/quote';
import { STARTERS, fromStarter } from '../../../src/lib/notebook/starters';
import { runSqlCell } from '../../../src/lib/notebook/run';
import { specProblem } from '../../../src/lib/notebook/chart-spec';

let db: Db;

/** A tiny book with the canonical schema, so the starters' SQL binds against the real columns. */
beforeAll(async () => {
  db = await openNodeDb();
  await db.exec(`CREATE TABLE stage_loans (${LOAN_FIELDS.map((f) => `${ident(f.name)} ${sqlType(f.type)}`).join(', ')})`);
  await db.exec(`INSERT INTO stage_loans (loan_id, borrower_id, industry, branch, officer_id, officer_tenure_months, origination_date, as_of_date, amount, balance, five_class, default_flag, default_date)
    SELECT 'L' || i, 'B' || i, ['C', 'F', 'G'][i % 3 + 1], ['North', 'South'][i % 2 + 1], 'O' || (i % 4), (i * 7) % 80,
      DATE '2021-01-15' + INTERVAL (i * 11) DAY, DATE '2025-12-31', 100000 + i, 50000 + i, i % 5 + 1,
      i % 6 = 0, CASE WHEN i % 6 = 0 THEN DATE '2021-01-15' + INTERVAL (i * 11 + 200) DAY END
    FROM range(300) t(i)`);
  await activateStaged(db);
});
afterAll(() => db.close());

describe('starter notebooks', () => {
  it('are bundled: at least three, with titles in both languages', () => {
    expect(STARTERS.length).toBeGreaterThanOrEqual(3);
    for (const s of STARTERS) expect(s.title.zh).not.toBe(s.title.en);
  });

  for (const starter of STARTERS) {
    it(`${starter.key}: every SQL cell runs on the canonical tables and every chart fits its result`, async () => {
      for (const locale of ['en', 'zh'] as const) {
        const nb = fromStarter(starter, locale);
        expect(nb.title).toBe(starter.title[locale]);
        const results = new Map<string, Awaited<ReturnType<typeof runSqlCell>>>();
        for (const cell of nb.cells) {
          if (cell.kind === 'sql') {
            const r = await runSqlCell(db, nb, cell);
            expect(r.rows.length, cell.name).toBeGreaterThan(0);
            results.set(cell.id, r);
          } else if (cell.kind === 'chart') {
            const r = results.get(cell.from);
            expect(r, 'chart reads an earlier cell').toBeDefined();
            expect(specProblem(cell.spec, r!.columns)).toBeNull();
          }
        }
      }
    });
  }
});
