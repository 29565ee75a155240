import type { ParquetBatch, ParquetBatches, ParquetToIpc } from '../ingest/read-arrow';
import { runOnce, WorkerChannel } from './channel';

/** Parquet bytes → Arrow IPC stream in a Web Worker (parquet-wasm decodes for seconds on a big file); the bytes are transferred both ways. */
export const parquetToIpcInWorker: ParquetToIpc = (bytes) =>
  runOnce<Uint8Array>(new Worker(new URL('./parquet.worker.ts', import.meta.url), { type: 'module' }), { op: 'decode', bytes } satisfies ParquetRequest, [bytes.buffer]);

export type ParquetRequest = { op: 'decode'; bytes: Uint8Array } | { op: 'open'; file: Blob } | { op: 'next' };

/**
 * A Parquet file's batches decoded in a Web Worker, one batch asked for at a time, so the page
 * holds one batch and the worker reads the file by slices: neither is ever whole in memory.
 * Aborting terminates the worker.
 */
export const parquetBatchesInWorker: ParquetBatches = async function* (file, signal) {
  const channel = new WorkerChannel(new Worker(new URL('./parquet.worker.ts', import.meta.url), { type: 'module' }));
  try {
    await channel.call<null>({ op: 'open', file } satisfies ParquetRequest, [], signal);
    for (;;) {
      const batch = await channel.call<ParquetBatch | null>({ op: 'next' } satisfies ParquetRequest, [], signal);
      if (!batch) return;
      yield batch;
    }
  } finally {
    channel.close();
  }
};
