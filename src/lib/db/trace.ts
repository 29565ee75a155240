import type { SqlParam } from './types';

/** One engine call as the benchmark sees it; times from `performance.now()`. */
export interface TraceEntry {
  kind: 'start' | 'query' | 'exec' | 'insert';
  sql: string;
  params: SqlParam[];
  start: number;
  end?: number;
  rows?: number;
  error?: string;
}

/**
 * Records every engine call into `globalThis.__lblTrace` when a harness has put an array there
 * (the benchmark does, before the app loads): the exact SQL the browser ran, to time it and to
 * replay it in native DuckDB. Off by default, so nothing is kept in normal use.
 */
export function traceStart(kind: TraceEntry['kind'], sql: string, params: readonly SqlParam[]): TraceEntry | undefined {
  const log = (globalThis as { __lblTrace?: TraceEntry[] }).__lblTrace;
  if (!Array.isArray(log)) return undefined;
  const entry: TraceEntry = { kind, sql, params: [...params], start: performance.now() };
  log.push(entry);
  return entry;
}

export function traceEnd(entry: TraceEntry | undefined, result: { rows?: number; error?: unknown }): void {
  if (!entry) return;
  entry.end = performance.now();
  entry.rows = result.rows;
  if (result.error) entry.error = String(result.error);
}
