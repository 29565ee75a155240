let module: Promise<typeof import('parquet-wasm/esm')> | undefined;

/** parquet-wasm, loaded on first use so the app's first screen stays light. */
export function parquetWasm(): Promise<typeof import('parquet-wasm/esm')> {
  module ??= Promise.all([import('parquet-wasm/esm'), import('parquet-wasm/esm/parquet_wasm_bg.wasm?url')]).then(
    async ([pq, wasm]) => {
      await pq.default({ module_or_path: wasm.default });
      return pq;
    },
  );
  return module;
}

/** Parquet bytes → Arrow IPC stream (DuckDB-WASM has no Parquet reader without extensions). */
export async function parquetToIPC(bytes: Uint8Array): Promise<Uint8Array> {
  return (await parquetWasm()).readParquet(bytes).intoIPCStream();
}
