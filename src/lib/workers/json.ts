import { ImportError } from '../ingest/errors';
import type { JsonColumns, JsonParser } from '../ingest/read-json';
import type { JsonRequest, JsonResponse } from './json-protocol';

/**
 * Parses a JSON / NDJSON file in a Web Worker (a large JSON.parse would freeze the page); aborting
 * terminates the worker. One worker per file.
 */
export const parseJsonInWorker: JsonParser = (file, ndjson, signal) =>
  new Promise<JsonColumns>((resolve, reject) => {
    const worker = new Worker(new URL('./json.worker.ts', import.meta.url), { type: 'module' });
    const stop = () => {
      worker.terminate();
      reject(new ImportError('cancelled'));
    };
    if (signal?.aborted) return stop();
    signal?.addEventListener('abort', stop, { once: true });
    const done = () => {
      signal?.removeEventListener('abort', stop);
      worker.terminate();
    };
    worker.onmessage = (event: MessageEvent<JsonResponse>) => {
      done();
      const r = event.data;
      if (r.ok) resolve(r.parsed);
      else reject(r.key ? new ImportError(r.key, r.params, r.detail) : new Error(r.error));
    };
    worker.onerror = (event) => {
      done();
      reject(new Error(event.message || 'The JSON reading worker failed'));
    };
    worker.postMessage({ file, ndjson } satisfies JsonRequest);
  });
