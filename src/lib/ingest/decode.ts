import { ImportError, throwIfAborted } from './errors';
import { fewLinesHit, implausibility, isUtf8Line, undecodable, type TextEncodingName } from './encoding';
import type { ProgressReporter } from './progress';

const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Decodes a non-UTF-8 text file chunk by chunk into ONE UTF-8 buffer, so that DuckDB's CSV reader
 * (UTF-8 only here) can read it. The buffer is allocated once at its worst-case size (a GBK or
 * UTF-16 byte pair never needs more than 3 UTF-8 bytes, a 4-byte GB18030 sequence 4) and filled in
 * place: the heap holds one file-sized chunk list never, one output buffer and one chunk at a time.
 */
export async function decodeToUtf8(
  file: Blob,
  encoding: TextEncodingName,
  options: { signal?: AbortSignal; progress?: ProgressReporter; replaceUndecodable?: boolean } = {},
): Promise<Uint8Array> {
  const decoder = new TextDecoder(encoding);
  const encoder = new TextEncoder();
  let out = new Uint8Array(Math.ceil(file.size * 1.5) + 16);
  let written = 0;
  let replacements = 0;
  let firstLine = 0;
  let linesHit = 0;
  let lines = 0;
  let checkedHead = options.replaceUndecodable ?? false;
  const write = (text: string) => {
    const u = undecodable(text);
    if (u.count && !firstLine) firstLine = lines + u.firstLine;
    replacements += u.count;
    linesHit += u.linesHit;
    lines += u.lines - 1;
    if (out.length - written < text.length * 3) {
      const bigger = new Uint8Array(Math.max(out.length * 2, written + text.length * 3));
      bigger.set(out.subarray(0, written));
      out = bigger;
    }
    written += encoder.encodeInto(text, out.subarray(written)).written;
  };
  // Reading on through a mixed file: lines that are UTF-8 are decoded as UTF-8, the rest as `encoding`.
  const byLine = options.replaceUndecodable && encoding !== 'utf-8' && !encoding.startsWith('utf-16') ? new LineDecoder(encoding) : null;
  for (let offset = 0; offset < file.size; offset += CHUNK_BYTES) {
    throwIfAborted(options.signal);
    const bytes = new Uint8Array(await file.slice(offset, offset + CHUNK_BYTES).arrayBuffer());
    const last = offset + CHUNK_BYTES >= file.size;
    const text = byLine ? byLine.decode(bytes, last) : decoder.decode(bytes, { stream: !last });
    if (!checkedHead) {
      const head = text.slice(0, 65536);
      const problem = implausibility(head);
      if (problem) {
        const u = undecodable(head);
        throw new ImportError('wrong_encoding', { encoding, reason: problem, ...(u.count ? { line: u.firstLine } : {}), ...(fewLinesHit(u) ? { replaceable: 1 } : {}) });
      }
      checkedHead = true;
    }
    write(text);
    options.progress?.({ phase: 'decoding', bytesRead: Math.min(file.size, offset + CHUNK_BYTES), totalBytes: file.size });
  }
  write(decoder.decode());
  if (!options.replaceUndecodable && replacements > 0 && replacements > written * 0.001) {
    const few = fewLinesHit({ linesHit, lines: lines + 1 });
    throw new ImportError('wrong_encoding', { encoding, reason: `${replacements} characters could not be decoded`, line: firstLine, ...(few ? { replaceable: 1 } : {}) });
  }
  return out.subarray(0, written);
}

/** Decodes line by line: a line that is valid UTF-8 as UTF-8, any other with the legacy decoder. */
class LineDecoder {
  private carry = new Uint8Array(0);
  private readonly utf8 = new TextDecoder('utf-8');
  private readonly legacy: TextDecoder;

  constructor(encoding: TextEncodingName) {
    this.legacy = new TextDecoder(encoding);
  }

  decode(chunk: Uint8Array, last: boolean): string {
    const bytes = new Uint8Array(this.carry.length + chunk.length);
    bytes.set(this.carry);
    bytes.set(chunk, this.carry.length);
    const cut = last ? bytes.length : bytes.lastIndexOf(0x0a) + 1;
    this.carry = bytes.slice(cut);
    let out = '';
    let start = 0;
    for (let i = 0; i < cut; i++) {
      if (bytes[i] !== 0x0a && i < cut - 1) continue;
      const line = bytes.subarray(start, i + 1);
      out += (isUtf8Line(line) ? this.utf8 : this.legacy).decode(line);
      start = i + 1;
    }
    return out;
  }
}
