import type { ParquetToIpc } from '../ingest/read-arrow';
import { runOnce } from './channel';

/** Parquet bytes → Arrow IPC stream in a Web Worker (parquet-wasm decodes for seconds on a big file); the bytes are transferred both ways. */
export const parquetToIpcInWorker: ParquetToIpc = (bytes) =>
  runOnce<Uint8Array>(new Worker(new URL('./parquet.worker.ts', import.meta.url), { type: 'module' }), bytes, [bytes.buffer]);
