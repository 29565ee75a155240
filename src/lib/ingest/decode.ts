import { ImportError, throwIfAborted } from './errors';
import { implausibility, type TextEncodingName } from './encoding';
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
  options: { signal?: AbortSignal; progress?: ProgressReporter } = {},
): Promise<Uint8Array> {
  const decoder = new TextDecoder(encoding);
  const encoder = new TextEncoder();
  let out = new Uint8Array(Math.ceil(file.size * 1.5) + 16);
  let written = 0;
  let replacements = 0;
  let checkedHead = false;
  const write = (text: string) => {
    for (let i = text.indexOf('\ufffd'); i >= 0; i = text.indexOf('\ufffd', i + 1)) replacements++;
    if (out.length - written < text.length * 3) {
      const bigger = new Uint8Array(Math.max(out.length * 2, written + text.length * 3));
      bigger.set(out.subarray(0, written));
      out = bigger;
    }
    written += encoder.encodeInto(text, out.subarray(written)).written;
  };
  for (let offset = 0; offset < file.size; offset += CHUNK_BYTES) {
    throwIfAborted(options.signal);
    const bytes = new Uint8Array(await file.slice(offset, offset + CHUNK_BYTES).arrayBuffer());
    const text = decoder.decode(bytes, { stream: offset + CHUNK_BYTES < file.size });
    if (!checkedHead) {
      const problem = implausibility(text.slice(0, 65536));
      if (problem) throw new ImportError('wrong_encoding', { encoding, reason: problem });
      checkedHead = true;
    }
    write(text);
    options.progress?.({ phase: 'decoding', bytesRead: Math.min(file.size, offset + CHUNK_BYTES), totalBytes: file.size });
  }
  write(decoder.decode());
  if (replacements > 0 && replacements > written * 0.001) {
    throw new ImportError('wrong_encoding', { encoding, reason: `${replacements} characters could not be decoded` });
  }
  return out.subarray(0, written);
}
