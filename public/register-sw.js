// Registers the offline service worker (production builds and published dashboards only), early,
// so that it controls the page before a dashboard starts reading its book.
if ('serviceWorker' in navigator && location.protocol.startsWith('http')) {
  navigator.serviceWorker.register('./sw.js').catch(() => {
    // Without a service worker the app still works, just not offline.
  });
}
