import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../../src/lib/db/node';
import type { Db } from '../../../../src/lib/db/types';
import { rows } from '../../../../src/lib/db/rows';
import { runMetric } from '../../../../src/lib/metrics/query';
import { tableColumnsQuery } from '../../../../src/lib/metrics/drivers';
import { isDevValue, isValValue, modelBaseSql, rankModelCandidates, splitColumnsQuery } from '../../../../src/lib/metrics/models';
import { activateFromSelect } from '../../report/books';

/**
 * 300 loans with three text columns of the export: `样本` (开发 for loans 0–209, 验证 after),
 * `phase` (train / test / oot by i mod 3) and `grade` (A / B / C, not a split).
 */
const BOOK = `SELECT 'L' || range AS loan_id, 1000.0 + range AS amount, range % 7 = 0 AS default_flag,
  CASE WHEN range < 210 THEN '开发' ELSE '验证' END AS "样本",
  ['train', 'test', 'oot'][range % 3 + 1] AS phase,
  ['A', 'B', 'C'][range % 3 + 1] AS grade
FROM range(300)`;

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  await activateFromSelect(db, BOOK);
  // activateFromSelect keeps canonical columns only; the import keeps the export's other columns as text.
  await db.exec(`CREATE OR REPLACE TABLE loan_facts AS SELECT f.*, s."样本", s.phase, s.grade FROM loan_facts f JOIN src s USING (loan_id)`);
});
afterAll(async () => db.close());

describe('split by a column of the export', () => {
  it('reads the usual names of development and validation samples, in English and Chinese', () => {
    for (const v of ['dev', 'Development', ' TRAIN ', '开发', '建模样本', '训练集']) expect(isDevValue(v)).toBe(true);
    for (const v of ['val', 'Validation', 'test', 'OOT', 'hold-out', '验证', '测试集']) expect(isValValue(v)).toBe(true);
    for (const v of ['A', 'devices', '']) expect(isDevValue(v) || isValValue(v)).toBe(false);
  });

  it('finds the split columns with their values and counts, and not the other text columns', async () => {
    const found = await runMetric(db, splitColumnsQuery(await runMetric(db, tableColumnsQuery('loan_facts'))));
    const ref = rows(await db.query(`SELECT "样本" AS v, count(*) AS n FROM src GROUP BY 1 ORDER BY 1`));
    expect(found.map((f) => f.column)).toEqual(['样本', 'phase']);
    expect(found[0].values).toEqual(ref.map((r) => ({ value: String(r.v), loans: Number(r.n) })));
    expect(found[0].devValues).toEqual(['开发']);
    expect(found[1].devValues).toEqual(['train']);
  });

  it('puts exactly the loans the column marks in each sample, and leaves the split column out of the candidates', async () => {
    const split = { kind: 'column' as const, column: 'phase', devValues: ['train'] };
    const base = modelBaseSql([], { kind: 'default' }, split, false);
    await db.exec(base.sql, base.params);
    const got = rows(await db.query(`SELECT _sample, count(*) AS n FROM model_base GROUP BY 1 ORDER BY 1`));
    const dev = rows(await db.query(`SELECT count(*) AS n FROM src WHERE phase = 'train'`))[0].n;
    const val = rows(await db.query(`SELECT count(*) AS n FROM src WHERE phase IN ('test', 'oot')`))[0].n;
    expect(got.map((r) => [r._sample, Number(r.n)])).toEqual([['dev', Number(dev)], ['val', Number(val)]]);
    const mismatched = rows(await db.query(`SELECT count(*) AS n FROM model_base WHERE (phase = 'train') <> (_sample = 'dev')`))[0].n;
    expect(Number(mismatched)).toBe(0);
    const { ranked } = await rankModelCandidates(db, new Set(['loan_id', 'amount', 'default_flag']), { bins: 10, exclude: ['phase'] });
    expect(ranked.map((r) => r.attribute.column)).not.toContain('phase');
    expect(ranked.map((r) => r.attribute.column)).toContain('grade');
  });

  it('refuses a column split without a development value', () => {
    expect(() => modelBaseSql([], { kind: 'default' }, { kind: 'column', column: 'phase', devValues: [] }, false)).toThrow();
  });
});
