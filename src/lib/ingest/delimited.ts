/** Pure TS reading of a delimited-text sample: records, delimiter and quote sniffing. */

export interface ParsedSample {
  records: string[][];
  /** 1-based line on which each record starts. */
  startLines: number[];
  /** Physical lines consumed through the end of each record (what DuckDB's `skip` counts). */
  endLines: number[];
  /** A quoted field was still open when the text ended. */
  unterminatedQuoteLine: number | null;
  /** How records end outside quotes: CRLF, LF and CR counts (DuckDB needs CRLF named when a quoted value holds a bare LF). */
  terminators: { crlf: number; lf: number; cr: number };
}

/**
 * Splits text into records (RFC 4180 style: doubled quotes inside quotes, line breaks allowed
 * in quoted fields). `complete` says whether the text is the whole file: if not, the last,
 * possibly cut record is dropped and an open quote is not an error.
 */
export function parseDelimited(text: string, delimiter: string, quote: string, maxRecords = Infinity, complete = true): ParsedSample {
  const records: string[][] = [];
  const startLines: number[] = [];
  const endLines: number[] = [];
  let field = '';
  let record: string[] = [];
  let inQuotes = false;
  let line = 1;
  let recordStart = 1;
  let quoteStartLine = 0;
  let fieldTouched = false;
  const terminators = { crlf: 0, lf: 0, cr: 0 };
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const pushRecord = (endLine: number) => {
    record.push(field);
    if (!(record.length === 1 && record[0] === '' && !fieldTouched)) {
      records.push(record);
      startLines.push(recordStart);
      endLines.push(endLine);
    }
    record = [];
    field = '';
    fieldTouched = false;
  };
  for (let i = 0; i < body.length && records.length < maxRecords; i++) {
    const ch = body[i];
    if (inQuotes) {
      if (ch === quote) {
        if (body[i + 1] === quote) {
          field += quote;
          i++;
        } else inQuotes = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (quote && ch === quote && field === '') {
      inQuotes = true;
      fieldTouched = true;
      quoteStartLine = line;
    } else if (ch === delimiter) {
      record.push(field);
      field = '';
      fieldTouched = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') {
        i++;
        terminators.crlf++;
      } else terminators[ch === '\n' ? 'lf' : 'cr']++;
      pushRecord(line);
      line++;
      recordStart = line;
    } else {
      field += ch;
      fieldTouched = true;
    }
  }
  let unterminatedQuoteLine: number | null = null;
  if (records.length < maxRecords) {
    if (inQuotes) {
      if (complete) unterminatedQuoteLine = quoteStartLine;
    } else if (complete && (field !== '' || record.length > 0)) pushRecord(line);
  }
  return { records, startLines, endLines, unterminatedQuoteLine, terminators };
}

const DELIMITERS = [',', '\t', ';', '|'] as const;

export interface Dialect {
  delimiter: string;
  quote: string;
}

/** The delimiter whose field count is most consistent across the sample's lines (and above one). */
export function sniffDialect(text: string, complete: boolean): Dialect {
  const quote = sniffQuote(text);
  let best: { delimiter: string; score: number } = { delimiter: ',', score: -1 };
  for (const delimiter of DELIMITERS) {
    const { records } = parseDelimited(text, delimiter, quote, 60, complete);
    if (records.length === 0) continue;
    const counts = records.map((r) => r.length);
    const { value: mode, share } = modeOf(counts.slice(Math.min(counts.length - 1, Math.floor(counts.length / 3))));
    if (mode < 2) continue;
    const score = share * 10 + Math.min(mode, 50) / 50;
    if (score > best.score) best = { delimiter, score };
  }
  return { delimiter: best.delimiter, quote };
}

function sniffQuote(text: string): string {
  if (text.includes('"')) return '"';
  return /(^|[,\t;|])'[^'\n]*'([,\t;|]|\r?\n|$)/m.test(text) ? "'" : '"';
}

/**
 * What DuckDB's `skip` must be to start right after record `index`: it counts rows as its CSV
 * state machine reads them (a quoted line break stays inside its row; a blank line is a row), so
 * the physical lines through that record minus the line breaks inside quoted values.
 */
export function rowsThrough(parsed: ParsedSample, index: number): number {
  let inside = 0;
  for (let r = 0; r <= index; r++) inside += parsed.endLines[r] - parsed.startLines[r];
  return parsed.endLines[index] - inside;
}

export function modeOf(values: readonly number[]): { value: number; share: number } {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let value = 0;
  let best = 0;
  for (const [v, c] of counts) if (c > best || (c === best && v > value)) [value, best] = [v, c];
  return { value, share: values.length ? best / values.length : 0 };
}
