/**
 * A screen as a workbook: every table and chart's data of the screen, one sheet each, each sheet
 * opening with the same context lines (screen and table title, filters, compare baseline, as-of
 * date), a blank line, then the column labels and the rows. Values stay as the data holds them
 * (numbers as numbers), so a spreadsheet can sum and re-format them. Pure; the xlsx writer is below.
 */
export interface SheetColumn {
  label: string;
  /** The cell's value for a row (a number stays a number). */
  value: (row: object) => unknown;
}

/** What a table or chart registers with its screen. */
export interface SheetSource {
  title: string;
  caption?: string;
  columns: SheetColumn[];
  rows: readonly object[];
}

export interface WorkbookContext {
  screen: string;
  /** Label: value lines written under the title, in order (filters, compare baseline, as-of date). */
  lines: { label: string; value: string }[];
}

export type WorkbookValue = string | number | boolean | null;

export interface WorkbookSheet {
  name: string;
  /** Row-major values; the table's header row is at `headerRow`. */
  cells: WorkbookValue[][];
  headerRow: number;
}

/** A cell's value as a sheet can hold it. */
export function sheetValue(v: unknown): WorkbookValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return JSON.stringify(v);
}

/** Excel's sheet-name rules: at most 31 characters, none of []:*?/\, unique in the workbook. */
export function sheetNames(titles: readonly string[]): string[] {
  const used = new Set<string>();
  return titles.map((t, i) => {
    const base = (t.replace(/[[\]:*?/\\]/g, ' ').replace(/\s+/g, ' ').trim() || `Sheet ${i + 1}`).slice(0, 31);
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - String(n).length - 1)} ${n}`;
    used.add(name.toLowerCase());
    return name;
  });
}

export function workbookSheets(sources: readonly SheetSource[], context: WorkbookContext): WorkbookSheet[] {
  const names = sheetNames(sources.map((s) => s.title));
  return sources.map((s, i) => {
    const top: WorkbookValue[][] = [[`${context.screen} · ${s.title}`], ...context.lines.map((l) => [l.label, l.value])];
    if (s.caption) top.push([s.caption]);
    top.push([]);
    const headerRow = top.length;
    const cells = [...top, s.columns.map((c) => c.label), ...s.rows.map((r) => s.columns.map((c) => sheetValue(c.value(r))))];
    return { name: names[i], cells, headerRow };
  });
}

type XlsxModule = typeof import('@e965/xlsx');

/** The workbook's bytes (xlsx). */
export function workbookXlsx(XLSX: XlsxModule, sheets: readonly WorkbookSheet[]): ArrayBuffer {
  const wb = XLSX.utils.book_new();
  for (const s of sheets) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(s.cells), s.name);
  if (!sheets.length) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([[]]), 'Sheet 1');
  return XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer;
}
