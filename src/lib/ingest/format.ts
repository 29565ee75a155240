import { ImportError } from './errors';

export type FileFormat = 'csv' | 'xlsx' | 'parquet' | 'arrow' | 'json' | 'ndjson';

/** How many bytes of the head the sniffers look at. */
export const SNIFF_BYTES = 64 * 1024;

const TEXT_EXTENSIONS = new Set(['csv', 'tsv', 'txt', 'dat', 'psv']);

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

function startsWith(bytes: Uint8Array, magic: readonly number[], at = 0): boolean {
  if (bytes.length < at + magic.length) return false;
  return magic.every((b, i) => bytes[at + i] === b);
}

const PAR1 = [0x50, 0x41, 0x52, 0x31];
const ARROW1 = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31];
const ARROW_STREAM = [0xff, 0xff, 0xff, 0xff];
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];

/**
 * The file's format from its first bytes (magic numbers) and, for text, its first characters;
 * the name only breaks ties between JSON and NDJSON. `tail` is the file's last bytes, used to spot
 * a truncated Parquet or Arrow file before any decoder runs.
 */
export function detectFormat(head: Uint8Array, tail: Uint8Array, fileName: string, size: number): FileFormat {
  if (size === 0 || head.length === 0) throw new ImportError('empty_file');
  const ext = extensionOf(fileName);
  if (startsWith(head, PAR1)) {
    if (size < 12 || !startsWith(tail, PAR1, tail.length - 4)) throw new ImportError('truncated_file', { format: 'Parquet' });
    return 'parquet';
  }
  if (startsWith(head, ARROW1)) {
    if (size < 12 || !startsWith(tail, ARROW1, tail.length - 6)) throw new ImportError('truncated_file', { format: 'Arrow' });
    return 'arrow';
  }
  if (startsWith(head, ARROW_STREAM) && (ext === 'arrow' || ext === 'arrows' || ext === 'ipc' || ext === 'feather')) return 'arrow';
  if (startsWith(head, ZIP)) {
    if (ext === 'xlsx' || ext === 'xlsm' || ext === '') return 'xlsx';
    throw new ImportError('binary_file', { file: fileName, expected: ext.toUpperCase() });
  }
  // An OLE compound file is a BIFF8 .xls, or an encrypted (password-protected) .xlsx: SheetJS reads
  // the first and recognises the second.
  if (startsWith(head, OLE)) return 'xlsx';
  if (looksBinary(head)) {
    throw new ImportError('binary_file', { file: fileName, expected: ext ? ext.toUpperCase() : 'text' });
  }
  const first = firstSignificantChar(head);
  // Core systems export "Excel" as an HTML table or XML Spreadsheet 2003 named .xls; SheetJS reads both.
  if (first === '<' && (ext === 'xls' || ext === 'xml' || looksLikeSpreadsheetMarkup(head))) return 'xlsx';
  if (ext === 'ndjson' || ext === 'jsonl') return 'ndjson';
  if (ext === 'json' || first === '[' || first === '{') {
    return first === '{' && looksLikeNdjson(head) ? 'ndjson' : 'json';
  }
  if (ext === '' || TEXT_EXTENSIONS.has(ext) || ext === 'json') return 'csv';
  // Tab-separated text named .xls is text.
  if (ext === 'xls') return 'csv';
  if (['ods', 'numbers', 'sav', 'dta', 'sas7bdat'].includes(ext)) throw new ImportError('unsupported_format', { file: fileName });
  return 'csv';
}

/** HTML with a table, or XML Spreadsheet 2003 (its namespace). */
function looksLikeSpreadsheetMarkup(head: Uint8Array): boolean {
  const text = new TextDecoder().decode(head.subarray(0, 4096)).toLowerCase();
  return text.includes('urn:schemas-microsoft-com:office:spreadsheet') || (/<html|<!doctype html/.test(text) && text.includes('<table'));
}

function firstSignificantChar(head: Uint8Array): string {
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)) i++;
  return i < head.length ? String.fromCharCode(head[i]) : '';
}

function looksLikeNdjson(head: Uint8Array): boolean {
  const text = new TextDecoder().decode(head);
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length < 2) return false;
  const complete = lines.slice(0, -1);
  return complete.every((l) => l.trimStart().startsWith('{') && l.trimEnd().endsWith('}'));
}

/**
 * Binary, not text: more than a few NUL bytes outside a UTF-16 pattern, or many control
 * characters. A stray NUL in a text export (padding of a fixed-width field) does not make it binary:
 * the reader strips NULs from values wherever they are. UTF-16 text has NULs in every other byte,
 * which `utf16Endianness` recognises first.
 */
export function looksBinary(head: Uint8Array): boolean {
  if (utf16Endianness(head)) return false;
  const n = Math.min(head.length, 8192);
  let control = 0;
  let nul = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i];
    if (b === 0) nul++;
    else if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  return nul > Math.max(8, n * 0.01) || control > n * 0.02;
}

/** 'le' or 'be' when the bytes are UTF-16 (with a BOM, or ASCII-heavy text with NULs in half the bytes). */
export function utf16Endianness(head: Uint8Array): 'le' | 'be' | null {
  if (head[0] === 0xff && head[1] === 0xfe) return 'le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'be';
  const n = Math.min(head.length, 4096) & ~1;
  if (n < 8) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenZero++;
    if (head[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.3 && evenZero < pairs * 0.05) return 'le';
  if (evenZero > pairs * 0.3 && oddZero < pairs * 0.05) return 'be';
  return null;
}
