/// <reference lib="webworker" />
import { parquetToIPC } from '../ingest/parquet-wasm';
import { serve } from './reply';

serve<Uint8Array>(self as DedicatedWorkerGlobalScope, async (bytes) => {
  const ipc = await parquetToIPC(bytes);
  return { value: ipc, transfer: [ipc.buffer] };
});
