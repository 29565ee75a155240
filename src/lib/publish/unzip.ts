/**
 * Reads the entries of a zip this app wrote (store-only, see zip.ts) from its central directory.
 * A compressed entry is refused with a reason: a one-file pack is never compressed (its Parquet
 * files are zstd already), so anything else is not one of ours.
 */
export class ZipReadError extends Error {}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

export function unzipStored(bytes: Uint8Array): Map<string, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new ZipReadError('Not a zip file (no central directory)');
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const names = new TextDecoder();
  const out = new Map<string, Uint8Array>();
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL) throw new ZipReadError('The zip directory is damaged');
    const method = view.getUint16(at + 10, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const extra = view.getUint16(at + 30, true);
    const comment = view.getUint16(at + 32, true);
    const offset = view.getUint32(at + 42, true);
    const name = names.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    if (method !== 0) throw new ZipReadError(`${name} is compressed; a one-file pack stores its files as they are`);
    if (offset + 30 > bytes.length || view.getUint32(offset, true) !== LOCAL) throw new ZipReadError(`${name}: the zip entry is damaged`);
    const start = offset + 30 + view.getUint16(offset + 26, true) + view.getUint16(offset + 28, true);
    if (start + size > bytes.length) throw new ZipReadError(`${name} is cut short`);
    out.set(name, bytes.subarray(start, start + size));
    at += 46 + nameLength + extra + comment;
  }
  return out;
}
