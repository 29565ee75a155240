import { ImportError } from './errors';
import { detectEncoding, checkDecoding, type DecodingProblem, type EncodingGuess, type TextEncodingName } from './encoding';
import { detectFormat, SNIFF_BYTES, type FileFormat } from './format';
import { modeOf, parseDelimited, rowsThrough, sniffDialect, type Dialect } from './delimited';
import { dedupeHeaders, detectHeaderRow } from './header';

/** What the first bytes of a file say; every field can be overridden by the user before reading. */
export interface FileSniff {
  fileName: string;
  size: number;
  format: FileFormat;
  /** Text formats only. */
  encoding?: EncodingGuess;
  /** CSV only: the sniffed dialect and header. */
  csv?: CsvLayout;
  /** A problem the user can resolve with an option (ragged rows → raggedRows: 'pad'); readFile throws it otherwise. */
  problem?: ImportError;
}

export interface CsvLayout extends Dialect {
  /** 0-based index of the header record, -1 when the file has none. */
  headerRow: number;
  /** Rows (as DuckDB counts them: records and blank lines) before the first data record (DuckDB's `skip`). */
  skipLines: number;
  /** '\r\n' when every record ends with CRLF: DuckDB must be told, or a line break inside a quoted header cell breaks its reader. */
  newLine?: '\r\n';
  /** Column names as they will appear in the raw table (original, de-duplicated). */
  columns: string[];
  /** Original header cells, null where the file has none. */
  headers: (string | null)[];
  /** First data records, for the preview. */
  preview: string[][];
  /** The sample was the whole file. */
  complete: boolean;
}

/** 'pad' fills short rows with blanks (NULL); longer rows are always an error. */
export type RaggedRows = 'error' | 'pad';

export interface CsvOverrides {
  delimiter?: string;
  quote?: string;
  headerRow?: number;
  raggedRows?: RaggedRows;
  /** Read on although some characters cannot be decoded (they become U+FFFD). */
  replaceUndecodable?: boolean;
}

export async function readHeadAndTail(file: Blob): Promise<{ head: Uint8Array; tail: Uint8Array }> {
  const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
  const tail = new Uint8Array(await file.slice(Math.max(0, file.size - 16)).arrayBuffer());
  return { head, tail };
}

export async function sniffFile(file: Blob, fileName: string): Promise<FileSniff> {
  const { head, tail } = await readHeadAndTail(file);
  const format = detectFormat(head, tail, fileName, file.size);
  const sniff: FileSniff = { fileName, size: file.size, format };
  if (format === 'csv') {
    sniff.encoding = detectEncoding(head);
    const complete = head.length >= file.size;
    try {
      sniff.csv = sniffCsvLayout(head, sniff.encoding.encoding, complete);
    } catch (e) {
      // Ragged rows and undecodable text are choices for the user (pad, another encoding, replace
      // the characters, or fix the file), not the end of the import: the options stay on screen.
      if (!(e instanceof ImportError) || (e.key !== 'ragged_rows' && e.key !== 'wrong_encoding')) throw e;
      sniff.problem = e;
      sniff.csv = sniffCsvLayout(head, sniff.encoding.encoding, complete, e.key === 'ragged_rows' ? { raggedRows: 'pad' } : { replaceUndecodable: true, raggedRows: 'pad' });
    }
  } else if (format === 'json' || format === 'ndjson') {
    sniff.encoding = detectEncoding(head);
  }
  return sniff;
}

/** Decodes the sample and finds dialect and header; `overrides` are the user's choices. */
export function sniffCsvLayout(
  head: Uint8Array,
  encoding: TextEncodingName,
  complete: boolean,
  overrides: CsvOverrides = {},
): CsvLayout {
  const problem = overrides.replaceUndecodable ? null : checkDecoding(head, encoding);
  if (problem) throw encodingError(encoding, problem);
  const text = new TextDecoder(encoding).decode(head);
  if (text.trim() === '') throw new ImportError('empty_file');
  const sniffed = sniffDialect(text, complete);
  const delimiter = overrides.delimiter ?? sniffed.delimiter;
  const quote = overrides.quote ?? sniffed.quote;
  const parsed = parseDelimited(text, delimiter, quote, 500, complete);
  if (parsed.unterminatedQuoteLine !== null) throw new ImportError('unterminated_quote', { line: parsed.unterminatedQuoteLine });
  const headerRow = overrides.headerRow ?? detectHeaderRow(parsed.records);
  const width = headerRow >= 0 ? parsed.records[headerRow].length : modeOf(parsed.records.slice(0, 200).map((r) => r.length)).value;
  const headers: (string | null)[] = Array.from({ length: width }, (_, i) => (headerRow >= 0 ? (parsed.records[headerRow][i] ?? null) : null));
  const dataRecords = parsed.records.slice(headerRow + 1);
  if (complete && dataRecords.length === 0) {
    throw headerRow >= 0 ? new ImportError('header_only', { columns: width }) : new ImportError('empty_file');
  }
  checkRagged(parsed.records, parsed.startLines, headerRow, width, overrides.raggedRows ?? 'error');
  return {
    delimiter,
    quote,
    headerRow,
    skipLines: headerRow >= 0 ? rowsThrough(parsed, headerRow) : 0,
    ...(parsed.terminators.crlf > 0 && parsed.terminators.lf === 0 && parsed.terminators.cr === 0 ? { newLine: '\r\n' as const } : {}),
    columns: dedupeHeaders(headers),
    headers,
    preview: dataRecords.slice(0, 20),
    complete,
  };
}

export function encodingError(encoding: TextEncodingName, problem: DecodingProblem): ImportError {
  return new ImportError('wrong_encoding', {
    encoding,
    reason: problem.reason,
    suggestion: problem.suggestion ?? '',
    ...(problem.line ? { line: problem.line } : {}),
    ...(problem.replaceable ? { replaceable: 1 } : {}),
  });
}

function checkRagged(records: string[][], startLines: number[], headerRow: number, width: number, ragged: RaggedRows): void {
  for (let r = headerRow + 1; r < records.length; r++) {
    const n = records[r].length;
    if (n > width || (n < width && ragged === 'error')) {
      throw new ImportError('ragged_rows', { line: startLines[r], found: records[r].length, expected: width });
    }
  }
}
