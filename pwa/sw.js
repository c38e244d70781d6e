/* bantin service worker: the app and the news a reader has seen keep working offline.
 *
 * Hand-written rather than Workbox: what bantin needs (precache one build's files, network-first
 * with a 3 s timeout for feed pages and config, cache-first for images with count and byte caps,
 * index.html for offline navigations, updates when the reader says so) fits in these ~180 lines.
 * Workbox would add its runtime to every worker start and an npm download (workbox-build and its
 * dependency tree) to every build, for what scripts/precache.sh does in 40 lines of shell.
 *
 * VERSION and PRECACHE are written at build time by scripts/precache.sh (a Trunk post_build hook)
 * from the build's final files (named by their hashes); never edit them by hand. How it all fits together:
 * docs/offline.md.
 */
'use strict';
const VERSION = 'dev';
const PRECACHE = [];

const SCOPE = self.registration ? self.registration.scope : self.location.href;
// Several bantin apps (different base paths) may share an origin: names carry the scope.
const PREFIX = 'bantin ' + SCOPE + ' ';
const SHELL = PREFIX + 'shell ' + VERSION; // this build's files; older ones go once no tab runs them
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
// In the shell cache: which tabs were open when this version took over (they may still run
// an older build, whose lazily loaded chunks are in an older shell), and those shells.
const RETIRING = 'bantin-retiring-shells';
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
    const old = (await caches.keys()).filter((k) => k.startsWith(PREFIX + 'shell ') && k !== SHELL);
    // Tabs open now may run an older build, and the deploy took its files off the server: its
    // shell stays until they are gone (retireShells), so their chunks still load.
    const tabs = (await self.clients.matchAll({ type: 'window', includeUncontrolled: true })).map((c) => c.id);
    const cache = await caches.open(SHELL);
    await cache.put(RETIRING, new Response(JSON.stringify({ old, tabs })));
    await self.clients.claim();
    await retireShells();
  })());
});

// retireShells at most twice a second, from the fetches of any page.
let retiredAt = 0;
function retireShellsSoon() {
  if (Date.now() - retiredAt < 500) return Promise.resolve();
  retiredAt = Date.now();
  return retireShells().catch(() => {});
}

// Deletes the older shells once none of the tabs that were open at activation is left.
async function retireShells() {
  const cache = await caches.open(SHELL);
  const record = await cache.match(RETIRING);
  if (!record) return;
  const { old = [], tabs = [] } = await record.json().catch(() => ({}));
  const open = new Set((await self.clients.matchAll({ type: 'window', includeUncontrolled: true })).map((c) => c.id));
  if (tabs.some((id) => open.has(id))) return;
  for (const key of old) await caches.delete(key);
  await cache.delete(RETIRING);
}

self.addEventListener('message', (event) => {
  if (event.data === 'skipWaiting') self.skipWaiting(); // the reader chose "Tải lại"
  else if (event.data === 'retire') event.waitUntil(retireShells().catch(() => {})); // a page started
  else if (event.data && Array.isArray(event.data.cache)) {
    event.waitUntil(cacheAll(event.data.cache).then((n) => event.ports[0] && event.ports[0].postMessage(n)));
  }
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || !url.protocol.startsWith('http') || isApi(url)) return;
  event.waitUntil(retireShellsSoon());
  if (shell.has(url.href) && !url.pathname.endsWith('.json')) return event.respondWith(fromShell(req));
  // A file of an older build's app folder (immutable): a tab still running that build asks for
  // a chunk the deploy took off the server; its shell still has it.
  if (isAppFile(url)) {
    return event.respondWith(fromShell(req));
  }
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

// The counter service's and other APIs' answers are never cached: a path under /api/ of this
// scope or of the origin's root (a counter service on another origin serves /api/ too).
function isApi(url) {
  const scopePath = new URL(SCOPE).pathname;
  return url.pathname.startsWith('/api/') || url.pathname.startsWith(scopePath + 'api/');
}

// A file of some build's app folder: it belongs in that build's shell and nowhere else, so
// that it goes when the shell goes.
function isAppFile(url) {
  return url.origin === self.location.origin && /\/bantin-[0-9a-f]{16}\//.test(url.pathname);
}

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

// An opaque answer (an image server without CORS) hides its status: a 404, a 503 or a captive
// portal's page looks like an image. So a cross-origin image is first asked for with CORS,
// whose status can be read, and kept only when it is good; an opaque one is kept, but each
// time it is served from the cache while online it is fetched again and replaced, so a
// transient error does not stay a broken image.
async function cacheFirst(req) {
  const hit = await caches.match(req, { ignoreVary: true });
  if (hit) {
    if (hit.type === 'opaque' && self.navigator.onLine !== false) {
      fetchKnown(req).then((res) => (res.ok || res.type === 'opaque') && keep(MEDIA, req, res)).catch(() => {});
    }
    return hit;
  }
  const res = await fetchKnown(req);
  if (res.ok || res.type === 'opaque') keep(MEDIA, req, res.clone());
  return res;
}

async function fetchKnown(req) {
  const url = new URL(req.url);
  if (req.mode === 'no-cors' && url.origin !== self.location.origin) {
    try {
      return await fetch(url.href, { mode: 'cors', credentials: 'omit' });
    } catch (e) { /* no CORS: opaque it is */ }
  }
  return fetch(req);
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
      // Never more than `limit.max` bytes in memory: the declared length first, then counted.
      if (Number(res.headers.get('content-length')) > limit.max) return;
      const body = await readAtMost(res, limit.max);
      if (!body) return;
      size = body.size;
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

// The body as a Blob, or null (and the stream cancelled) once it passes `max` bytes.
async function readAtMost(res, max) {
  if (!res.body) return new Blob([]);
  const reader = res.body.getReader();
  const parts = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return new Blob(parts, { type: res.headers.get('content-type') || '' });
    total += value.byteLength;
    if (total > max) {
      reader.cancel().catch(() => {});
      return null;
    }
    parts.push(value);
  }
}

// The page asks to keep these URLs: what a first visit loaded before this worker existed, the
// images of an article opened or downloaded. Answers how many are held.
async function cacheAll(urls) {
  let held = 0;
  for (const href of urls) {
    try {
      const url = new URL(href, SCOPE);
      if (!url.protocol.startsWith('http') || isApi(url) || url.href === self.location.href) continue;
      if (await caches.match(url.href, { ignoreVary: true })) { held++; continue; }
      // Not in a shell: an older build's file, asked for by a tab that loaded it before the update
      // retired that shell. Kept as media it would outlive the shell (and the HTTP cache would
      // still answer for it), so it is not kept at all.
      if (isAppFile(url)) continue;
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
