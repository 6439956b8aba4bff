// The service worker: keeps this build's app shell (HTML, scripts, styles, icons) so the app
// opens offline. It never caches an API answer: those requests are not even intercepted.
// `self.__OLALA_*__` are replaced at build time (vite.config.ts).
const SHELL = self.__OLALA_SHELL__;
const VERSION = self.__OLALA_VERSION__;
const API_PREFIXES = self.__OLALA_API_PREFIXES__;
const SHARE = self.__OLALA_SHARE__;
const CACHE = `olala-shell-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith('olala-shell-') && k !== CACHE).map((k) => caches.delete(k))),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method === 'POST' && url.origin === self.location.origin && url.pathname === SHARE.action) {
    event.respondWith(receiveShare(request));
    return;
  }
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (API_PREFIXES.some((p) => url.pathname === p || url.pathname.startsWith(`${p}/`))) return;
  if (request.mode === 'navigate') {
    // Fresh HTML when online (a new build shows up at once, share pages keep their meta tags),
    // the cached shell when not.
    event.respondWith(
      fetch(request).catch(() => caches.match('/', { cacheName: CACHE }).then((r) => r ?? Response.error())),
    );
    return;
  }
  if (SHELL.includes(url.pathname)) {
    event.respondWith(caches.match(request, { cacheName: CACHE }).then((hit) => hit ?? fetch(request)));
  }
});

// A share from the phone's share sheet (manifest `share_target`): the image and the text are kept
// for the verify screen, which takes them once (src/features/verify/share-target.ts), and the
// page goes there. Only this one POST is handled here; the share never reaches the server.
async function receiveShare(request) {
  try {
    const form = await request.formData();
    const image = form.getAll(SHARE.fileField).find((f) => typeof f === 'object' && SHARE.accept.includes(f.type));
    const text = SHARE.textFields
      .map((name) => form.get(name))
      .filter((v) => typeof v === 'string' && v.trim())
      .join('\n');
    await caches.delete(SHARE.cache);
    const cache = await caches.open(SHARE.cache);
    if (image) await cache.put(SHARE.imageKey, new Response(image, { headers: { 'content-type': image.type } }));
    if (text)
      await cache.put(SHARE.textKey, new Response(text, { headers: { 'content-type': 'text/plain; charset=utf-8' } }));
  } catch {
    // A share that cannot be read still opens the app; the verify screen finds nothing to take.
  }
  return Response.redirect(`/?${SHARE.param}=1`, 303);
}
