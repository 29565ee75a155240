/**
 * Resolves once a service worker controls the page, or after `timeoutMs` (no worker, or a
 * browser without them). A dashboard waits for it so that its first visit's reads are cached.
 */
export function serviceWorkerControl(timeoutMs = 3000): Promise<void> {
  const sw = globalThis.navigator?.serviceWorker;
  if (!sw || sw.controller) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    sw.addEventListener('controllerchange', () => (clearTimeout(timer), resolve()), { once: true });
  });
}
