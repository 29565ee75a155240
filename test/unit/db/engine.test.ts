import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableToIPC, tableFromArrays } from 'apache-arrow';
import { openNodeDb } from '../../../src/lib/db/node';
import type { Db } from '../../../src/lib/db/types';
import { DbError } from '../../../src/lib/db/types';
import { rows, scalar } from '../../../src/lib/db/rows';

const require = createRequire(import.meta.url);

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => db.close());

describe('node engine', () => {
  it('runs a query and returns an Arrow table', async () => {
    const t = await db.query('SELECT 40 + 2 AS answer, \'贷款\' AS word');
    expect(rows(t)).toEqual([{ answer: 42, word: '贷款' }]);
  });

  it('binds parameters instead of interpolating them', async () => {
    const hostile = "x'); DROP TABLE t; --";
    const t = await db.query('SELECT ? AS v, ? + 1 AS n', [hostile, 41]);
    expect(rows(t)).toEqual([{ v: hostile, n: 42 }]);
  });

  it('executes statements and keeps their effect', async () => {
    await db.exec('CREATE TABLE t AS SELECT range AS i FROM range(10)');
    expect(await scalar(db, 'SELECT sum(i) FROM t')).toBe(45);
  });

  it('reads a registered CSV buffer', async () => {
    await db.registerBuffer('small.csv', new TextEncoder().encode('id,amount\n1,100.5\n2,200\n'));
    const t = await db.query("SELECT count(*) AS n, sum(amount) AS total FROM read_csv('small.csv')");
    expect(rows(t)).toEqual([{ n: 2, total: 300.5 }]);
    await db.dropFile('small.csv');
  });

  it('inserts an Arrow IPC stream as a table', async () => {
    const ipc = tableToIPC(tableFromArrays({ id: Int32Array.from([1, 2, 3]), bal: Float64Array.from([1, 2, 3.5]) }), 'stream');
    await db.insertArrowIPC('arrow_in', ipc);
    expect(await scalar(db, 'SELECT sum(bal) FROM arrow_in')).toBe(6.5);
  });

  it('turns engine errors into readable DbErrors with the detail kept', async () => {
    const err = await db.query('SELEC 1').catch((e) => e);
    expect(err).toBeInstanceOf(DbError);
    expect(err.kind).toBe('syntax');
    expect(err.detail).toMatch(/Parser Error/);
    const missing = await db.query('SELECT * FROM no_such_table').catch((e) => e);
    expect(missing.kind).toBe('catalog');
    expect(missing.message).toMatch(/no_such_table/);
  });

  it('refuses a query whose signal is already aborted', async () => {
    const ctl = new AbortController();
    ctl.abort();
    const err = await db.query('SELECT 1', [], { signal: ctl.signal }).catch((e) => e);
    expect(err.kind).toBe('cancelled');
  });

  it('keeps extension autoinstall and autoload off', async () => {
    const t = await db.query(
      "SELECT current_setting('autoinstall_known_extensions') AS install, current_setting('autoload_known_extensions') AS load",
    );
    expect(rows(t)).toEqual([{ install: false, load: false }]);
  });

  it('fails fast on a function of a missing extension instead of trying to download it', async () => {
    // DuckDB-WASM in Node fetches an extension from a worker thread it starts on demand (and a
    // native engine from the extension repository): catch either attempt instead of letting it hang.
    const workerThreads = require('node:worker_threads') as { Worker: unknown };
    const realWorker = workerThreads.Worker;
    const downloads: string[] = [];
    workerThreads.Worker = class {
      constructor() {
        downloads.push('worker');
        throw new Error('extension download attempted');
      }
    };
    try {
      await db.exec("SET custom_extension_repository = 'http://127.0.0.1:9'");
      const err = await db.query("SELECT * FROM read_xlsx('book.xlsx')").catch((e) => e);
      expect(downloads).toEqual([]);
      expect(err).toBeInstanceOf(DbError);
      expect(err.kind).toBe('catalog');
      expect(err.message).toMatch(/exists in the excel extension/);
    } finally {
      workerThreads.Worker = realWorker;
      await db.exec('RESET custom_extension_repository');
    }
  });

  it('converts dates and big integers to plain JS values', async () => {
    const t = await db.query("SELECT DATE '2024-03-05' AS d, 12345678901::BIGINT AS big, 1.5::DECIMAL(10,2) AS dec, NULL AS n");
    const [r] = rows(t);
    expect(r.d).toBe('2024-03-05');
    expect(r.big).toBe(12345678901);
    expect(r.dec).toBeCloseTo(1.5);
    expect(r.n).toBeNull();
  });
});

describe('engine errors from the browser build', () => {
  it('reads DuckDB-WASM JSON error reports as DuckDB\'s usual text', async () => {
    const { classifyDbError } = await import('../../../src/lib/db/types');
    const e = classifyDbError(new Error('{"exception_type":"Parser","exception_message":"syntax error at or near \\"SELEC\\""}'));
    expect(e.kind).toBe('syntax');
    expect(e.message).toBe('syntax error at or near "SELEC"');
    expect(e.detail).toBe('Parser Error: syntax error at or near "SELEC"');
  });
});
