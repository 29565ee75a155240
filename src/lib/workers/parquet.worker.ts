/// <reference lib="webworker" />
import { parquetToIPC, parquetWasm } from '../ingest/parquet-wasm';
import { PARQUET_BATCH_ROWS, type ParquetBatch } from '../ingest/read-arrow';
import { ImportError } from '../ingest/errors';
import { serve } from './reply';
import type { ParquetRequest } from './parquet';

let batches: { reader: ReadableStreamDefaultReader; totalRows: number } | null = null;

serve<ParquetRequest>(self as DedicatedWorkerGlobalScope, async (request) => {
  if (request.op === 'decode') {
    const ipc = await parquetToIPC(request.bytes);
    return { value: ipc, transfer: [ipc.buffer] };
  }
  if (request.op === 'open') {
    const pq = await parquetWasm();
    const file = await pq.ParquetFile.fromFile(request.file);
    batches = { reader: (await file.stream({ batchSize: PARQUET_BATCH_ROWS })).getReader(), totalRows: file.metadata().fileMetadata().numRows() };
    return { value: null };
  }
  if (!batches) throw new ImportError('read_failed', { reason: 'the Parquet file was not opened' });
  const { done, value } = await batches.reader.read();
  if (done) return { value: null };
  const rows: number = value.numRows; // read first: intoIPCStream consumes the batch
  const batch: ParquetBatch = { ipc: value.intoIPCStream(), rows, totalRows: batches.totalRows };
  return { value: batch, transfer: [batch.ipc.buffer] };
});
