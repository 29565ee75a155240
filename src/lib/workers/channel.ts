import { ImportError } from '../ingest/errors';
import type { WorkerReply } from './reply';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * The page's side of a worker that answers requests one message each (see `serve`). Aborting a
 * call terminates the worker, since a parse in progress cannot be interrupted; so does `close`.
 * A worker that fails (an error event, an out-of-memory abort) fails every pending call.
 */
export class WorkerChannel {
  #worker: Worker | null;
  #next = 0;
  #pending = new Map<number, Pending>();

  constructor(worker: Worker) {
    this.#worker = worker;
    worker.onmessage = (event: MessageEvent<WorkerReply<unknown> & { id: number }>) => {
      const reply = event.data;
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      if (reply.ok) pending.resolve(reply.value);
      else pending.reject(reply.key ? new ImportError(reply.key, reply.params, reply.detail) : new Error(reply.error));
    };
    worker.onerror = (event) => this.#fail(new Error(event.message || 'A file reading worker failed'));
  }

  call<Response>(request: unknown, transfer: Transferable[] = [], signal?: AbortSignal): Promise<Response> {
    const worker = this.#worker;
    if (!worker) return Promise.reject(new ImportError('cancelled'));
    if (signal?.aborted) {
      this.close();
      return Promise.reject(new ImportError('cancelled'));
    }
    const id = this.#next++;
    return new Promise<Response>((resolve, reject) => {
      const abort = () => this.close();
      signal?.addEventListener('abort', abort, { once: true });
      const settle = () => signal?.removeEventListener('abort', abort);
      this.#pending.set(id, {
        resolve: (v) => (settle(), resolve(v as Response)),
        reject: (e) => (settle(), reject(e)),
      });
      worker.postMessage({ id, request }, transfer);
    });
  }

  /** Terminates the worker; calls still waiting fail as cancelled. */
  close(): void {
    this.#fail(new ImportError('cancelled'));
  }

  #fail(error: Error): void {
    this.#worker?.terminate();
    this.#worker = null;
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) p.reject(error);
  }
}

/** One request in a fresh worker, which ends with its answer. */
export async function runOnce<Response>(worker: Worker, request: unknown, transfer: Transferable[] = [], signal?: AbortSignal): Promise<Response> {
  const channel = new WorkerChannel(worker);
  try {
    return await channel.call<Response>(request, transfer, signal);
  } finally {
    channel.close();
  }
}
