import type { ParquetToIpc } from './read-arrow';

let ready: Promise<typeof import('parquet-wasm/esm')> | undefined;

/** Browser: parquet-wasm's ESM build with its wasm served from the app's own origin, loaded on first use. */
export const parquetToIpcBrowser: ParquetToIpc = async (bytes) => {
  ready ??= (async () => {
    const [mod, wasm] = await Promise.all([import('parquet-wasm/esm'), import('parquet-wasm/esm/parquet_wasm_bg.wasm?url')]);
    await mod.default({ module_or_path: wasm.default });
    return mod;
  })();
  const mod = await ready;
  return mod.readParquet(bytes).intoIPCStream();
};
