import type { LogisticFit } from '../models/logistic';
import type { FitRequest, FitResponse } from './fit-protocol';

/**
 * Runs fitLogistic in a Web Worker so that the page stays responsive; aborting terminates the
 * worker. One worker per fit: fits are rare and the worker is small.
 */
export function fitInWorker(x: readonly Float64Array[], y: Float64Array, names: string[], signal?: AbortSignal): Promise<LogisticFit> {
  const rows = x.length;
  const columns = rows ? x[0].length : 0;
  const flat = new Float64Array(rows * columns);
  x.forEach((row, i) => flat.set(row, i * columns));
  const request: FitRequest = { x: flat, y: Float64Array.from(y), rows, columns, names };
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./fit.worker.ts', import.meta.url), { type: 'module' });
    const stop = () => {
      worker.terminate();
      reject(new DOMException('cancelled', 'AbortError'));
    };
    if (signal?.aborted) return stop();
    signal?.addEventListener('abort', stop, { once: true });
    worker.onmessage = (event: MessageEvent<FitResponse>) => {
      signal?.removeEventListener('abort', stop);
      worker.terminate();
      if (event.data.ok) resolve(event.data.fit);
      else reject(new Error(event.data.error));
    };
    worker.onerror = (event) => {
      signal?.removeEventListener('abort', stop);
      worker.terminate();
      reject(new Error(event.message || 'The fitting worker failed'));
    };
    worker.postMessage(request, [request.x.buffer, request.y.buffer]);
  });
}
