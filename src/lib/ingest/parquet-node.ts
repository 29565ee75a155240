import type { ParquetBatches, ParquetToIpc } from './read-arrow';
import { PARQUET_BATCH_ROWS } from './read-arrow';
import { throwIfAborted } from './errors';

/** Node (tests, scripts): parquet-wasm's node build initialises itself. */
export const parquetToIpcNode: ParquetToIpc = async (bytes) => {
  const { readParquet } = await import('parquet-wasm');
  return readParquet(bytes).intoIPCStream();
};

/** Node: a Parquet file's batches straight from parquet-wasm, read by slices of the Blob. */
export const parquetBatchesNode: ParquetBatches = async function* (file, signal) {
  const { ParquetFile } = await import('parquet-wasm');
  const pq = await ParquetFile.fromFile(file);
  try {
    const totalRows = pq.metadata().fileMetadata().numRows();
    const reader = (await pq.stream({ batchSize: PARQUET_BATCH_ROWS })).getReader();
    for (;;) {
      throwIfAborted(signal);
      const { done, value } = await reader.read();
      if (done) return;
      const rows = value.numRows as number;
      yield { ipc: value.intoIPCStream(), rows, totalRows };
    }
  } finally {
    pq.free();
  }
};
