import type { Db } from '../db/types';
import { ImportError, formatBytes, throwIfAborted } from './errors';
import { dedupeHeaders, detectHeaderRow } from './header';
import type { ProgressReporter } from './progress';
import { stringColumnsToIpc, type RawTable, type ReadNotice } from './raw-table';

type XlsxModule = typeof import('@e965/xlsx');
type WorkBook = import('@e965/xlsx').WorkBook;
type WorkSheet = import('@e965/xlsx').WorkSheet;
type CellObject = import('@e965/xlsx').CellObject;
type Range = import('@e965/xlsx').Range;

/** What a sheet holds that the cells alone do not say; shown beside the file, never silent. */
export interface SheetWarnings {
  /** Formula cells saved without a calculated value: read as empty. */
  formulasWithoutValues: number;
  /** Rows hidden in Excel: read like the others. */
  hiddenRows: number;
  /** Lone cells far outside the table (no other value in their row or column): ignored. */
  strayCells: string[];
}

export interface SheetInfo {
  name: string;
  rowCount: number;
  columnCount: number;
  /** Detected header row (0-based), -1 when none. */
  headerRow: number;
  preview: (string | null)[][];
  warnings: SheetWarnings;
}

/** A sheet's cells as text, row by row, and its warnings. */
interface SheetCells {
  rows: (string | null)[][];
  warnings: SheetWarnings;
}

/** Uncompressed size of one workbook part beyond which it cannot be a real export (a zip bomb). */
const MAX_PART_BYTES = 512 * 1024 * 1024;

/** A sheet read into text columns, ready for DuckDB: what `readSheet` inserts. */
export interface SheetTable {
  ipc: Uint8Array;
  columns: string[];
  originalHeaders: (string | null)[];
  rowCount: number;
  notices: ReadNotice[];
}

/**
 * An opened workbook: its sheets, and any sheet as a table (header row: 0-based, -1 for none,
 * default the detected one). In the app the workbook lives in a worker (workers/xlsx.ts) and `close`
 * lets it go; `openWorkbook` keeps it on the calling thread.
 */
export interface Workbook {
  sheets: SheetInfo[];
  table(sheet: string, headerRow?: number): Promise<SheetTable>;
  close(): void;
}

/** A parsed workbook on this thread: the sheets and their cells. */
export interface ParsedWorkbook {
  sheets: SheetInfo[];
  /** The sheet's cells as text, row by row (dates as ISO text, numbers as their exact value). */
  cells(sheet: string): (string | null)[][];
  merges(sheet: string): Range[];
  encodeRange(range: Range): string;
}

/** Reads a workbook on the calling thread (Node, tests); the app opens it in a worker. */
export async function openWorkbook(file: Blob): Promise<Workbook> {
  const parsed = await parseWorkbook(file);
  return { sheets: parsed.sheets, table: async (sheet, headerRow) => sheetTable(parsed, sheet, headerRow), close: () => {} };
}

/**
 * Parses a workbook once (SheetJS, loaded on first use) and lists its sheets with a preview:
 * .xlsx/.xlsm, BIFF8 .xls, XML Spreadsheet 2003 and HTML tables saved as .xls.
 */
