import { defineConfig } from 'vite';

/**
 * The command line (src/cli/main.ts) as one Node ESM file, dist-cli/loanbook.mjs: the app's own
 * TypeScript modules bundled, npm packages (@duckdb/node-api, apache-arrow) left as imports.
 * bin/loanbook.mjs builds it on demand.
 */
export default defineConfig({
  logLevel: 'warn',
  build: {
    ssr: 'src/cli/main.ts',
    outDir: 'dist-cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rollupOptions: { output: { entryFileNames: 'loanbook.mjs', format: 'es' }, checks: { pluginTimings: false } },
  },
});
