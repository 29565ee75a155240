import type { Db } from '../db/types';
import { DbError } from '../db/types';
import { ident, literal } from '../sql/quote';
import { ImportError, throwIfAborted } from './errors';
import { decodeToUtf8 } from './decode';
import type { TextEncodingName } from './encoding';
import type { ProgressReporter } from './progress';
import { countRows, type RawTable } from './raw-table';
import type { CsvLayout, RaggedRows } from './sniff';

export interface CsvReadRequest {
  table: string;
  fileName: string;
  encoding: TextEncodingName;
  layout: CsvLayout;
  raggedRows?: RaggedRows;
  /** Decode in JS with undecodable characters replaced (U+FFFD) instead of refusing the file. */
  replaceUndecodable?: boolean;
  signal?: AbortSignal;
  progress?: ProgressReporter;
}

/**
 * Reads delimited text into a raw table with DuckDB's CSV reader, every column as VARCHAR. UTF-8
 * files are registered as they are and streamed by DuckDB; other encodings are decoded once into
 * a UTF-8 buffer first. Dialect, header and column names come from our sniff (auto-detection off),
 * so DuckDB reports ragged rows and open quotes instead of guessing around them.
 */
export async function readCsv(db: Db, file: Blob, req: CsvReadRequest): Promise<RawTable> {
  const { layout, table } = req;
  const asIs = req.encoding === 'utf-8' && !req.replaceUndecodable;
  const registered = `${table}.${asIs ? 'csv' : 'utf8.csv'}`;
  req.progress?.({ phase: 'reading', bytesRead: 0, totalBytes: file.size });
  if (asIs) {
    await db.registerFile(registered, file);
  } else {
    const utf8 = await decodeToUtf8(file, req.encoding, { signal: req.signal, progress: req.progress, replaceUndecodable: req.replaceUndecodable });
    await db.registerBuffer(registered, utf8);
  }
  try {
    throwIfAborted(req.signal);
    req.progress?.({ phase: 'parsing', bytesRead: file.size, totalBytes: file.size });
    await db.exec(createSql(registered, req), [], { signal: req.signal });
  } catch (e) {
    throw translateCsvError(e);
  } finally {
    await db.dropFile(registered);
  }
  const rowCount = await countRows(db, ident(table));
  if (rowCount === 0) {
    await db.exec(`DROP TABLE ${ident(table)}`);
    throw layout.headerRow >= 0 ? new ImportError('header_only', { columns: layout.columns.length }) : new ImportError('empty_file');
  }
  req.progress?.({ phase: 'done', bytesRead: file.size, totalBytes: file.size, rows: rowCount });
  return {
    table,
    columns: layout.columns,
    originalHeaders: layout.headers,
    rowCount,
    format: 'csv',
    encoding: req.encoding,
    fileName: req.fileName,
    ...(layout.delimiter === ';' ? { decimalHint: ',' as const } : {}),
  };
}

function createSql(registered: string, req: CsvReadRequest): string {
  const { layout } = req;
  // DuckDB gets positional names c0, c1 …; the user's names are applied in the SELECT, quoted.
  const columns = layout.columns.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  const options = [
    'header = false',
    'auto_detect = false',
    'all_varchar = true',
    `columns = {${columns}}`,
    `delim = ${literal(layout.delimiter)}`,
    `quote = ${literal(layout.quote)}`,
    `escape = ${literal(layout.quote)}`,
    `skip = ${layout.skipLines}`,
    'max_line_size = 10000000',
    ...(layout.newLine ? [`new_line = ${literal('\\r\\n')}`] : []),
    ...(req.raggedRows === 'pad' ? ['null_padding = true'] : []),
  ];
  // NUL bytes (padding some exports leave in fields) are dropped, so "支行A\0" and "支行A" are one branch.
  const select = layout.columns.map((name, i) => `replace(c${i}, chr(0), '') AS ${ident(name)}`).join(', ');
  return `CREATE TABLE ${ident(req.table)} AS
SELECT CAST(ordinality AS INTEGER) AS _row, ${select}
FROM read_csv(${literal(registered)}, ${options.join(', ')}) WITH ORDINALITY`;
}

export function translateCsvError(e: unknown): unknown {
  if (e instanceof ImportError) return e;
  if (!(e instanceof DbError)) return e;
  if (e.kind === 'cancelled') return new ImportError('cancelled');
  // The engine's memory ran out: the import's own message (asImportError) says what a tab holds and points at the command line.
  if (e.kind === 'memory') return e;
  const line = Number(/Line:\s*(\d+)/.exec(e.detail)?.[1] ?? NaN);
  if (/unterminated quote/i.test(e.detail)) return new ImportError('unterminated_quote', { line: isNaN(line) ? '?' : line }, e.detail);
  const counts = /Expected Number of Columns:\s*(\d+)\s*Found:\s*(\d+)/i.exec(e.detail);
  if (counts) {
    return new ImportError('ragged_rows', { line: isNaN(line) ? '?' : line, expected: Number(counts[1]), found: Number(counts[2]) }, e.detail);
  }
  if (/not utf-?8|invalid unicode|encoding/i.test(e.detail)) return new ImportError('wrong_encoding', { encoding: 'UTF-8', reason: 'invalid UTF-8 bytes' }, e.detail);
  return new ImportError('read_failed', { reason: e.message }, e.detail);
}
