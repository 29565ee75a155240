import type { ParquetToIpc } from './read-arrow';

/** Node (tests, scripts): parquet-wasm's node build initialises itself. */
export const parquetToIpcNode: ParquetToIpc = async (bytes) => {
  const { readParquet } = await import('parquet-wasm');
  return readParquet(bytes).intoIPCStream();
};
