import { Int32, Utf8, makeData, makeVector, type Data, type Vector } from 'apache-arrow';

/**
 * Arrow vectors built straight from buffers (offsets, bytes, validity bitmap). apache-arrow's
 * builders (`vectorFromArray`, `makeBuilder`, `tableFromArrays`, `tableFromJSON`) compile their
 * validity check with `new Function`, which the built page's CSP (`script-src 'self'
 * 'wasm-unsafe-eval'`) forbids: nothing in the app may call them.
 */

/** Rows per Arrow chunk: keeps every chunk's byte offsets far below 2^31 and each buffer small. */
export const CHUNK_ROWS = 65_536;

const encoder = new TextEncoder();

/** Strings (null or undefined = missing) → a Utf8 vector, chunked every CHUNK_ROWS rows. */
export function utf8Vector(values: readonly (string | null | undefined)[]): Vector<Utf8> {
  const chunks: Data<Utf8>[] = [];
  for (let start = 0; start < values.length || chunks.length === 0; start += CHUNK_ROWS) {
    chunks.push(utf8Data(values, start, Math.min(values.length, start + CHUNK_ROWS)));
  }
  return makeVector(chunks);
}

function utf8Data(values: readonly (string | null | undefined)[], start: number, end: number): Data<Utf8> {
  const length = end - start;
  const offsets = new Int32Array(length + 1);
  const validity = new Uint8Array((length + 7) >> 3);
  let bytes = new Uint8Array(Math.max(64, length * 16));
  let used = 0;
  let nullCount = 0;
  for (let i = 0; i < length; i++) {
    const v = values[start + i];
    if (v === null || v === undefined) {
      nullCount++;
    } else {
      // UTF-8 takes at most 3 bytes per UTF-16 code unit.
      if (used + v.length * 3 > bytes.length) bytes = grow(bytes, used + v.length * 3);
      used += encoder.encodeInto(v, bytes.subarray(used)).written;
      validity[i >> 3] |= 1 << (i & 7);
    }
    offsets[i + 1] = used;
  }
  return makeData({
    type: new Utf8(),
    length,
    nullCount,
    nullBitmap: nullCount > 0 ? validity : null,
    valueOffsets: offsets,
    data: bytes.subarray(0, used),
  });
}

function grow(bytes: Uint8Array<ArrayBuffer>, needed: number): Uint8Array<ArrayBuffer> {
  const next = new Uint8Array(Math.max(needed, bytes.length * 2));
  next.set(bytes);
  return next;
}

/** Int32 values → an Int32 vector chunked like utf8Vector, so the columns of one table line up. */
export function int32Vector(values: Int32Array): Vector<Int32> {
  const chunks: Data<Int32>[] = [];
  for (let start = 0; start < values.length || chunks.length === 0; start += CHUNK_ROWS) {
    const data = values.subarray(start, Math.min(values.length, start + CHUNK_ROWS));
    chunks.push(makeData({ type: new Int32(), length: data.length, nullCount: 0, data }));
  }
  return makeVector(chunks);
}
