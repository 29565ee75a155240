import { csvLines } from '../csv';
import { MEASURE_KIND, type MeasureKind, type PivotMeasure } from '../metrics/pivot/layout';
import type { Grid } from './grid';

/**
 * The grid as a sheet: a few lines of context (title, filters, as-of, loans), a blank line, then
 * the header rows and body exactly as on screen. Values stay numbers with a number format, so a
 * spreadsheet can sum and re-format them; merged header cells stay merged.
 */
export interface SheetContext {
  /** Title and caption lines written above the grid. */
  lines: string[];
}

/** Excel number formats per kind of measure (UX.md: rates 2 decimals, shares 1, counts whole). */
export const NUMBER_FORMAT: Record<MeasureKind, string> = {
  count: '#,##0',
  amount: '#,##0.00',
  rate: '0.00%',
  share: '0.0%',
  ratio: '0.00',
};

export function numberFormat(m: PivotMeasure): string {
  return NUMBER_FORMAT[MEASURE_KIND[m]];
}

export type SheetValue = string | number | null;

export interface SheetCell {
  value: SheetValue;
  /** Number format of a numeric cell. */
  format?: string;
}

export interface SheetModel {
  /** Row-major cells; the grid starts at `origin` (0-based row). */
  cells: SheetCell[][];
  merges: { s: { r: number; c: number }; e: { r: number; c: number } }[];
  origin: number;
  width: number;
}

/** The sheet's cells and merges; the xlsx and CSV writers read this. */
export function sheetModel(grid: Grid, context: SheetContext): SheetModel {
  const origin = context.lines.length ? context.lines.length + 1 : 0;
  const width = grid.rowHeaderColumns + (grid.body[0]?.cells.length ?? 0);
  const height = origin + grid.headerRowCount + grid.body.length;
  const cells: SheetCell[][] = Array.from({ length: height }, () => Array.from({ length: width }, () => ({ value: null })));
  context.lines.forEach((line, i) => (cells[i][0] = { value: line }));
  const merges: SheetModel['merges'] = [];
  const place = (label: string, r: number, c: number, rowspan: number, colspan: number) => {
    cells[r][c] = { value: label === '' ? null : label };
    if (rowspan > 1 || colspan > 1) merges.push({ s: { r, c }, e: { r: r + rowspan - 1, c: c + colspan - 1 } });
  };
  for (const h of grid.header) place(h.label, origin + h.row, h.col, h.rowspan, h.colspan);
  const bodyTop = origin + grid.headerRowCount;
  grid.body.forEach((row, i) => {
    for (const h of row.headers) place(h.label, bodyTop + h.row, h.col, h.rowspan, h.colspan);
    row.cells.forEach((c, j) => (cells[bodyTop + i][grid.rowHeaderColumns + j] = { value: c.value, format: numberFormat(c.measure) }));
  });
  return { cells, merges, origin, width };
}

/** CSV of the sheet: merged labels written once, in their first cell. */
export function sheetCsv(model: SheetModel): string {
  return `\uFEFF${csvLines(model.cells.map((r) => r.map((c) => c.value)))}`;
}

type XlsxModule = typeof import('@e965/xlsx');

/** An xlsx workbook (bytes) with the sheet under `name`. */
export function sheetXlsx(XLSX: XlsxModule, model: SheetModel, name: string): ArrayBuffer {
  const ws = XLSX.utils.aoa_to_sheet(model.cells.map((r) => r.map((c) => c.value)));
  model.cells.forEach((r, i) =>
    r.forEach((c, j) => {
      if (typeof c.value === 'number' && c.format) {
        const ref = XLSX.utils.encode_cell({ r: i, c: j });
        ws[ref] = { t: 'n', v: c.value, z: c.format };
      }
    }),
  );
  ws['!merges'] = model.merges;
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, name.slice(0, 31));
  return XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer;
}
