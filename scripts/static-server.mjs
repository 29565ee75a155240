// A small static file server with HTTP range support, for e2e tests and for trying a published
// dashboard locally: `node scripts/static-server.mjs DIR [PORT]`.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { pipeline } from 'node:stream';
import { extname, join, normalize, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.parquet': 'application/octet-stream',
  '.duckdb': 'application/octet-stream',
  '.csv': 'text/csv; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** Serves `root` on 127.0.0.1; resolves to { url, close, requests } once listening. */
export async function serveStatic(root, port = 0) {
  const base = resolve(root);
  const requests = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(base, path));
    if (!file.startsWith(base)) return void res.writeHead(403).end();
    try {
      let info = await stat(file);
      if (info.isDirectory()) {
        file = join(file, 'index.html');
        info = await stat(file);
      }
      const headers = {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Accept-Ranges': 'bytes',
        'Cache-Control': 'no-cache',
      };
      const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
      if (range) {
        const start = range[1] ? Number(range[1]) : info.size - Number(range[2]);
        const end = range[1] && range[2] ? Math.min(Number(range[2]), info.size - 1) : info.size - 1;
        if (start > end || start >= info.size) return void res.writeHead(416, { 'Content-Range': `bytes */${info.size}` }).end();
        requests.push({ path, bytes: end - start + 1 });
        res.writeHead(206, { ...headers, 'Content-Range': `bytes ${start}-${end}/${info.size}`, 'Content-Length': end - start + 1 });
        if (req.method === 'HEAD') return void res.end();
        send(createReadStream(file, { start, end }), res);
      } else {
        requests.push({ path, bytes: req.method === 'HEAD' ? 0 : info.size });
        res.writeHead(200, { ...headers, 'Content-Length': info.size });
        if (req.method === 'HEAD') return void res.end();
        send(createReadStream(file), res);
      }
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    }
  });
  await new Promise((ok) => server.listen(port, '127.0.0.1', ok));
  const { port: actual } = server.address();
  // `server.close()` alone waits for every open connection to end; a browser that stops reading a
  // response (it went offline mid-download) or keeps a socket alive would hold it open for ever.
  const close = () =>
    new Promise((ok) => {
      server.close(() => ok());
      server.closeAllConnections();
    });
  return { url: `http://127.0.0.1:${actual}`, requests, close };
}

/** Streams a file into a response; a client that goes away ends the file read too (no open file left behind). */
function send(file, res) {
  pipeline(file, res, () => {});
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [dir = 'dist', port = '4173'] = process.argv.slice(2);
  const { url } = await serveStatic(dir, Number(port));
  console.log(`Serving ${dir} at ${url}`);
}
