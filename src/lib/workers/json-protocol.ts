import type { ImportErrorKey, ImportErrorParams } from '../ingest/errors';
import type { JsonColumns } from '../ingest/read-json';

export interface JsonRequest {
  file: Blob;
  ndjson: boolean;
}

export type JsonResponse = { ok: true; parsed: JsonColumns } | { ok: false; key?: ImportErrorKey; params?: ImportErrorParams; detail?: string; error: string };
