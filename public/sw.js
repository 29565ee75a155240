// Offline for Loanbook Lab and its published dashboards. Precaches the built files listed in
// asset-manifest.json; serves hashed assets from the cache first; fetches pages, configs and
// data from the network first, falling back to the cache. Range requests (a published book read
// in parts) are cached per range, so an offline reload can ask for the same ranges again.
// Only same-origin GET requests are touched; everything else goes to the browser untouched.

const SCOPE = self.registration.scope;
const APP_PREFIX = `lbl-app:${SCOPE}:`;
const RUNTIME = `lbl-runtime:${SCOPE}`;
const RANGES = `lbl-ranges:${SCOPE}`;
const MANIFEST = new URL('asset-manifest.json', SCOPE).href;
const NETWORK_FIRST = /(?:\/|\.html|dashboard\.json|asset-manifest\.json)$/;

// Take control at once, so that even the first visit's requests (a dashboard's ranges of its
// book) pass through the worker and are cached; precache the rest of the app behind them.
self.addEventListener('install', () => self.skipWaiting());

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim().then(precache));
});

/** A published book's loan tables are read in parts (cached per range); an aggregate dashboard's small cubes and facts are precached whole. */
const BOOK_TABLE = /^data\/(loans|snapshots|inspections)\.parquet$/;

/** Marks a completed precache (tests wait for it before going offline). */
const PRECACHED = new URL('lbl-precached', SCOPE).href;

async function precache() {
  const response = await fetch(MANIFEST, { cache: 'no-cache' });
  if (!response.ok) return;
  const manifest = await response.clone().json();
  const name = APP_PREFIX + manifest.version;
  const cache = await caches.open(name);
  const urls = [SCOPE, ...manifest.files.filter((f) => f.precache && !BOOK_TABLE.test(f.path)).map((f) => new URL(f.path, SCOPE).href)];
  for (const url of urls) {
    if (await caches.match(url, { ignoreSearch: true })) continue;
    const file = await fetch(url, { cache: 'no-cache' });
    if (file.ok) await cache.put(url, file);
  }
  await cache.put(MANIFEST, response);
  await cache.put(PRECACHED, new Response(manifest.version));
  for (const old of await caches.keys()) if (old.startsWith(APP_PREFIX) && old !== name) await caches.delete(old);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || !request.url.startsWith(SCOPE)) return;
  if (request.headers.has('range')) return event.respondWith(rangeRequest(request));
  const url = new URL(request.url);
  if (request.mode === 'navigate' || NETWORK_FIRST.test(url.pathname)) return event.respondWith(networkFirst(request));
  event.respondWith(cacheFirst(request));
});

async function cacheFirst(request) {
  const hit = await caches.match(request, { ignoreSearch: true });
  if (hit) return hit;
  const response = await fetch(request);
  if (response.status === 200) (await caches.open(RUNTIME)).put(request, response.clone()).catch(() => {});
  return response;
}

async function networkFirst(request) {
  try {
    const response = await fetch(request);
    if (response.status === 200) (await caches.open(RUNTIME)).put(request, response.clone()).catch(() => {});
    return response;
  } catch (error) {
    const hit = (await caches.open(RUNTIME).then((c) => c.match(request, { ignoreSearch: true }))) ?? (await caches.match(request, { ignoreSearch: true }));
    if (hit) return hit;
    throw error;
  }
}

/** The Cache API cannot store a 206, so each range is kept as a 200 under a key naming the range. */
function rangeKey(request) {
  const url = new URL(request.url);
  url.searchParams.set('lbl-range', request.headers.get('range'));
  return url.href;
}

async function rangeRequest(request) {
  const key = rangeKey(request);
  try {
    const response = await fetch(request);
    if (response.status === 206) {
      const body = await response.clone().arrayBuffer();
      const headers = { 'Content-Type': response.headers.get('Content-Type') ?? 'application/octet-stream', 'X-Content-Range': response.headers.get('Content-Range') ?? '' };
      (await caches.open(RANGES)).put(key, new Response(body, { headers })).catch(() => {});
    }
    return response;
  } catch (error) {
    const hit = await (await caches.open(RANGES)).match(key);
    if (!hit) throw error;
    const headers = new Headers(hit.headers);
    headers.set('Content-Range', hit.headers.get('X-Content-Range'));
    headers.delete('X-Content-Range');
    return new Response(hit.body, { status: 206, headers });
  }
}
