// Registers the offline service worker (production builds and published dashboards only).
if ('serviceWorker' in navigator && location.protocol.startsWith('http')) {
  addEventListener('load', () => {
    navigator.serviceWorker.register('./sw.js').catch(() => {
      // Without a service worker the app still works, just not offline.
    });
  });
}
