// The service worker (served at /sw.js after `const VERSION`, `const PRECACHE` and `const OFFLINE`,
// see webapp/web/offline.py). It keeps the app shell and the content bundles in a cache named by a
// hash of the release, so the map works in a clinic without internet after the first visit, and a
// new release (new hash) replaces the old cache.

const CACHE = `referral-map-${VERSION}`;
const STATE_KEYS = ["view", "side", "tp", "region", "group", "frame", "audience", "both"];
// what a page written from a bundle must not take from the bundle's own answer
const NOT_PAGE_HEADERS = ["content-type", "content-length", "content-encoding", "etag", "vary", "last-modified"];

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
    const page = request.mode === "navigate" || (request.headers.get("Accept") || "").includes("text/html");
    const written = page ? await fromBundle(new URL(request.url)) : null;
    if (written) return written;
    throw error;
  }
}

const opened = new Map();  // bundle URL -> Promise of {headers, chunks, pages}, while this worker lives

function bundle(url) {
  if (!opened.has(url)) {
    opened.set(url, caches.open(CACHE).then((cache) => cache.match(url)).then(async (response) => {
      if (!response) return null;
      const headers = new Headers(response.headers);
      NOT_PAGE_HEADERS.forEach((name) => headers.delete(name));
      headers.set("Content-Type", "text/html; charset=utf-8");
      return { headers, ...(await response.json()) };
    }));
    opened.get(url).then((found) => { if (!found) opened.delete(url); }, () => opened.delete(url));
  }
  return opened.get(url);
}

/** A map state's addresses, the closest first: as asked, as the server's links write it (keys in
 * order, defaults left out), without the whole-body frame and both sides (a bundled page shows the
 * whole body and one side anyway), and the view and side with nothing selected. */
function mapAddresses(url) {
  const args = url.searchParams;
  const written = (left) => {
    const kept = STATE_KEYS.filter((key) => args.get(key) && !left.includes(key) && args.get(key) !== OFFLINE.defaults[key]);
    const query = new URLSearchParams(kept.map((key) => [key, args.get(key)])).toString();
    return query ? `/?${query}` : "/";
  };
  return [url.pathname + url.search, written([]), written(["frame", "both"]),
    written(["frame", "both", "tp", "region", "group"])];
}

/** The page at `url` written from its bundle (webapp/web/offline_bundles.py), a redirect to the
 * bundled state it folds to (a trigger point on a view that does not draw it, the whole-body frame,
 * both sides), or null. */
async function fromBundle(url) {
  const isMap = url.pathname === "/";
  const views = url.searchParams.get("audience") === "client" ? OFFLINE.client : OFFLINE.map;  // each view's bundle
  const source = isMap ? views[url.searchParams.get("view") || OFFLINE.defaults.view] : OFFLINE.pages;
  const found = source && await bundle(source);
  if (!found) return null;
  const asked = isMap ? mapAddresses(url) : [url.pathname];
  for (const [index, address] of asked.entries()) {
    const moved = found.moved[address] || (index > 1 && address in found.pages && address);
    if (moved) return Response.redirect(new URL(moved, url).href, 302);
    if (address in found.pages) return new Response(joined(found, address), { headers: found.headers });
  }
  return null;
}

function joined(found, address) {
  const runs = found.pages[address];
  let html = "";
  for (let i = 0; i < runs.length; i += 2) html += found.chunks.slice(runs[i], runs[i] + runs[i + 1]).join("");
  return html;
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== location.origin || url.pathname === "/sw.js") return;
  // Fingerprinted assets never change under their URL; pages and answers are fetched fresh
  // when there is a network and come from the cache (or a bundle) when there is none.
  const immutable = url.pathname.startsWith("/static/") && url.searchParams.has("v");
  event.respondWith(immutable ? fromCacheFirst(event.request) : fromNetworkFirst(event.request));
});
