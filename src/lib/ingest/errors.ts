/**
 * Everything that can go wrong while importing a file, each with a message key the UI translates
 * and an English text that says what is wrong and what to do.
 */
export type ImportErrorKey =
  | 'empty_file'
  | 'header_only'
  | 'binary_file'
  | 'truncated_file'
  | 'unterminated_quote'
  | 'ragged_rows'
  | 'wrong_encoding'
  | 'missing_required_field'
  | 'merged_header'
  | 'file_too_large'
  | 'unsupported_format'
  | 'no_such_sheet'
  | 'sheet_unreadable'
  | 'password_protected'
  | 'invalid_json'
  | 'invalid_profile'
  | 'cancelled'
  | 'read_failed'
  | 'build_failed'
  | 'out_of_memory'
  | 'nothing_accepted'
  | 'rows_unaccounted';

export type ImportErrorParams = Record<string, string | number>;

const MESSAGES: Record<ImportErrorKey, (p: ImportErrorParams) => string> = {
  empty_file: () => 'The file is empty (0 bytes or only blank lines). Check that you exported the right file and try again.',
  header_only: (p) =>
    `The file has a header row (${p.columns ?? '?'} columns) but no data rows. Export the loans themselves, not only the column names.`,
  binary_file: (p) =>
    `The file "${p.file ?? ''}" is not text: it contains binary data although its name says ${p.expected ?? 'text'}. Open it in the program that made it and export it as CSV, Excel, Parquet or JSON.`,
  truncated_file: (p) =>
    `The ${p.format ?? ''} file ends too early: it was cut off while being copied or downloaded. Export or download it again.`,
  unterminated_quote: (p) =>
    `A quoted value starting on line ${p.line ?? '?'} is never closed, so the file is cut off or a quote character is wrong. Export the file again, or choose another quote character.`,
  ragged_rows: (p) =>
    `Line ${p.line ?? '?'} has ${p.found ?? '?'} fields where the header has ${p.expected ?? '?'}. Check the delimiter and the header row; if short rows are expected, choose "fill short rows with blanks".`,
  wrong_encoding: (p) =>
    `The text does not look right when read as ${p.encoding ?? 'this encoding'} (${p.reason ?? 'garbled characters'}${p.line ? `, the first on line ${p.line}` : ''}). Choose another encoding${p.suggestion ? `, probably ${p.suggestion}` : ''}.`,
  missing_required_field: (p) =>
    `No column is mapped to ${p.field ?? 'a required field'}. A loan book needs ${p.need ?? 'an amount and an outcome (default flag, days past due or five-category class)'}: map a column to it.`,
  merged_header: (p) =>
    `The header row of sheet "${p.sheet ?? ''}" has merged cells (${p.range ?? ''}), so some columns have no name of their own. Unmerge the header cells in Excel, or choose the row below as the header row.`,
  file_too_large: (p) =>
    `The file is ${p.size ?? '?'} but this browser tab can hold at most ${p.limit ?? '?'} of ${p.format ?? 'this format'}. Split the file, export only the columns you need, or convert it to Parquet.`,
  unsupported_format: (p) =>
    `The file "${p.file ?? ''}" is not a format this app reads. Use CSV/TSV/TXT, Excel .xlsx or .xls, Parquet, Arrow IPC, JSON or NDJSON.`,
  no_such_sheet: (p) => `The workbook has no sheet "${p.sheet ?? ''}". Choose one of: ${p.sheets ?? ''}.`,
  sheet_unreadable: (p) =>
    `The sheet "${p.sheet ?? ''}" cannot be read: ${p.reason ?? 'it is damaged'}. Open the workbook in Excel, save it again (or save the sheet as CSV) and import that file.`,
  password_protected: (p) =>
    `The workbook "${p.file ?? ''}" is password-protected, so its cells cannot be read. Open it in Excel, save a copy without a password (File › Info › Protect Workbook › Encrypt with Password, clear it) and import the copy.`,
  invalid_json: (p) =>
    `The JSON could not be read (${p.reason ?? 'syntax error'}). It must be an array of objects, an object with such an array, or one object per line (NDJSON).`,
  invalid_profile: (p) => `This is not a mapping profile file (${p.reason ?? 'wrong structure'}). Choose a file exported from the mapping screen.`,
  cancelled: () => 'The import was cancelled. Nothing was changed.',
  read_failed: (p) => `The file could not be read: ${p.reason ?? 'unknown error'}. Check the file and try again.`,
  build_failed: (p) =>
    `The file was read, but the engine failed while building the book from it: ${p.reason ?? 'unknown error'}. The open book is unchanged; try again, or check the mapping.`,
  out_of_memory: () =>
    'This browser tab ran out of memory while working on the file; the open book is unchanged. Close other tabs and try again, import fewer columns or rows, or convert the file to Parquet.',
  nothing_accepted: (p) =>
    `None of the ${p.rows ?? '?'} rows could be accepted (${p.rejected ?? '?'} rejected), so the open book was kept. Check the mapping and the reasons in the quality report.`,
  rows_unaccounted: (p) =>
    `The ${p.table ?? ''} import does not add up: ${p.rowsIn ?? '?'} rows in but ${p.accepted ?? '?'} accepted + ${p.rejected ?? '?'} rejected, so it was stopped and the open book kept. Please report this with the file's shape (not its data).`,
};

export class ImportError extends Error {
  readonly key: ImportErrorKey;
  readonly params: ImportErrorParams;
  /** The technical cause, for the details fold. */
  readonly detail?: string;

  constructor(key: ImportErrorKey, params: ImportErrorParams = {}, detail?: string) {
    super(MESSAGES[key](params));
    this.name = 'ImportError';
    this.key = key;
    this.params = params;
    this.detail = detail;
  }
}

/** The English text of an error key, for catalogs and tests. */
export function importErrorMessage(key: ImportErrorKey, params: ImportErrorParams = {}): string {
  return MESSAGES[key](params);
}

export const IMPORT_ERROR_KEYS = Object.keys(MESSAGES) as ImportErrorKey[];

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ImportError('cancelled');
}

/** Bytes as a short human size, for messages. */
export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}
