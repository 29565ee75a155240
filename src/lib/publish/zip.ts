import { crc32 } from './crc32';

export interface ZipEntry {
  /** Forward slashes, relative. */
  path: string;
  bytes: Uint8Array;
}

/** Zip's classic limits; beyond them Zip64 would be needed. */
const MAX_BYTES = 0xffffffff;
const MAX_ENTRIES = 0xffff;

/**
 * A store-only zip (no compression: the big files are wasm and zstd Parquet, which barely
 * shrink). Built as a Blob of parts, so the file bytes are not copied again.
 */
export function zip(entries: readonly ZipEntry[], date = new Date()): Blob {
  if (entries.length > MAX_ENTRIES) throw new Error('Too many files for a zip without Zip64.');
  const encoder = new TextEncoder();
  const { time, day } = dosDateTime(date);
  const parts: BlobPart[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = encoder.encode(entry.path);
    const crc = crc32(entry.bytes);
    const size = entry.bytes.length;
    if (size > MAX_BYTES || offset > MAX_BYTES) throw new Error('The dashboard is too large for a zip without Zip64 (4 GB).');
    const local = header(30 + name.length);
    local.u32(0x04034b50).u16(20).u16(0x0800).u16(0).u16(time).u16(day).u32(crc).u32(size).u32(size).u16(name.length).u16(0).bytes(name);
    parts.push(local.out as Uint8Array<ArrayBuffer>, entry.bytes as Uint8Array<ArrayBuffer>);
    const record = header(46 + name.length);
    record.u32(0x02014b50).u16(20).u16(20).u16(0x0800).u16(0).u16(time).u16(day).u32(crc).u32(size).u32(size).u16(name.length).u16(0).u16(0).u16(0).u16(0).u32(0).u32(offset).bytes(name);
    central.push(record.out);
    offset += local.out.length + size;
  }
  const centralSize = central.reduce((s, c) => s + c.length, 0);
  const end = header(22);
  end.u32(0x06054b50).u16(0).u16(0).u16(entries.length).u16(entries.length).u32(centralSize).u32(offset).u16(0);
  return new Blob([...parts, ...(central as Uint8Array<ArrayBuffer>[]), end.out as Uint8Array<ArrayBuffer>], { type: 'application/zip' });
}

function header(length: number) {
  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  let at = 0;
  const w = {
    out,
    u16(v: number) {
      view.setUint16(at, v, true);
      at += 2;
      return w;
    },
    u32(v: number) {
      view.setUint32(at, v >>> 0, true);
      at += 4;
      return w;
    },
    bytes(b: Uint8Array) {
      out.set(b, at);
      at += b.length;
      return w;
    },
  };
  return w;
}

function dosDateTime(d: Date): { time: number; day: number } {
  const year = Math.max(1980, d.getFullYear());
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    day: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}
