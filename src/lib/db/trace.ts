import type { SqlParam } from './types';

/** One engine call (or one view's update) as the benchmark sees it; times from `performance.now()`. */
export interface TraceEntry {
  /** `view`: a Metric handed its result to the view (start) and the DOM was updated (end). */
  kind: 'start' | 'query' | 'exec' | 'insert' | 'view';
  sql: string;
  params: SqlParam[];
  start: number;
  end?: number;
  rows?: number;
  error?: string;
  /** Milliseconds since `start` at which each named step of the call ended (connect, send, …). */
  phases?: Record<string, number>;
  /** What answered a view's query (coordinator route). */
  route?: string;
}

function log(): TraceEntry[] | undefined {
  const l = (globalThis as { __lblTrace?: TraceEntry[] }).__lblTrace;
  return Array.isArray(l) ? l : undefined;
}

/** Whether a harness is tracing (so callers can skip work that only feeds the trace). */
export function tracing(): boolean {
  return log() !== undefined;
}

/**
 * Records every engine call into `globalThis.__lblTrace` when a harness has put an array there
 * (the benchmark does, before the app loads): the exact SQL the browser ran, to time it and to
 * replay it in native DuckDB. Off by default, so nothing is kept in normal use.
 */
export function traceStart(kind: TraceEntry['kind'], sql: string, params: readonly SqlParam[]): TraceEntry | undefined {
  const l = log();
  if (!l) return undefined;
  const entry: TraceEntry = { kind, sql, params: [...params], start: performance.now() };
  l.push(entry);
  return entry;
}

/** Marks the end of one step of a traced call. */
export function tracePhase(entry: TraceEntry | undefined, name: string): void {
  if (!entry) return;
  (entry.phases ??= {})[name] = performance.now() - entry.start;
}

export function traceEnd(entry: TraceEntry | undefined, result: { rows?: number; error?: unknown }): void {
  if (!entry) return;
  entry.end = performance.now();
  entry.rows = result.rows;
  if (result.error) entry.error = String(result.error);
}
