import { parquetToIPC } from './parquet-wasm';
import type { ParquetToIpc } from './read-arrow';

/** Browser: the app's one parquet-wasm loader (lazy, wasm served from the app's own origin). */
export const parquetToIpcBrowser: ParquetToIpc = (bytes) => parquetToIPC(bytes);
