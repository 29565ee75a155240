import { tableToIPC } from 'apache-arrow';
import { fileName, toCsv } from '../charts/export';
import { download } from '../ui/download';
import { parquetWasm } from '../ingest/parquet-wasm';
import type { CellResult } from './run';

/** Exports of a cell's result. Parquet and xlsx writers are loaded only when first used. */
export function exportCsv(result: CellResult, title: string): void {
  const columns = result.columns.map((c) => ({ key: c.name, label: c.name }));
  download(fileName(title, 'csv'), toCsv(columns, result.rows), 'text/csv;charset=utf-8');
}

export async function parquetBytes(result: CellResult): Promise<Uint8Array> {
  const pq = await parquetWasm();
  const table = pq.Table.fromIPCStream(tableToIPC(result.arrow, 'stream'));
  return pq.writeParquet(table);
}

export async function exportParquet(result: CellResult, title: string): Promise<void> {
  const bytes = await parquetBytes(result);
  download(fileName(title, 'parquet'), new Blob([bytes as BlobPart], { type: 'application/vnd.apache.parquet' }));
}

export async function exportXlsx(result: CellResult, title: string): Promise<void> {
  const XLSX = await import('@e965/xlsx');
  const sheet = XLSX.utils.json_to_sheet(result.rows, { header: result.columns.map((c) => c.name) });
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, 'result');
  const bytes = XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer;
  download(fileName(title, 'xlsx'), new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
}
