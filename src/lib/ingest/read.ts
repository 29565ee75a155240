import type { Db } from '../db/types';
import { ImportError } from './errors';
import type { TextEncodingName } from './encoding';
import { checkSize, DEFAULT_LIMITS, type SizeLimits } from './limits';
import type { ProgressReporter } from './progress';
import { nextRawTableName, type RawTable } from './raw-table';
import { readArrow, readParquet, type ParquetBatches } from './read-arrow';
import { readCsv } from './read-csv';
import { readJson, type JsonParser } from './read-json';
import { openWorkbook, readSheet, type Workbook } from './read-xlsx';
import { readHeadAndTail, sniffCsvLayout, type CsvOverrides, type FileSniff } from './sniff';

export interface ReadOptions extends CsvOverrides {
  /** Overrides the sniffed encoding (CSV). */
  encoding?: TextEncodingName;
  /** Excel: the sheet to read (default: the first) and an already opened workbook. */
  sheet?: string;
  workbook?: Workbook;
  /** Target table name; default the next free `raw_<n>`. */
  table?: string;
  limits?: SizeLimits;
  /** Needed for Parquet: parquetBatchesNode in Node, parquetBatchesInWorker (workers/parquet.ts) in the app. */
  parquetBatches?: ParquetBatches;
  /** JSON / NDJSON: where the text is parsed (the app: a worker); default on this thread. */
  parseJson?: JsonParser;
  signal?: AbortSignal;
  onProgress?: ProgressReporter;
}

/**
 * Reads a sniffed file into a raw table (see RawTable), applying the user's overrides. The size
 * limit is checked before a byte is read beyond the sniff sample.
 */
export async function readFile(db: Db, file: Blob, sniff: FileSniff, options: ReadOptions = {}): Promise<RawTable> {
  const encoding = options.encoding ?? sniff.encoding?.encoding ?? 'utf-8';
  checkSize(file.size, sniff.format, encoding === 'utf-8', options.limits ?? DEFAULT_LIMITS);
  const table = options.table ?? (await nextRawTableName(db));
  const common = { table, fileName: sniff.fileName, signal: options.signal, progress: options.onProgress };
  switch (sniff.format) {
    case 'csv': {
      const { head } = await readHeadAndTail(file);
      const layout = sniffCsvLayout(head, encoding, head.length >= file.size, options);
      return readCsv(db, file, { ...common, encoding, layout, raggedRows: options.raggedRows, replaceUndecodable: options.replaceUndecodable });
    }
    case 'xlsx': {
      const workbook = options.workbook ?? (await openWorkbook(file));
      const sheet = options.sheet ?? workbook.sheets[0]?.name;
      if (!sheet) throw new ImportError('empty_file');
      return readSheet(db, workbook, { ...common, sheet, headerRow: options.headerRow, size: file.size });
    }
    case 'json':
    case 'ndjson':
      return readJson(db, file, { ...common, ndjson: sniff.format === 'ndjson' }, options.parseJson);
    case 'parquet':
      if (!options.parquetBatches) throw new ImportError('unsupported_format', { file: sniff.fileName });
      return readParquet(db, file, common, options.parquetBatches);
    case 'arrow':
      return readArrow(db, file, common);
  }
}
