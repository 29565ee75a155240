import type { SheetInfo, SheetTable, Workbook } from '../ingest/read-xlsx';
import { WorkerChannel } from './channel';

export type XlsxRequest = { op: 'open'; file: Blob } | { op: 'table'; sheet: string; headerRow?: number };

/**
 * Opens a workbook in a Web Worker, which keeps it parsed (SheetJS takes seconds on a big sheet)
 * until `close`; a sheet comes back as Arrow bytes, transferred.
 */
export async function openWorkbookInWorker(file: Blob, signal?: AbortSignal): Promise<Workbook> {
  const channel = new WorkerChannel(new Worker(new URL('./xlsx.worker.ts', import.meta.url), { type: 'module' }));
  let sheets: SheetInfo[];
  try {
    sheets = await channel.call<SheetInfo[]>({ op: 'open', file } satisfies XlsxRequest, [], signal);
  } catch (e) {
    channel.close();
    throw e;
  }
  return {
    sheets,
    table: (sheet, headerRow) => channel.call<SheetTable>({ op: 'table', sheet, headerRow } satisfies XlsxRequest),
    close: () => channel.close(),
  };
}
