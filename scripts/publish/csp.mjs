/**
 * The Content-Security-Policy of the built app: it may talk to its own origin only. DuckDB-WASM
 * needs WebAssembly compilation ('wasm-unsafe-eval') and workers from the app itself (blob: for
 * hosts or bundles that wrap a worker); Svelte and Plot set inline styles; charts export via
 * data:/blob: images.
 */
export const CSP_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'worker-src': ["'self'", 'blob:'],
  'connect-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'style-src': ["'self'", "'unsafe-inline'"],
  'font-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'none'"],
};

/** Directives a <meta> policy ignores; hosts that set headers should add them. */
export const HEADER_ONLY_DIRECTIVES = { 'frame-ancestors': ["'self'"] };

export function cspString(directives = CSP_DIRECTIVES) {
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

export const CSP_META = cspString();
export const CSP_HEADER = cspString({ ...CSP_DIRECTIVES, ...HEADER_ONLY_DIRECTIVES });
