import init, { readParquet } from 'parquet-wasm/esm';
import wasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';

let ready: Promise<unknown> | undefined;

/** Parquet bytes → Arrow IPC stream, decoded by parquet-wasm (DuckDB-WASM has no Parquet reader without extensions). */
export async function parquetToIPC(bytes: Uint8Array): Promise<Uint8Array> {
  ready ??= init({ module_or_path: wasmUrl });
  await ready;
  return readParquet(bytes).intoIPCStream();
}
