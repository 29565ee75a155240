import type { Db } from '../db/types';
import { ImportError, throwIfAborted } from './errors';
import { dedupeHeaders } from './header';
import type { ProgressReporter } from './progress';
import { stringColumnsToIpc, type RawTable } from './raw-table';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Record_ = { [k: string]: Json };

export interface JsonReadRequest {
  table: string;
  fileName: string;
  ndjson: boolean;
  signal?: AbortSignal;
  progress?: ProgressReporter;
}

/** The parsed file as Arrow IPC of text columns (what `jsonToIpc` gives, here or in a worker). */
export interface JsonColumns {
  ipc: Uint8Array;
  columns: string[];
  originalHeaders: string[];
  rowCount: number;
}

/** Text → columns; the app runs it in a worker (workers/json.ts), Node tests in-line. */
export type JsonParser = (file: Blob, ndjson: boolean, signal?: AbortSignal) => Promise<JsonColumns>;

/**
 * JSON (an array of objects, or an object holding one) or NDJSON (one object per line) → a raw
 * table. Parsed in JS because DuckDB's JSON reader is an extension we cannot load. Keys become
 * columns in order of first appearance; nested values are kept as JSON text.
 */
export async function readJson(db: Db, file: Blob, req: JsonReadRequest, parse: JsonParser = parseJsonFile): Promise<RawTable> {
  req.progress?.({ phase: 'reading', bytesRead: 0, totalBytes: file.size });
  const parsed = await parse(file, req.ndjson, req.signal);
  throwIfAborted(req.signal);
  req.progress?.({ phase: 'inserting', bytesRead: file.size, totalBytes: file.size, rows: parsed.rowCount });
  await db.insertArrowIPC(req.table, parsed.ipc, { create: true });
  req.progress?.({ phase: 'done', bytesRead: file.size, totalBytes: file.size, rows: parsed.rowCount });
  return { table: req.table, columns: parsed.columns, originalHeaders: parsed.originalHeaders, rowCount: parsed.rowCount, format: req.ndjson ? 'ndjson' : 'json', encoding: 'utf-8', fileName: req.fileName };
}

/** Reads and parses the file on the calling thread. */
export async function parseJsonFile(file: Blob, ndjson: boolean, signal?: AbortSignal): Promise<JsonColumns> {
  const text = stripBom(await file.text());
  throwIfAborted(signal);
  return jsonToColumns(text, ndjson);
}

/** JSON text → text columns as Arrow IPC; throws ImportError for an empty, truncated or malformed file. */
export function jsonToColumns(text: string, ndjson: boolean): JsonColumns {
  if (text.trim() === '') throw new ImportError('empty_file');
  const exact = quoteBigIntegers(text);
  const records = ndjson ? parseNdjson(exact) : recordsOf(parseJson(exact));
  if (records.length === 0) throw new ImportError('header_only', { columns: 0 });
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const r of records) for (const k of Object.keys(r)) if (!seen.has(k)) (seen.add(k), keys.push(k));
  const columns = dedupeHeaders(keys);
  const values = keys.map((k) => records.map((r) => asText(r[k])));
  return { ipc: stringColumnsToIpc(columns, values, records.length), columns, originalHeaders: keys, rowCount: records.length };
}

const stripBom = (s: string) => (s.charCodeAt(0) === 0xfeff ? s.slice(1) : s);

function parseJson(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    if (/end of (JSON )?input|Unterminated/i.test(reason)) throw new ImportError('truncated_file', { format: 'JSON' }, reason);
    throw new ImportError('invalid_json', { reason }, reason);
  }
}

function parseNdjson(text: string): Record_[] {
  const out: Record_[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let value: Json;
    try {
      value = JSON.parse(line) as Json;
    } catch (e) {
      const reason = `line ${i + 1}: ${e instanceof Error ? e.message : String(e)}`;
      const last = lines.slice(i + 1).every((l) => l.trim() === '');
      throw last ? new ImportError('truncated_file', { format: 'NDJSON' }, reason) : new ImportError('invalid_json', { reason }, reason);
    }
    if (!isRecord(value)) throw new ImportError('invalid_json', { reason: `line ${i + 1} is not an object` });
    out.push(value);
  });
  return out;
}

function recordsOf(value: Json): Record_[] {
  if (Array.isArray(value)) {
    if (!value.every(isRecord)) throw new ImportError('invalid_json', { reason: 'the array holds values that are not objects' });
    return value as Record_[];
  }
  if (isRecord(value)) return envelopeRows(value) ?? [value];
  throw new ImportError('invalid_json', { reason: 'the top level is neither an array nor an object' });
}

/**
 * An API envelope (`{"data": {"rows": [...]}}`, `{"code": 0, "result": {"list": [...]}}`): the
 * array of records inside it, searched a few levels deep; the longest when there are several.
 */
function envelopeRows(value: Record_, depth = 0): Record_[] | null {
  let best: Record_[] | null = null;
  for (const v of Object.values(value)) {
    const found = Array.isArray(v) ? (v.length > 0 && v.every(isRecord) ? (v as Record_[]) : null) : isRecord(v) && depth < 4 ? envelopeRows(v, depth + 1) : null;
    if (found && (!best || found.length > best.length)) best = found;
  }
  return best;
}

/**
 * Integers of 16 or more digits wrapped in quotes before parsing, so ids above 2^53 keep every
 * digit (every value becomes text anyway). Strings are matched first and left as they are.
 */
export function quoteBigIntegers(text: string): string {
  return text.replace(/"(?:[^"\\]|\\.)*"|(?<![\w.])-?\d{16,}(?![\w.])/g, (m) => (m.charCodeAt(0) === 34 ? m : `"${m}"`));
}

function isRecord(v: Json): v is Record_ {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asText(v: Json | undefined): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}
