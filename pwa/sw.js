/* bantin service worker: the app and the news a reader has seen keep working offline.
 *
 * Hand-written rather than Workbox: what bantin needs (precache one build's files, network-first
 * with a 3 s timeout for feed pages and config, cache-first for images with count and byte caps,
 * index.html for offline navigations, updates when the reader says so) fits in these ~180 lines.
 * Workbox would add its runtime to every worker start and an npm download (workbox-build and its
 * dependency tree) to every build, for what scripts/precache.sh does in 40 lines of shell.
 *
 * VERSION and PRECACHE are written at build time by scripts/precache.sh (a Trunk post_build hook)
 * from the files Trunk produced (hashed names); never edit them by hand. How it all fits together:
 * docs/offline.md.
 */
'use strict';
const VERSION = 'dev';
const PRECACHE = [];

const SCOPE = self.registration ? self.registration.scope : self.location.href;
// Several bantin apps (different base paths) may share an origin: names carry the scope.
const PREFIX = 'bantin ' + SCOPE + ' ';
const SHELL = PREFIX + 'shell ' + VERSION; // this build's files; older ones are deleted on activate
const DATA = PREFIX + 'data v1'; // feed pages and config.json (JSON), network-first
const MEDIA = PREFIX + 'media v1'; // images and fonts, cache-first
// Per cache: most entries, most bytes, largest single response kept.
const LIMITS = {
  [DATA]: { count: 40, bytes: 8 << 20, max: 4 << 20 },
  [MEDIA]: { count: 250, bytes: 40 << 20, max: 4 << 20 },
};
const TIMEOUT_MS = 3000;
// A cross-origin image without CORS is opaque: its size is unknown, count it as this.
const OPAQUE_BYTES = 256 << 10;
const SIZE = 'x-bantin-size', TIME = 'x-bantin-time';
const shell = new Set(PRECACHE.map((p) => new URL(p, self.location).href));

// The entries (newest kept first) to drop so that at most `count` entries and `bytes` bytes remain.
function toTrim(entries, { count, bytes }) {
  let total = 0;
  return entries
    .slice()
    .sort((a, b) => b.time - a.time)
    .filter((e, i) => (total += e.size) > bytes || i >= count)
    .map((e) => e.url);
}

self.addEventListener('install', (event) => {
  // `reload`: straight from the server, never a stale HTTP-cache copy.
  event.waitUntil(caches.open(SHELL).then((c) => c.addAll(PRECACHE.map((p) => new Request(p, { cache: 'reload' })))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith(PREFIX + 'shell ') && key !== SHELL) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data === 'skipWaiting') self.skipWaiting(); // the reader chose "Tải lại"
  else if (event.data && Array.isArray(event.data.cache)) {
    event.waitUntil(cacheAll(event.data.cache).then((n) => event.ports[0] && event.ports[0].postMessage(n)));
  }
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || !url.protocol.startsWith('http') || url.pathname.includes('/api/')) return;
  if (shell.has(url.href) && !url.pathname.endsWith('.json')) return event.respondWith(fromShell(req));
  if (req.mode === 'navigate') {
    // Any in-app path: the network, else this build's index.html (the app routes itself).
    if (req.destination === 'document' && url.href.startsWith(SCOPE)) {
      event.respondWith(networkFirst(req, null, () => caches.open(SHELL).then((c) => c.match('index.html'))));
    }
    return;
  }
  if (req.destination === '') return event.respondWith(networkFirst(req, DATA)); // fetch(): feed, config
  if (req.destination === 'image' || req.destination === 'font') event.respondWith(cacheFirst(req));
});

async function fromShell(req) {
  return (await caches.match(req, { ignoreVary: true })) || fetch(req);
}

// The network if it answers within TIMEOUT_MS (and is no server error), else the cached copy,
// else `fallback()`, else whatever the network finally says. JSON answers are kept in `name`.
// Feed pages and config are revalidated with the server (`no-cache`), not taken from the HTTP
// cache: the point of asking the network first is the latest news.
async function networkFirst(req, name, fallback) {
  const network = fetch(name ? new Request(req, { cache: 'no-cache' }) : req).then((res) => {
    if (name && res.ok && /json/.test(res.headers.get('content-type') || '')) keep(name, req, res.clone());
    return res;
  });
  let res;
  try {
    res = await Promise.race([network, new Promise((ok) => setTimeout(ok, TIMEOUT_MS))]);
  } catch (e) { /* offline, refused */ }
  if (res && res.status < 500) return res;
  const cached = (name && (await caches.open(name).then((c) => c.match(req, { ignoreVary: true }))))
    || (fallback && (await fallback()))
    || (name && (await caches.match(req, { ignoreVary: true })));
  return cached || res || network;
}

async function cacheFirst(req) {
  const hit = await caches.match(req, { ignoreVary: true });
  if (hit) return hit;
  const res = await fetch(req);
  if (res.ok || res.type === 'opaque') keep(MEDIA, req, res.clone());
  return res;
}

// What each cache holds (url → {size, time}), read once per worker start from the headers
// `keep` adds; writes go one at a time so the sums stay right.
const indexes = {};
let queue = Promise.resolve();

function index(name) {
  return (indexes[name] ||= (async () => {
    const cache = await caches.open(name);
    const map = new Map();
    for (const req of await cache.keys()) {
      const res = await cache.match(req, { ignoreVary: true });
      const h = (k) => Number(res && res.headers.get(k));
      map.set(req.url, { size: h(SIZE) || OPAQUE_BYTES, time: h(TIME) || 0 });
    }
    return map;
  })());
}

// Stores a response with its size and time, then trims the cache to its limits, oldest first.
function keep(name, req, res) {
  queue = queue.then(async () => {
    const limit = LIMITS[name];
    const cache = await caches.open(name);
    const map = await index(name);
    let size = OPAQUE_BYTES;
    let stored = res;
    const time = Date.now();
    if (res.type !== 'opaque') {
      const body = await res.blob();
      size = body.size;
      if (size > limit.max) return;
      const headers = new Headers(res.headers);
      headers.set(SIZE, String(size));
      headers.set(TIME, String(time));
      stored = new Response(body, { status: res.status, statusText: res.statusText, headers });
    }
    await cache.put(req, stored);
    map.set(new URL(req.url).href, { size, time });
    for (const url of toTrim([...map].map(([url, e]) => ({ url, ...e })), limit)) {
      await cache.delete(url, { ignoreVary: true });
      map.delete(url);
    }
  }).catch(() => { /* a full disk only means less is kept */ });
  return queue;
}

// The page asks to keep these URLs: what a first visit loaded before this worker existed, the
// images of an article opened or downloaded. Answers how many are held.
async function cacheAll(urls) {
  let held = 0;
  for (const href of urls) {
    try {
      const url = new URL(href, SCOPE);
      if (!url.protocol.startsWith('http') || url.pathname.includes('/api/') || url.href === self.location.href) continue;
      if (await caches.match(url.href, { ignoreVary: true })) { held++; continue; }
      let res;
      try {
        res = await fetch(url.href, { mode: 'cors', credentials: 'same-origin' });
      } catch (e) {
        res = await fetch(url.href, { mode: 'no-cors' }); // an image server without CORS
      }
      const json = /json/.test(res.headers.get('content-type') || '');
      if (res.ok || res.type === 'opaque') {
        await keep(json ? DATA : MEDIA, new Request(url.href), res);
        held++;
      }
    } catch (e) { /* offline or a bad URL: skipped */ }
  }
  return held;
}
