import { NOTEBOOK_FORMAT, type Notebook } from './model';
import { NotebookFormatError, parseJson, validate } from './serialise';

/** Longest share parameter we put in a URL; beyond it some browsers, chats and mail clients cut links. */
export const MAX_SHARE_CHARS = 8192;
export const SHARE_PARAM = 'nb';

export type ShareResult = { ok: true; param: string } | { ok: false; length: number };

/**
 * A notebook's text (never results) as a compact URL parameter: JSON → deflate-raw →
 * base64url. Refuses when the result would be longer than MAX_SHARE_CHARS.
 */
export async function encodeShare(notebook: Notebook): Promise<ShareResult> {
  const { title, cells } = notebook;
  const json = JSON.stringify({ format: NOTEBOOK_FORMAT, title, cells });
  const packed = await transform(new TextEncoder().encode(json), new CompressionStream('deflate-raw'));
  const param = toBase64Url(packed);
  return param.length > MAX_SHARE_CHARS ? { ok: false, length: param.length } : { ok: true, param };
}

export async function decodeShare(param: string): Promise<Notebook> {
  if (param.length > MAX_SHARE_CHARS * 2) throw new NotebookFormatError('nb.error.badLink');
  let json: string;
  try {
    const bytes = await transform(fromBase64Url(param), new DecompressionStream('deflate-raw'));
    json = new TextDecoder().decode(bytes);
  } catch (e) {
    throw new NotebookFormatError('nb.error.badLink', String(e));
  }
  return validate(parseJson(json, 'nb.error.badLink'));
}

async function transform(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

export function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const bin = atob(text.replaceAll('-', '+').replaceAll('_', '/') + '='.repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}
