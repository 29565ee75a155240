import { DuckDBInstance } from '@duckdb/node-api';

/**
 * Native DuckDB (one thread, like the WASM build) over the same files, replaying the exact SQL the
 * browser ran: the ratio compares engines, not two implementations of a metric.
 */
export async function openNative() {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await instance.connect();
  return {
    /** Loads one Parquet file as a table (what the browser does with parquet-wasm + an Arrow insert); returns ms. */
    async loadParquet(table, path) {
      const t0 = performance.now();
      await conn.run(`CREATE OR REPLACE TABLE "${table}" AS SELECT * FROM read_parquet('${path}')`);
      return performance.now() - t0;
    },
    /**
     * The plain typed read a user of native DuckDB would do: `read_csv` with its own type detection,
     * or `read_parquet`, each file into a table; returns ms. The yardstick for the browser's open.
     */
    async typedRead(paths) {
      const t0 = performance.now();
      for (const [i, path] of paths.entries()) {
        const reader = path.endsWith('.csv') ? 'read_csv' : 'read_parquet';
        await conn.run(`CREATE OR REPLACE TABLE typed_read_${i} AS SELECT * FROM ${reader}('${path}')`);
      }
      const ms = performance.now() - t0;
      for (const i of paths.keys()) await conn.run(`DROP TABLE typed_read_${i}`);
      return ms;
    },
    /** A CSV read as the app reads it (every column as text); returns ms. */
    async readCsv(path) {
      const t0 = performance.now();
      await conn.run(`CREATE OR REPLACE TABLE csv_bench AS SELECT * FROM read_csv('${path}', all_varchar = true)`);
      return performance.now() - t0;
    },
    /**
     * Replays traced calls in order and returns the time of each. An Arrow insert of the browser is
     * replayed by `onInsert(table)` (e.g. reading the same Parquet file natively).
     */
    async replay(entries, { rewrite = (sql) => sql, onInsert }) {
      const out = [];
      for (const [index, e] of entries.entries()) {
        if (e.error) continue;
        if (e.kind === 'insert') {
          out.push({ index, sql: e.sql, kind: 'insert', ms: await onInsert(e.sql) });
          continue;
        }
        if (e.kind !== 'query' && e.kind !== 'exec') continue;
        const sql = rewrite(e.sql);
        const t0 = performance.now();
        try {
          if (e.params.length) await conn.run(sql, e.params);
          else await conn.run(sql);
          out.push({ index, sql: e.sql, kind: e.kind, ms: performance.now() - t0 });
        } catch (err) {
          out.push({ index, sql: e.sql, kind: e.kind, ms: null, error: String(err.message ?? err) });
        }
      }
      return out;
    },
    close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}
