import type { Db } from '../db/types';
import { ImportError, throwIfAborted } from './errors';
import { dedupeHeaders, detectHeaderRow } from './header';
import type { ProgressReporter } from './progress';
import { stringColumnsToIpc, type RawTable } from './raw-table';

type XlsxModule = typeof import('@e965/xlsx');
type WorkBook = import('@e965/xlsx').WorkBook;
type WorkSheet = import('@e965/xlsx').WorkSheet;
type CellObject = import('@e965/xlsx').CellObject;
type Range = import('@e965/xlsx').Range;

export interface SheetInfo {
  name: string;
  rowCount: number;
  columnCount: number;
  /** Detected header row (0-based), -1 when none. */
  headerRow: number;
  preview: (string | null)[][];
}

export interface Workbook {
  sheets: SheetInfo[];
  /** The sheet's cells as text, row by row (dates as ISO text, numbers as their exact value). */
  cells(sheet: string): (string | null)[][];
  merges(sheet: string): Range[];
  encodeRange(range: Range): string;
}

/** Parses an .xlsx once (SheetJS, loaded on first use) and lists its sheets with a preview. */
export async function openWorkbook(file: Blob): Promise<Workbook> {
  const XLSX: XlsxModule = await import('@e965/xlsx');
  const bytes = new Uint8Array(await file.arrayBuffer());
  let wb: WorkBook;
  try {
    wb = XLSX.read(bytes, { type: 'array', dense: true, cellNF: true, cellDates: false, cellText: false });
  } catch (e) {
    throw new ImportError('truncated_file', { format: 'Excel' }, e instanceof Error ? e.message : String(e));
  }
  if (wb.SheetNames.length === 0) throw new ImportError('truncated_file', { format: 'Excel' });
  const cache = new Map<string, (string | null)[][]>();
  const sheetOf = (name: string): WorkSheet => {
    const ws = wb.Sheets[name];
    if (!ws) throw new ImportError('no_such_sheet', { sheet: name, sheets: wb.SheetNames.join(', ') });
    return ws;
  };
  const cells = (name: string) => {
    let rows = cache.get(name);
    if (!rows) {
      rows = sheetCells(XLSX, sheetOf(name));
      cache.set(name, rows);
    }
    return rows;
  };
  const sheets = wb.SheetNames.map((name): SheetInfo => {
    const rows = cells(name);
    return {
      name,
      rowCount: rows.length,
      columnCount: Math.max(0, ...rows.map((r) => r.length)),
      headerRow: detectHeaderRow(rows),
      preview: rows.slice(0, 20),
    };
  });
  return {
    sheets,
    cells,
    merges: (name) => sheetOf(name)['!merges'] ?? [],
    encodeRange: (r) => XLSX.utils.encode_range(r),
  };
}

function sheetCells(XLSX: XlsxModule, ws: WorkSheet): (string | null)[][] {
  const dense = (ws as unknown as { '!data'?: (CellObject | undefined)[][] })['!data'] ?? [];
  const out: (string | null)[][] = [];
  for (let r = 0; r < dense.length; r++) {
    const row = dense[r] ?? [];
    out.push(Array.from({ length: row.length }, (_, c) => cellText(XLSX, row[c])));
  }
  while (out.length > 0 && out[out.length - 1].every((v) => v === null)) out.pop();
  return out;
}

function cellText(XLSX: XlsxModule, cell: CellObject | undefined): string | null {
  if (!cell || cell.v === undefined || cell.v === null) return null;
  switch (cell.t) {
    case 'n': {
      const v = cell.v as number;
      const fmt = typeof cell.z === 'string' ? cell.z : '';
      return fmt && XLSX.SSF.is_date(fmt) ? excelSerialToIso(v) : String(v);
    }
    case 'b':
      return cell.v ? 'TRUE' : 'FALSE';
    case 'e':
      return cell.w ?? '#ERROR';
    case 'd':
      return (cell.v as Date).toISOString().slice(0, 10);
    default: {
      const s = String(cell.v);
      return s === '' ? null : s;
    }
  }
}

/** Excel serial day (days since 1899-12-30, fraction = time of day) → ISO date or date-time. */
export function excelSerialToIso(serial: number): string {
  const ms = Math.round((serial - 25569) * 86400000);
  const iso = new Date(ms).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
}

export interface SheetReadRequest {
  table: string;
  fileName: string;
  sheet: string;
  /** 0-based header row; -1 = no header; default = detected. */
  headerRow?: number;
  signal?: AbortSignal;
  progress?: ProgressReporter;
  size: number;
}

export async function readSheet(db: Db, workbook: Workbook, req: SheetReadRequest): Promise<RawTable> {
  const info = workbook.sheets.find((s) => s.name === req.sheet);
  if (!info) throw new ImportError('no_such_sheet', { sheet: req.sheet, sheets: workbook.sheets.map((s) => s.name).join(', ') });
  const rows = workbook.cells(req.sheet);
  if (rows.length === 0) throw new ImportError('empty_file');
  const headerRow = req.headerRow ?? info.headerRow;
  if (headerRow >= 0) {
    const merged = workbook.merges(req.sheet).find((m) => m.s.r <= headerRow && m.e.r >= headerRow && m.e.c > m.s.c);
    if (merged) throw new ImportError('merged_header', { sheet: req.sheet, range: workbook.encodeRange(merged) });
  }
  const numbered = rows.slice(headerRow + 1).map((r, i) => ({ r, n: i + 1 })).filter(({ r }) => r.some((v) => v !== null));
  const data = numbered.map(({ r }) => r);
  const width = Math.max(headerRow >= 0 ? rows[headerRow].length : 0, ...data.map((r) => r.length));
  if (data.length === 0) throw headerRow >= 0 ? new ImportError('header_only', { columns: width }) : new ImportError('empty_file');
  throwIfAborted(req.signal);
  const headers = Array.from({ length: width }, (_, c) => (headerRow >= 0 ? (rows[headerRow][c] ?? null) : null));
  const columns = dedupeHeaders(headers);
  const values = columns.map((_, c) => data.map((r) => r[c] ?? null));
  req.progress?.({ phase: 'inserting', bytesRead: req.size, totalBytes: req.size, rows: data.length });
  await db.insertArrowIPC(req.table, stringColumnsToIpc(columns, values, data.length, Int32Array.from(numbered, ({ n }) => n)), { create: true });
  req.progress?.({ phase: 'done', bytesRead: req.size, totalBytes: req.size, rows: data.length });
  return { table: req.table, columns, originalHeaders: headers, rowCount: data.length, format: 'xlsx', fileName: req.fileName, sheet: req.sheet };
}
