import { tableFromIPC } from 'apache-arrow';
import { parquetWasm } from '../ingest/parquet-wasm';
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
