/// <reference lib="webworker" />
import { ImportError } from '../ingest/errors';
import { parseJsonFile } from '../ingest/read-json';
import type { JsonRequest, JsonResponse } from './json-protocol';

/** Reads and parses a JSON / NDJSON file off the main thread; the Arrow bytes go back transferred. */
self.onmessage = async (event: MessageEvent<JsonRequest>) => {
  try {
    const parsed = await parseJsonFile(event.data.file, event.data.ndjson);
    self.postMessage({ ok: true, parsed } satisfies JsonResponse, [parsed.ipc.buffer]);
  } catch (e) {
    const response: JsonResponse =
      e instanceof ImportError
        ? { ok: false, key: e.key, params: e.params, detail: e.detail, error: e.message }
        : { ok: false, error: e instanceof Error ? e.message : String(e) };
    self.postMessage(response);
  }
};
