import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../src/lib/db/node';
import { DbError, type Db } from '../../../src/lib/db/types';
import { newNotebook, sqlCell } from '../../../src/lib/notebook/model';
import { describeError, NotebookRunError, runSqlCell, structuredError } from '../../../src/lib/notebook/run';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(() => db.close());

const t = (key: string, vars: Record<string, string> = {}) => `${key} ${JSON.stringify(vars)}`;

describe('running SQL cells on DuckDB', () => {
  it('returns rows, typed columns and a run time', async () => {
    const cell = sqlCell("SELECT 42 AS answer, 'x' AS label, DATE '2026-01-31' AS d;");
    const r = await runSqlCell(db, newNotebook('t', [cell]), cell);
    expect(r.rows).toEqual([{ answer: 42, label: 'x', d: '2026-01-31' }]);
    expect(r.columns).toEqual([
      { name: 'answer', numeric: true },
      { name: 'label', numeric: false },
      { name: 'd', numeric: false },
    ]);
    expect(r.truncated).toBe(false);
    expect(r.ms).toBeGreaterThanOrEqual(0);
  });

  it('lets a later cell read an earlier named cell as nb_<name>, without running it first', async () => {
    const base = sqlCell("SELECT * FROM (VALUES ('A', 3), ('B', 5), ('A', 4)) v(industry, n)", 'base');
    const total = sqlCell('SELECT industry, sum(n) AS n FROM nb_base GROUP BY industry', 'by_industry');
    const top = sqlCell('-- reads two levels up\nSELECT industry FROM nb_by_industry ORDER BY n DESC LIMIT 1');
    const nb = newNotebook('t', [base, total, top]);
    expect((await runSqlCell(db, nb, top)).rows).toEqual([{ industry: 'A' }]);
    // The view follows the cell's current text.
    base.source = "SELECT 'C' AS industry, 99 AS n";
    expect((await runSqlCell(db, nb, top)).rows).toEqual([{ industry: 'C' }]);
  });

  it('reports bad SQL and missing tables with DuckDB’s message, and the notebook goes on', async () => {
    const bad = sqlCell('SELEC 1');
    const missing = sqlCell('SELECT * FROM no_such_table');
    const good = sqlCell('SELECT 1 AS ok');
    const nb = newNotebook('t', [bad, missing, good]);
    const e1 = await runSqlCell(db, nb, bad).catch((e) => e);
    expect(e1).toBeInstanceOf(DbError);
    expect(e1.kind).toBe('syntax');
    const e2 = await runSqlCell(db, nb, missing).catch((e) => e);
    expect(e2).toBeInstanceOf(DbError);
    expect(e2.kind).toBe('catalog');
    expect(describeError(e2, t).message).toMatch(/no_such_table/);
    expect((await runSqlCell(db, nb, good)).rows).toEqual([{ ok: 1 }]);
  });

  it('names the failing cell when a cell it reads is broken, and refuses circles', async () => {
    const broken = sqlCell('SELECT * FROM nowhere', 'broken');
    const reader = sqlCell('SELECT * FROM nb_broken');
    const e = await runSqlCell(db, newNotebook('t', [broken, reader]), reader).catch((x) => x);
    expect(e).toBeInstanceOf(NotebookRunError);
    expect(describeError(e, t).message).toMatch(/nb\.error\.depFailed.*nb_broken/);
    const a = sqlCell('SELECT * FROM nb_b', 'a');
    const b = sqlCell('SELECT * FROM nb_a', 'b');
    const c = await runSqlCell(db, newNotebook('t', [a, b]), a).catch((x) => x);
    expect(c).toBeInstanceOf(NotebookRunError);
    expect(c.key).toBe('nb.error.cycle');
  });

  it('brings at most maxRows rows into the tab and says so', async () => {
    const cell = sqlCell('SELECT range AS i FROM range(1000) ORDER BY i');
    const r = await runSqlCell(db, newNotebook('t', [cell]), cell, { maxRows: 100 });
    expect(r.rows).toHaveLength(100);
    expect(r.truncated).toBe(true);
    expect(r.rows[99]).toEqual({ i: 99 });
  });

  it('runs statements that are not queries as they are', async () => {
    const create = sqlCell('CREATE OR REPLACE TABLE nb_test_t AS SELECT 7 AS v');
    const read = sqlCell('SELECT v FROM nb_test_t');
    const nb = newNotebook('t', [create, read]);
    await runSqlCell(db, nb, create);
    expect((await runSqlCell(db, nb, read)).rows).toEqual([{ v: 7 }]);
  });

  it('stops when cancelled, and empty cells say so', async () => {
    const cell = sqlCell('SELECT 1');
    const ctl = new AbortController();
    ctl.abort();
    const e = await runSqlCell(db, newNotebook('t', [cell]), cell, { signal: ctl.signal }).catch((x) => x);
    expect(describeError(e, t).cancelled).toBe(true);
    const empty = sqlCell('  ;  ');
    const e2 = await runSqlCell(db, newNotebook('t', [empty]), empty).catch((x) => x);
    expect(e2.key).toBe('nb.error.empty');
  });

  it('reads the JSON form of errors that DuckDB-WASM gives in the browser', () => {
    const raw = JSON.stringify({ exception_type: 'Parser', exception_message: 'syntax error at or near "SELEC"\n\nLINE 1: SELEC 1\n        ^', error_subtype: 'SYNTAX_ERROR' });
    expect(structuredError(raw)).toEqual({ message: 'syntax error at or near "SELEC"', detail: `Parser Error: syntax error at or near "SELEC"\n\nLINE 1: SELEC 1\n        ^` });
    expect(describeError(new Error(raw), t).message).toBe('syntax error at or near "SELEC"');
    expect(structuredError('Catalog Error: x')).toBeNull();
  });
});
