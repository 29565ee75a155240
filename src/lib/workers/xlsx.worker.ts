/// <reference lib="webworker" />
import { ImportError } from '../ingest/errors';
import { parseWorkbook, sheetTable, type ParsedWorkbook } from '../ingest/read-xlsx';
import { serve } from './reply';
import type { XlsxRequest } from './xlsx';

let workbook: ParsedWorkbook | null = null;

serve<XlsxRequest>(self as DedicatedWorkerGlobalScope, async (request) => {
  if (request.op === 'open') {
    workbook = await parseWorkbook(request.file);
    return { value: workbook.sheets };
  }
  if (!workbook) throw new ImportError('read_failed', { reason: 'the workbook was not opened' });
  const table = sheetTable(workbook, request.sheet, request.headerRow);
  return { value: table, transfer: [table.ipc.buffer] };
});