export async function parseWorkbook(file: Blob): Promise<ParsedWorkbook> {
  const XLSX: XlsxModule = await import('@e965/xlsx');
  const bytes = new Uint8Array(await file.arrayBuffer());
  const oversized = oversizedPart(bytes);
  if (oversized) throw new ImportError('sheet_unreadable', { sheet: oversized.name, reason: `it expands to ${formatBytes(oversized.size)}` });
  let wb: WorkBook;
  try {
    wb = XLSX.read(bytes, { type: 'array', dense: true, cellNF: true, cellDates: false, cellText: false, cellStyles: true });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/password-protected|encrypted/i.test(message)) throw new ImportError('password_protected', { file: 'name' in file ? String(file.name) : '' }, message);
    throw new ImportError('truncated_file', { format: 'Excel' }, message);
  }
  if (wb.SheetNames.length === 0) throw new ImportError('truncated_file', { format: 'Excel' });
  const cache = new Map<string, SheetCells>();
  const sheetOf = (name: string): WorkSheet => {
    if (!wb.SheetNames.includes(name)) throw new ImportError('no_such_sheet', { sheet: name, sheets: wb.SheetNames.join(', ') });
    const ws = wb.Sheets[name];
    // Named in the workbook but not parsed: its part was missing, damaged or too large.
    if (!ws) throw new ImportError('sheet_unreadable', { sheet: name, reason: 'its part of the file is missing or damaged' });
    return ws;
  };
  const read = (name: string) => {
    let sheet = cache.get(name);
    if (!sheet) {
      sheet = sheetCells(XLSX, sheetOf(name));
      cache.set(name, sheet);
    }
    return sheet;
  };
  const sheets = wb.SheetNames.map((name): SheetInfo => {
    const { rows, warnings } = read(name);
    return {
      name,
      rowCount: rows.length,
      columnCount: rows.reduce((m, r) => Math.max(m, r.length), 0),
      headerRow: detectHeaderRow(rows),
      preview: rows.slice(0, 20),
      warnings,
    };
  });
  return {
    sheets,
    cells: (name) => read(name).rows,
    merges: (name) => sheetOf(name)['!merges'] ?? [],
    encodeRange: (r) => XLSX.utils.encode_range(r),
  };
}

/**
 * The cells of a sheet as text, bounded by its data rather than by its stated range (one stray
 * cell at XFD1048576 must not make a million rows of sixteen thousand columns).
 */
function sheetCells(XLSX: XlsxModule, ws: WorkSheet): SheetCells {
  const dense = (ws as unknown as { '!data'?: (CellObject | undefined)[][] })['!data'] ?? [];
  const rows: (string | null)[][] = [];
  const perColumn = new Map<number, number>();
  let formulasWithoutValues = 0;
  dense.forEach((row, r) => {
    if (!row) return;
    const texts: (string | null)[] = [];
    row.forEach((cell, c) => {
      if (!cell) return;
      if (cell.f !== undefined && (cell.v === undefined || cell.v === null)) formulasWithoutValues++;
      const text = cellText(XLSX, cell);
      if (text === null) return;
      texts[c] = text;
      perColumn.set(c, (perColumn.get(c) ?? 0) + 1);
    });
    if (texts.length) rows[r] = texts;
  });
  const strayCells: string[] = [];
  rows.forEach((texts, r) => {
    const filled = texts.flatMap((v, c) => (v === undefined ? [] : [c]));
    if (filled.length === 1 && perColumn.get(filled[0]) === 1 && isFarOut(rows, r, filled[0])) {
      strayCells.push(XLSX.utils.encode_cell({ r, c: filled[0] }));
      delete rows[r];
    }
  });
  while (rows.length > 0 && rows[rows.length - 1] === undefined) rows.pop();
  const out = Array.from(rows, (texts) => Array.from(texts ?? [], (v) => v ?? null));
  const hidden = (ws['!rows'] ?? []).filter((p, r) => p?.hidden && r < out.length && out[r].some((v) => v !== null)).length;
  return { rows: out, warnings: { formulasWithoutValues, hiddenRows: hidden, strayCells } };
}

/** Beyond the last used row or column of everything else by a wide margin. */
function isFarOut(rows: (string | null)[][], row: number, column: number): boolean {
  let lastRow = -1;
  let lastColumn = -1;
  rows.forEach((texts, r) => {
    if (r === row || !texts) return;
    lastRow = r;
    lastColumn = Math.max(lastColumn, texts.length - 1);
  });
  return row > lastRow + 100 || column > lastColumn + 26;
}

/** An id-like number format ("000000"): its formatted text keeps the leading zeros. */
const ZERO_PADDED = /^0+$/;

