import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../src/lib/db/node';
import type { Db } from '../../../src/lib/db/types';
import { rows } from '../../../src/lib/db/rows';
import { CHUNK_ROWS } from '../../../src/lib/ingest/arrow-columns';
import { stringColumnsToIpc } from '../../../src/lib/ingest/raw-table';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => db.close());

const SAMPLE = ['LN001', null, '', '贷款金额(万元)', '𠀀 four bytes', 'é', undefined, 'x'.repeat(300)];

describe('Arrow columns built from buffers (no arrow builders: the CSP forbids their new Function)', () => {
  it('keeps every string, empty string and null', () => {
    const v = tableFromIPC(stringColumnsToIpc(['s'], [SAMPLE.map((x) => x ?? null)], SAMPLE.length)).getChild('s')!;
    expect(v.length).toBe(SAMPLE.length);
    expect(v.nullCount).toBe(2);
    expect(v.toArray()).toEqual(SAMPLE.map((s) => s ?? null));
  });

  it('works while Function is unavailable, as under the page CSP', () => {
    const saved = globalThis.Function;
    globalThis.Function = function forbidden() {
      throw new EvalError('CSP: string evaluation refused');
    } as unknown as FunctionConstructor;
    try {
      const ipc = stringColumnsToIpc(['id'], [['a', null, 'c']], 3);
      expect(tableFromIPC(ipc).getChild('id')!.toArray()).toEqual(['a', null, 'c']);
    } finally {
      globalThis.Function = saved;
    }
  });

  it('reads into DuckDB with _row, across chunk boundaries, in order', async () => {
    const n = CHUNK_ROWS * 2 + 5;
    const ids = Array.from({ length: n }, (_, i) => (i % 7 === 0 ? null : `L${i}·贷`));
    const ipc = stringColumnsToIpc(['id', 'other'], [ids, ids.map((s) => (s ? s.length.toString() : null))], n);
    await db.insertArrowIPC('arrow_columns_t', ipc, { create: true });
    const [r] = rows(
      await db.query(`SELECT count(*)::DOUBLE AS n, count(id)::DOUBLE AS ids, min(_row) AS first, max(_row) AS last,
        bool_and(id IS NULL OR id = 'L' || (_row - 1) || '·贷') AS aligned FROM arrow_columns_t`),
    );
    expect(r).toEqual({ n, ids: n - Math.ceil(n / 7), first: 1, last: n, aligned: true });
  });

  it('no browser source file in the app imports an arrow builder', () => {
    const forbidden = /\b(vectorFromArray|tableFromArrays|tableFromJSON|makeBuilder|\w*Builder)\b/;
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(ts|svelte|mjs|js)$/.test(name)) {
          const text = readFileSync(path, 'utf8');
          // Node-only modules (the CLI's native engine) never run under the page's CSP.
          if (/from\s*['"](node:|@duckdb\/node-api)/.test(text)) continue;
          const imports = text.match(/import[^;]*?from\s*['"]apache-arrow['"]/g) ?? [];
          if (imports.some((i) => forbidden.test(i))) offenders.push(path);
        }
      }
    };
    walk(join(__dirname, '../../../src'));
    expect(offenders).toEqual([]);
  });
});
