// The service worker: keeps this build's app shell (HTML, scripts, styles, icons) so the app
// opens offline. It never caches an API answer: those requests are not even intercepted.
// `self.__OLALA_*__` are replaced at build time (vite.config.ts).
const SHELL = self.__OLALA_SHELL__;
const VERSION = self.__OLALA_VERSION__;
const API_PREFIXES = self.__OLALA_API_PREFIXES__;
const CACHE = `olala-shell-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('olala-shell-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (API_PREFIXES.some((p) => url.pathname === p || url.pathname.startsWith(`${p}/`))) return;
  if (request.mode === 'navigate') {
    // Fresh HTML when online (a new build shows up at once, share pages keep their meta tags),
    // the cached shell when not.
    event.respondWith(fetch(request).catch(() => caches.match('/', { cacheName: CACHE }).then((r) => r ?? Response.error())));
    return;
  }
  if (SHELL.includes(url.pathname)) {
    event.respondWith(caches.match(request, { cacheName: CACHE }).then((hit) => hit ?? fetch(request)));
  }
});
