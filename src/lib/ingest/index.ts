/** Files → raw DuckDB tables. Call order: sniffFile → (openWorkbook for xlsx) → readFile. */
export { sniffFile, sniffCsvLayout, type FileSniff, type CsvLayout, type CsvOverrides, type RaggedRows } from './sniff';
export { readFile, type ReadOptions } from './read';
export { openWorkbook, type Workbook, type SheetInfo } from './read-xlsx';
export { detectFormat, type FileFormat } from './format';
export { detectEncoding, checkDecoding, TEXT_ENCODINGS, type TextEncodingName, type EncodingGuess } from './encoding';
export { DEFAULT_LIMITS, checkSize, type SizeLimits } from './limits';
export { ImportError, importErrorMessage, IMPORT_ERROR_KEYS, type ImportErrorKey } from './errors';
export type { ImportProgress, ProgressReporter } from './progress';
export type { RawTable } from './raw-table';
export type { ParquetToIpc } from './read-arrow';
