import type { JsonColumns, JsonParser } from '../ingest/read-json';
import { runOnce } from './channel';

export interface JsonRequest {
  file: Blob;
  ndjson: boolean;
}

/** Parses a JSON / NDJSON file in a Web Worker (a large JSON.parse would freeze the page), one worker per file. */
export const parseJsonInWorker: JsonParser = (file, ndjson, signal) =>
  runOnce<JsonColumns>(new Worker(new URL('./json.worker.ts', import.meta.url), { type: 'module' }), { file, ndjson } satisfies JsonRequest, [], signal);
