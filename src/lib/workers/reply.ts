import { ImportError, type ImportErrorKey, type ImportErrorParams } from '../ingest/errors';

/** A worker's answer to one request: its value, or the error with an ImportError's key kept. */
export type WorkerReply<T> = { ok: true; value: T } | { ok: false; key?: ImportErrorKey; params?: ImportErrorParams; detail?: string; error: string };

/** What a worker answers with: the value and the buffers to transfer rather than copy. */
export interface Answer<T> {
  value: T;
  transfer?: Transferable[];
}

/**
 * The worker's side of a WorkerChannel: answers each `{ id, request }` message with
 * `{ id, ...WorkerReply }`, transferring the answer's buffers.
 */
export function serve<Request>(scope: DedicatedWorkerGlobalScope, handle: (request: Request) => Promise<Answer<unknown>> | Answer<unknown>): void {
  scope.onmessage = async (event: MessageEvent<{ id: number; request: Request }>) => {
    const { id, request } = event.data;
    try {
      const { value, transfer = [] } = await handle(request);
      scope.postMessage({ id, ok: true, value }, transfer);
    } catch (e) {
      scope.postMessage({ id, ...errorReply(e) });
    }
  };
}

function errorReply(e: unknown): WorkerReply<never> {
  if (e instanceof ImportError) return { ok: false, key: e.key, params: e.params, detail: e.detail, error: e.message };
  return { ok: false, error: e instanceof Error ? e.message : String(e) };
}
