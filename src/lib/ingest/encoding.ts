import { utf16Endianness } from './format';

/** Encodings the importer decodes; the browser's TextDecoder knows each of them. */
export type TextEncodingName = 'utf-8' | 'gb18030' | 'gbk' | 'big5' | 'windows-1252' | 'utf-16le' | 'utf-16be';
export const TEXT_ENCODINGS: readonly TextEncodingName[] = ['utf-8', 'gb18030', 'gbk', 'big5', 'windows-1252', 'utf-16le', 'utf-16be'];

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
  return legacyGuess(head);
}

/**
 * Simplified and Traditional Chinese characters common in loan-book exports (and in any text):
 * Big5 bytes read as GBK, or GBK bytes read as Big5, decode to rare characters instead.
 */
const COMMON_HAN = new Set(
  '的一是不了在有人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处府理世车' +
    '贷款借据编号客户姓名企业有限公司金额余额日期发放到期逾期天数五级分类正常关注次级可疑损失利率期限担保抵押支行网点经理行业地区合计总计小计万元' +
    '這個們來時為說國會對過發後產學動經裡還種頭當從實現進問開關應點體機間與見長門東車區貸款借據編號客戶姓名企業金額餘額發放逾期級類關擔保抵押網點經理業區計萬元',
);

/**
 * A file that is not UTF-8: GB18030, Big5 or Windows-1252, whichever reads as the most plausible
 * text (common Chinese characters for the first two, accented Latin letters for the last).
 */
function legacyGuess(head: Uint8Array): EncodingGuess {
  const han = (['gb18030', 'big5'] as const).map((encoding) => {
    const text = new TextDecoder(encoding).decode(head);
    let nonAscii = 0;
    let common = 0;
    for (const ch of text) {
      if (ch.charCodeAt(0) < 0x80) continue;
      nonAscii++;
      if (COMMON_HAN.has(ch)) common++;
    }
    return { encoding, problem: implausibility(text), share: nonAscii ? common / nonAscii : 0 };
  });
  const best = han.filter((c) => !c.problem).sort((a, b) => b.share - a.share)[0];
  if (best && best.share >= 0.2) return { encoding: best.encoding, bom: false, confidence: 'likely' };
  const latin = new TextDecoder('windows-1252').decode(head);
  let nonAscii = 0;
  let letters = 0;
  for (const ch of latin) {
    const c = ch.charCodeAt(0);
    if (c < 0x80) continue;
    nonAscii++;
    if ((c >= 0xc0 && c <= 0xff && c !== 0xd7 && c !== 0xf7) || c === 0x20ac) letters++;
  }
  if (!implausibility(latin) && nonAscii > 0 && letters / nonAscii >= 0.8) return { encoding: 'windows-1252', bom: false, confidence: 'likely' };
  return { encoding: best?.encoding ?? 'gb18030', bom: false, confidence: best ? 'likely' : 'unsure' };
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
  /** 1-based line of the first character that could not be decoded. */
  line?: number;
  /** Only a few lines are hit: importing with those characters replaced is a fair choice. */
  replaceable?: boolean;
}

/** Where the replacement characters of decoded text sit: how many, the first line, and how many lines they touch. */
export function undecodable(text: string): { count: number; firstLine: number; linesHit: number; lines: number } {
  let count = 0;
  let firstLine = 0;
  let linesHit = 0;
  let line = 1;
  let lastHit = 0;
  let from = 0;
  const body = text.endsWith('\ufffd') ? text.slice(0, -1) : text;
  for (let i = body.indexOf('\ufffd'); i >= 0; i = body.indexOf('\ufffd', i + 1)) {
    for (let n = body.indexOf('\n', from); n >= 0 && n < i; n = body.indexOf('\n', n + 1)) line++, (from = n + 1);
    count++;
    if (!firstLine) firstLine = line;
    if (line !== lastHit) (linesHit++, (lastHit = line));
  }
  let lines = line;
  for (let n = body.indexOf('\n', from); n >= 0; n = body.indexOf('\n', n + 1)) lines++;
  return { count, firstLine, linesHit, lines };
}

/** Few enough lines hit that replacing their characters loses little (at most one line in ten). */
export const fewLinesHit = (u: { linesHit: number; lines: number }) => u.linesHit > 0 && u.linesHit <= Math.max(1, u.lines * 0.1);

/**
 * Whether text decoded with `encoding` looks like mojibake: replacement characters, control or
 * private-use characters, or (for a table) no line breaks at all.
 */
export function checkDecoding(bytes: Uint8Array, encoding: TextEncodingName): DecodingProblem | null {
  const text = new TextDecoder(encoding).decode(bytes);
  const problem = implausibility(text);
  const suggestion = suggestEncoding(bytes, encoding);
  if (problem) {
    const u = undecodable(text);
    return u.count ? { reason: problem, suggestion, line: u.firstLine, replaceable: fewLinesHit(u) } : { reason: problem, suggestion };
  }
  if (encoding !== 'utf-8' && !encoding.startsWith('utf-16') && hasMultibyteUtf8(bytes)) {
    return { reason: 'the bytes are valid UTF-8 with non-ASCII characters', suggestion: 'utf-8' };
  }
  if (encoding !== 'utf-8' && !encoding.startsWith('utf-16')) {
    const mixed = utf8Lines(bytes);
    if (mixed.utf8 > 0) {
      return { reason: `${mixed.utf8} lines are UTF-8 text`, line: mixed.first, replaceable: fewLinesHit({ linesHit: mixed.utf8, lines: mixed.lines }) };
    }
  }
  return null;
}

/** Whether one line's bytes are UTF-8 text with non-ASCII characters (a legacy-encoded line almost never is). */
export function isUtf8Line(line: Uint8Array): boolean {
  let multibyte = false;
  for (const b of line) if (b >= 0xe0) multibyte = true;
  return multibyte && utf8Validity(line) === 'valid' && !cutAtEnd(line);
}

/** A multibyte sequence cut by the end of the bytes (utf8Validity calls that valid). */
function cutAtEnd(bytes: Uint8Array): boolean {
  for (let k = 1; k <= 3 && k <= bytes.length; k++) {
    const b = bytes[bytes.length - k];
    if (b < 0x80) return false;
    if (b >= 0xc0) return k < (b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2);
  }
  return false;
}

/** Lines of a legacy-encoded sample that are UTF-8 instead (pasted in from another source). */
function utf8Lines(bytes: Uint8Array): { utf8: number; first: number; lines: number } {
  let utf8 = 0;
  let first = 0;
  let lines = 0;
  let start = 0;
  const end = bytes.length;
  for (let i = 0; i <= end; i++) {
    if (i < end && bytes[i] !== 0x0a) continue;
    // The last line of a sample may be cut: judge only complete lines.
    if (i < end || start === 0) {
      lines++;
      if (isUtf8Line(bytes.subarray(start, i))) {
        utf8++;
        if (!first) first = lines;
      }
    }
    start = i + 1;
  }
  return { utf8, first, lines };
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
