/// <reference lib="webworker" />
import { parseJsonFile } from '../ingest/read-json';
import type { JsonRequest } from './json';
import { serve } from './reply';

/** Reads and parses a JSON / NDJSON file off the main thread; the Arrow bytes go back transferred. */
serve<JsonRequest>(self as DedicatedWorkerGlobalScope, async ({ file, ndjson }) => {
  const parsed = await parseJsonFile(file, ndjson);
  return { value: parsed, transfer: [parsed.ipc.buffer] };
});
