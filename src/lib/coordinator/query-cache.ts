import type { Table } from 'apache-arrow';
import type { Db, QueryOptions, SqlParam } from '../db/types';
import { abortError } from '../db/types';

interface Entry {
  result: Promise<Table>;
  /** Cancels the engine run once every caller waiting on a pending run has given up. */
  controller: AbortController;
  waiting: number;
  settled: boolean;
  /** The result once it is in. */
  value?: Table;
}

/**
 * Results keyed by (book version, SQL, parameters): a query whose inputs did not change is never
 * run twice. Callers of the same key share one execution, which is cancelled only when all of
 * them have cancelled (a view re-rendering with the same query must not kill a run others await).
 */
export class QueryCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly db: Db,
    private readonly capacity = 600,
  ) {}

  query(version: number, sql: string, params: readonly SqlParam[], options: QueryOptions = {}): Promise<Table> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(abortError());
    const key = cacheKey(version, sql, params);
    let entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    } else {
      entry = this.start(key, sql, params, options.quick ?? false);
    }
    if (entry.settled || !signal) return entry.result;
    return this.follow(key, entry, signal);
  }

  /** This exact query's result if it is in already (not a run under way). */
  peek(version: number, sql: string, params: readonly SqlParam[]): Table | undefined {
    return this.entries.get(cacheKey(version, sql, params))?.value;
  }

  /** Whether this exact query has a result (or a run under way) for this version. */
  has(version: number, sql: string, params: readonly SqlParam[]): boolean {
    return this.entries.has(cacheKey(version, sql, params));
  }

  /**
   * Runs `run` (another query with the same result, e.g. from a pre-aggregate) and keeps its result
   * under this query's key, unless the key has one already. Not cancellable: nobody waits on it yet.
   */
  remember(version: number, sql: string, params: readonly SqlParam[], run: () => Promise<Table>): Promise<Table> {
    const key = cacheKey(version, sql, params);
    const known = this.entries.get(key);
    if (known) return known.result;
    const entry: Entry = { result: run(), controller: new AbortController(), waiting: 0, settled: false };
    this.track(key, entry);
    return entry.result;
  }

  clear(): void {
    for (const e of this.entries.values()) if (!e.settled) e.controller.abort();
    this.entries.clear();
  }

  private start(key: string, sql: string, params: readonly SqlParam[], quick: boolean): Entry {
    const controller = new AbortController();
    const entry: Entry = { result: this.db.query(sql, params, { signal: controller.signal, quick }), controller, waiting: 0, settled: false };
    this.track(key, entry);
    return entry;
  }

  private track(key: string, entry: Entry): void {
    entry.result.then(
      (table) => {
        entry.settled = true;
        entry.value = table;
      },
      () => {
        entry.settled = true;
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    this.entries.set(key, entry);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  /** The shared result for one caller, rejected as soon as that caller aborts. */
  private follow(key: string, entry: Entry, signal: AbortSignal): Promise<Table> {
    entry.waiting++;
    return new Promise<Table>((resolve, reject) => {
      const onAbort = () => {
        entry.waiting--;
        if (entry.waiting === 0 && !entry.settled) {
          entry.controller.abort();
          if (this.entries.get(key) === entry) this.entries.delete(key);
        }
        reject(abortError());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      entry.result.then(
        (t) => {
          signal.removeEventListener('abort', onAbort);
          entry.waiting--;
          resolve(t);
        },
        (e) => {
          signal.removeEventListener('abort', onAbort);
          entry.waiting--;
          reject(e);
        },
      );
    });
  }
}

function cacheKey(version: number, sql: string, params: readonly SqlParam[]): string {
  return `${version}\u0000${sql}\u0000${JSON.stringify(params, (_, v) => (typeof v === 'bigint' ? String(v) : v))}`;
}
