import { tableFromIPC } from 'apache-arrow';
import { parquetToIPC, parquetWasm } from '../ingest/parquet-wasm';
import type { ParquetSource } from './parquet-source';

/** Rows per decoded batch: parquet-wasm's default (1,024) makes a 1M-row read far slower. */
const BATCH_ROWS = 122_880;

/**
 * A Parquet file on the app's own host, read with HTTP range requests by parquet-wasm: the
 * footer first, then only the column chunks asked for.
 */
export async function openParquetOverHttp(path: string): Promise<ParquetSource> {
  const pq = await parquetWasm();
  const file = await pq.ParquetFile.fromUrl(new URL(path, location.href).href);
  const columns = tableFromIPC(file.schema().intoIPCStream()).schema.fields.map((f) => f.name);
  const rows = Number(file.metadata().fileMetadata().numRows());
  return {
    columns: () => columns,
    numRows: () => rows,
    async readIPC(wanted) {
      const table = await file.read({ batchSize: BATCH_ROWS, ...(wanted ? { columns: [...wanted] } : {}) });
      return table.intoIPCStream();
    },
  };
}

/**
 * A small Parquet file on the app's own host fetched whole (one plain request, which the service
 * worker's precache answers offline) and decoded at once: an aggregate dashboard's cubes.
 */
export async function openParquetWhole(path: string): Promise<ParquetSource> {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${path}`);
  const ipc = await parquetToIPC(new Uint8Array(await response.arrayBuffer()));
  const table = tableFromIPC(ipc);
  return { columns: () => table.schema.fields.map((f) => f.name), numRows: () => table.numRows, readIPC: async () => ipc };
}
