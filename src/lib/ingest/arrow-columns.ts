import { Field, Int32, RecordBatch, Schema, Struct, Table, Utf8, makeData, type Data } from 'apache-arrow';

/**
 * Arrow vectors built straight from buffers (offsets, bytes, validity bitmap). apache-arrow's
 * builders (`vectorFromArray`, `makeBuilder`, `tableFromArrays`, `tableFromJSON`) compile their
 * validity check with `new Function`, which the built page's CSP (`script-src 'self'
 * 'wasm-unsafe-eval'`) forbids: nothing in the app may call them.
 */

/** Rows per Arrow chunk: keeps every chunk's byte offsets far below 2^31 and each buffer small. */
export const CHUNK_ROWS = 65_536;

const encoder = new TextEncoder();

/**
 * Columns of strings (null or undefined = missing) and an Int32 column first → an Arrow table in
 * batches of CHUNK_ROWS rows. Fields are listed in a Schema, never as keys of an object, so a
 * column named `__proto__` is just a column.
 */
export function stringTable(first: string, firstValues: Int32Array, names: readonly string[], columns: readonly (readonly (string | null | undefined)[])[]): Table {
  const fields = [new Field(first, new Int32(), false), ...names.map((n) => new Field(n, new Utf8(), true))];
  const schema = new Schema(fields);
  const type = new Struct(fields);
  const batches: RecordBatch[] = [];
  for (let start = 0; start < firstValues.length || batches.length === 0; start += CHUNK_ROWS) {
    const end = Math.min(firstValues.length, start + CHUNK_ROWS);
    const ints = firstValues.subarray(start, end);
    const children = [makeData({ type: new Int32(), length: ints.length, nullCount: 0, data: ints }), ...columns.map((c) => utf8Data(c, start, end))];
    batches.push(new RecordBatch(schema, makeData({ type, length: end - start, nullCount: 0, children })));
  }
  return new Table(schema, batches);
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
