import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';

/**
 * Looks for every identifying value of a book in every byte of a published folder: Parquet files
 * read back with DuckDB (their bytes are compressed), every other file (HTML, JS, JSON, wasm, the
 * service worker, compressed twins unpacked) searched byte for byte with one Aho–Corasick pass.
 */

export interface BookSecrets {
  loanIds: string[];
  borrowerIds: string[];
  names: string[];
  loans: number;
}

/** The book's loan ids, borrower ids and borrower names, read independently of the app. */
export async function bookSecrets(bookDir: string): Promise<BookSecrets> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const list = async (sql: string) => (await conn.runAndReadAll(sql)).getRows().map((r) => String(r[0]));
  const from = `read_parquet('${join(bookDir, 'loans.parquet')}')`;
  const secrets = {
    loanIds: await list(`SELECT DISTINCT loan_id FROM ${from} WHERE loan_id IS NOT NULL`),
    borrowerIds: await list(`SELECT DISTINCT borrower_id FROM ${from} WHERE borrower_id IS NOT NULL`),
    names: await list(`SELECT DISTINCT borrower_name FROM ${from} WHERE borrower_name IS NOT NULL`),
    loans: Number((await list(`SELECT count(*) FROM ${from}`))[0]),
  };
  conn.closeSync();
  instance.closeSync();
  return secrets;
}

/** A byte-level Aho–Corasick automaton over the needles' UTF-8 bytes. */
class Automaton {
  private next: Map<number, number>[] = [new Map()];
  private fail: number[] = [0];
  private out: number[] = [-1];
  constructor(readonly needles: readonly string[]) {
    const enc = new TextEncoder();
    needles.forEach((needle, i) => {
      let node = 0;
      for (const b of enc.encode(needle)) {
        let to = this.next[node].get(b);
        if (to === undefined) {
          to = this.next.push(new Map()) - 1;
          this.fail.push(0);
          this.out.push(-1);
          this.next[node].set(b, to);
        }
        node = to;
      }
      this.out[node] = i;
    });
    const queue: number[] = [];
    for (const to of this.next[0].values()) queue.push(to);
    while (queue.length) {
      const node = queue.shift()!;
      for (const [b, to] of this.next[node]) {
        let f = this.fail[node];
        while (f && !this.next[f].has(b)) f = this.fail[f];
        const g = this.next[f].get(b);
        this.fail[to] = g !== undefined && g !== to ? g : 0;
        if (this.out[to] < 0) this.out[to] = this.out[this.fail[to]];
        queue.push(to);
      }
    }
  }

  /** Indexes of the needles found in `bytes` (at most `limit`). */
  find(bytes: Uint8Array, limit = 20): Set<number> {
    const found = new Set<number>();
    let node = 0;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      while (node && !this.next[node].has(b)) node = this.fail[node];
      node = this.next[node].get(b) ?? 0;
      if (this.out[node] >= 0) {
        // Every needle ending here: the output link and its fail chain.
        for (let n = node; n; n = this.fail[n]) if (this.out[n] >= 0) found.add(this.out[n]);
        if (found.size >= limit) break;
      }
    }
    return found;
  }
}

export interface ScanResult {
  files: number;
  bytes: number;
  parquetFiles: number;
  /** `file: value` of every identifying value found. */
  hits: string[];
  /** Parquet files with a column of loan or borrower ids, or as many rows as the book has loans, or (a cube) a cell on fewer than k loans with figures. */
  loanLevel: string[];
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}

export async function scanPublished(dir: string, secrets: BookSecrets, minCell = 5): Promise<ScanResult> {
  const needles = [...secrets.loanIds, ...secrets.borrowerIds, ...secrets.names];
  const automaton = new Automaton(needles);
  const wanted = new Set(needles);
  const result: ScanResult = { files: 0, bytes: 0, parquetFiles: 0, hits: [], loanLevel: [] };
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  for (const file of listFiles(dir)) {
    const rel = relative(dir, file);
    result.files++;
    if (file.endsWith('.parquet')) {
      result.parquetFiles++;
      const from = `read_parquet('${file.replaceAll("'", "''")}')`;
      const columns = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${from}`)).getRowObjects();
      const rows = Number((await conn.runAndReadAll(`SELECT count(*) FROM ${from}`)).getRows()[0][0]);
      const names = columns.map((c) => String(c.column_name));
      // A cube (an `n` of loans per cell and a `suppressed` flag) is aggregate when every cell it gives figures for has k loans or more.
      const cube = names.includes('n') && names.includes('suppressed');
      const small = cube ? Number((await conn.runAndReadAll(`SELECT count(*) FROM ${from} WHERE NOT suppressed AND n < ${minCell} OR suppressed AND n IS NOT NULL`)).getRows()[0][0]) : 0;
      if (names.some((c) => ['loan_id', 'borrower_id'].includes(c)) || (!cube && rows >= secrets.loans) || small > 0) result.loanLevel.push(`${rel} (${rows} rows)`);
      for (const c of columns) {
        const name = String(c.column_name).replaceAll('"', '""');
        const values = (await conn.runAndReadAll(`SELECT DISTINCT CAST("${name}" AS VARCHAR) FROM ${from}`)).getRows().map((r) => String(r[0]));
        // A few values per column say enough (a loans file would list every loan).
        for (const v of values.filter((x) => wanted.has(x)).slice(0, 20)) result.hits.push(`${rel}: ${v}`);
      }
      continue;
    }
    let bytes: Uint8Array = readFileSync(file);
    if (file.endsWith('.gz')) bytes = gunzipSync(bytes);
    else if (file.endsWith('.br')) bytes = brotliDecompressSync(bytes);
    result.bytes += bytes.length;
    for (const i of automaton.find(bytes)) result.hits.push(`${rel}: ${needles[i]}`);
  }
  conn.closeSync();
  instance.closeSync();
  return result;
}
