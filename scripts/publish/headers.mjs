import { CSP_HEADER } from './csp.mjs';

/**
 * `_headers` (the format of Netlify and Cloudflare Pages; a guide for any other host): the same
 * policy as the <meta> in index.html, plus what only a header can say.
 */
export function headersFile() {
  return `/*
  Content-Security-Policy: ${CSP_HEADER}
  X-Content-Type-Options: nosniff
  Referrer-Policy: no-referrer
/*.wasm
  Content-Type: application/wasm
/data/*
  Accept-Ranges: bytes
`;
}
