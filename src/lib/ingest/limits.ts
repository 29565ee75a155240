import { ImportError, formatBytes } from './errors';
import type { FileFormat } from './format';

/**
 * The largest file of each kind a tab can take. A UTF-8 CSV is streamed by DuckDB from the File,
 * so only the table counts (~220 MB per million rows); GBK/UTF-16 text is decoded into one UTF-8
 * buffer (1.5× the file); Excel and JSON are parsed in JS, where the parsed cells cost many times
 * the file size; Parquet and Arrow pass through an Arrow copy.
 */
export interface SizeLimits {
  csvUtf8: number;
  csvDecoded: number;
  xlsx: number;
  json: number;
  parquet: number;
  arrow: number;
}

const MB = 1024 * 1024;
export const DEFAULT_LIMITS: SizeLimits = {
  csvUtf8: 2048 * MB,
  csvDecoded: 700 * MB,
  xlsx: 150 * MB,
  json: 300 * MB,
  parquet: 800 * MB,
  arrow: 800 * MB,
};

export function checkSize(size: number, format: FileFormat, utf8: boolean, limits: SizeLimits = DEFAULT_LIMITS): void {
  const limit =
    format === 'csv' ? (utf8 ? limits.csvUtf8 : limits.csvDecoded) : format === 'ndjson' ? limits.json : limits[format];
  if (size > limit) {
    throw new ImportError('file_too_large', { size: formatBytes(size), limit: formatBytes(limit), format: format.toUpperCase() });
  }
}
