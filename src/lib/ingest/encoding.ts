import { utf16Endianness } from './format';

/** Encodings the importer decodes; the browser's TextDecoder knows each of them. */
export type TextEncodingName = 'utf-8' | 'gb18030' | 'gbk' | 'utf-16le' | 'utf-16be';
export const TEXT_ENCODINGS: readonly TextEncodingName[] = ['utf-8', 'gb18030', 'gbk', 'utf-16le', 'utf-16be'];

export interface EncodingGuess {
  encoding: TextEncodingName;
  /** A byte-order mark was found (and is skipped when decoding). */
  bom: boolean;
  /** 'certain' for a BOM or pure ASCII/valid UTF-8 with multibyte text, 'likely' for a plausibility guess. */
  confidence: 'certain' | 'likely' | 'unsure';
}

export function detectEncoding(head: Uint8Array): EncodingGuess {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: true, confidence: 'certain' };
  const utf16 = utf16Endianness(head);
  if (utf16) {
    const bom = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
    return { encoding: utf16 === 'le' ? 'utf-16le' : 'utf-16be', bom, confidence: bom ? 'certain' : 'likely' };
  }
  const utf8 = utf8Validity(head);
  if (utf8 === 'valid') return { encoding: 'utf-8', bom: false, confidence: head.some((b) => b >= 0x80) ? 'certain' : 'likely' };
  const gbk = new TextDecoder('gb18030').decode(head);
  const problem = implausibility(gbk);
  return { encoding: 'gb18030', bom: false, confidence: problem ? 'unsure' : 'likely' };
}

/**
 * 'valid' when every multibyte sequence is well formed (a sequence cut by the end of the sample
 * counts as valid); 'invalid' otherwise.
 */
export function utf8Validity(bytes: Uint8Array): 'valid' | 'invalid' {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0) return 'invalid';
    for (let k = 1; k < len; k++) {
      if (i + k >= n) return 'valid';
      if ((bytes[i + k] & 0xc0) !== 0x80) return 'invalid';
    }
    i += len;
  }
  return 'valid';
}

export interface DecodingProblem {
  reason: string;
  suggestion?: TextEncodingName;
}

/**
 * Whether text decoded with `encoding` looks like mojibake: replacement characters, control or
 * private-use characters, or (for a table) no line breaks at all.
 */
export function checkDecoding(bytes: Uint8Array, encoding: TextEncodingName): DecodingProblem | null {
  const text = new TextDecoder(encoding).decode(bytes);
  const problem = implausibility(text);
  const suggestion = suggestEncoding(bytes, encoding);
  if (problem) return { reason: problem, suggestion };
  if (encoding !== 'utf-8' && !encoding.startsWith('utf-16') && hasMultibyteUtf8(bytes)) {
    return { reason: 'the bytes are valid UTF-8 with non-ASCII characters', suggestion: 'utf-8' };
  }
  return null;
}

function suggestEncoding(bytes: Uint8Array, tried: TextEncodingName): TextEncodingName | undefined {
  const guess = detectEncoding(bytes).encoding;
  return guess === tried ? undefined : guess;
}

function hasMultibyteUtf8(bytes: Uint8Array): boolean {
  return utf8Validity(bytes) === 'valid' && bytes.some((b) => b >= 0x80);
}

/** A reason the text is implausible, or null. Ignores a replacement character at the very end (a cut sequence). */
export function implausibility(text: string): string | null {
  const body = text.endsWith('\ufffd') ? text.slice(0, -1) : text;
  let replacement = 0;
  let control = 0;
  let privateUse = 0;
  let nonAscii = 0;
  for (const ch of body) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) {
      if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) control++;
      continue;
    }
    nonAscii++;
    if (c === 0xfffd) replacement++;
    else if (c <= 0x9f) control++;
    else if (c >= 0xe000 && c <= 0xf8ff) privateUse++;
  }
  if (replacement > 0 && (replacement >= 3 || replacement > nonAscii * 0.01)) return `${replacement} characters could not be decoded`;
  if (control > 2) return `${control} control characters`;
  if (privateUse > 2 && privateUse > nonAscii * 0.01) return `${privateUse} private-use characters`;
  if (body.length > 400 && !/[\n\r]/.test(body)) return 'no line breaks in the text';
  return null;
}