function cellText(XLSX: XlsxModule, cell: CellObject | undefined): string | null {
  if (!cell || cell.v === undefined || cell.v === null) return null;
  switch (cell.t) {
    case 'n': {
      const v = cell.v as number;
      const fmt = typeof cell.z === 'string' ? cell.z : '';
      if (ZERO_PADDED.test(fmt) && Number.isInteger(v) && v >= 0) return XLSX.SSF.format(fmt, v);
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
  const table = await workbook.table(req.sheet, req.headerRow);
  throwIfAborted(req.signal);
  req.progress?.({ phase: 'inserting', bytesRead: req.size, totalBytes: req.size, rows: table.rowCount });
  await db.insertArrowIPC(req.table, table.ipc, { create: true });
  req.progress?.({ phase: 'done', bytesRead: req.size, totalBytes: req.size, rows: table.rowCount });
  return { table: req.table, columns: table.columns, originalHeaders: table.originalHeaders, rowCount: table.rowCount, format: 'xlsx', fileName: req.fileName, sheet: req.sheet, notices: table.notices };
}

/** A sheet's cells under the header row → text columns as Arrow IPC, `_row` counting data rows. */
export function sheetTable(workbook: ParsedWorkbook, sheet: string, headerRowChosen?: number): SheetTable {
  const info = workbook.sheets.find((s) => s.name === sheet);
  if (!info) throw new ImportError('no_such_sheet', { sheet, sheets: workbook.sheets.map((s) => s.name).join(', ') });
  const rows = workbook.cells(sheet);
  if (rows.length === 0) throw new ImportError('empty_file');
  const headerRow = headerRowChosen ?? info.headerRow;
  if (headerRow >= 0) {
    const merged = workbook.merges(sheet).find((m) => m.s.r <= headerRow && m.e.r >= headerRow && m.e.c > m.s.c);
    if (merged) throw new ImportError('merged_header', { sheet, range: workbook.encodeRange(merged) });
  }
  const numbered = rows.slice(headerRow + 1).map((r, i) => ({ r, n: i + 1 })).filter(({ r }) => r.some((v) => v !== null));
  const data = numbered.map(({ r }) => r);
  const width = data.reduce((m, r) => Math.max(m, r.length), headerRow >= 0 ? rows[headerRow].length : 0);
  if (data.length === 0) throw headerRow >= 0 ? new ImportError('header_only', { columns: width }) : new ImportError('empty_file');
  const headers = Array.from({ length: width }, (_, c) => (headerRow >= 0 ? (rows[headerRow][c] ?? null) : null));
  const columns = dedupeHeaders(headers);
  const values = columns.map((_, c) => data.map((r) => r[c] ?? null));
  const ipc = stringColumnsToIpc(columns, values, data.length, Int32Array.from(numbered, ({ n }) => n));
  return { ipc, columns, originalHeaders: headers, rowCount: data.length, notices: sheetNotices(info.warnings) };
}

function sheetNotices(w: SheetWarnings): ReadNotice[] {
  const out: ReadNotice[] = [];
  if (w.formulasWithoutValues) out.push({ key: 'formulas_without_values', params: { count: w.formulasWithoutValues } });
  if (w.hiddenRows) out.push({ key: 'hidden_rows', params: { count: w.hiddenRows } });
  if (w.strayCells.length) out.push({ key: 'stray_cells', params: { count: w.strayCells.length, cells: w.strayCells.slice(0, 5).join(', ') } });
  return out;
}

/**
 * A part of a zip workbook whose stated uncompressed size no real export reaches (a shared-strings
 * bomb), read from the zip's central directory before anything is inflated.
 */
export function oversizedPart(bytes: Uint8Array, limit = MAX_PART_BYTES): { name: string; size: number } | null {
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65557); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const entries = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  for (let n = 0; n < entries && at + 46 <= bytes.length; n++) {
    if (view.getUint32(at, true) !== 0x02014b50) return null;
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    if (size > limit) return { name: name.replace(/^xl\//, ''), size };
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return null;
}
