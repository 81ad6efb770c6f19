// The service worker (served at /sw.js after `const VERSION` and `const PRECACHE`, see
// webapp/offline.py). It keeps the app shell and the content in a cache named by a hash of
// the release, so the map works in a clinic without internet after the first visit, and a
// new release (new hash) replaces the old cache.

const CACHE = `referral-map-${VERSION}`;

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    for (let i = 0; i < PRECACHE.length; i += 8) {  // a few at a time: gentle on the server
      await cache.addAll(PRECACHE.slice(i, i + 8));
    }
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("referral-map-") && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

async function fromCacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) (await caches.open(CACHE)).put(request, response.clone());
  return response;
}

async function fromNetworkFirst(request) {
  try {
    const response = await fetch(request);
    if (response.ok) (await caches.open(CACHE)).put(request, response.clone());
    return response;
  } catch (error) {
    const cached = await caches.match(request, { ignoreVary: true });
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== location.origin || url.pathname === "/sw.js") return;
  // Fingerprinted assets never change under their URL; pages and answers are fetched fresh
  // when there is a network and come from the cache when there is none.
  const immutable = url.pathname.startsWith("/static/") && url.searchParams.has("v");
  event.respondWith(immutable ? fromCacheFirst(event.request) : fromNetworkFirst(event.request));
});
