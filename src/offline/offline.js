// IndexedDB and service-worker glue for offline reading, bound by src/offline/js.rs, which
// imports it when first needed (never before the first list). Why JS and not idb/rexie/web-sys,
// and what each function does: docs/offline.md. Shipped as written: index.html copies it beside
// itself (Trunk's copy-file), and scripts/finalize.mjs minifies only the app folder's modules.
// No record, or no usage estimate, is null: never a sentinel such as '' or -1.

const STORE = 'articles';
let db;

const open = () => (db ||= new Promise((ok, ko) => {
  const r = indexedDB.open('bantin', 1);
  r.onupgradeneeded = () => r.result.createObjectStore(STORE, { keyPath: 'id' });
  r.onsuccess = () => ok(r.result);
  r.onerror = () => ko(r.error);
  r.onblocked = () => ko(new DOMException('blocked', 'InvalidStateError'));
}).catch((e) => { db = null; throw e; }));

// f(store, guard) returns a getter read once committed (a full disk shows only as an abort).
async function tx(mode, f) {
  const t = (await open()).transaction(STORE, mode);
  let failure;
  const guard = (g) => () => { try { g(); } catch (e) { failure = e; t.abort(); } };
  const answer = f(t.objectStore(STORE), guard);
  return new Promise((ok, ko) => {
    t.oncomplete = () => ok(answer());
    t.onabort = t.onerror = () => ko(failure || t.error);
  });
}
const named = (p) => p.catch((e) => { throw String((e && e.name) || e); });

// Newest first; saved records stay, of the others only the newest `max`. -> [stay, drop]
export function trim(records, max) {
  const sorted = records.slice().sort((a, b) => b.saved_at - a.saved_at);
  let kept = 0;
  const stay = sorted.filter((r) => r.saved || ++kept <= max);
  return [stay, sorted.filter((r) => !stay.includes(r))];
}

// An automatic copy never demotes a saved one. Then the worker keeps the images.
export const idbPut = (json, images) => named(tx('readwrite', (s, guard) => {
  const rec = JSON.parse(json);
  const old = s.get(rec.id);
  old.onsuccess = guard(() => {
    const o = old.result;
    if (o && o.saved && !rec.saved) Object.assign(rec, { saved: true, saved_at: o.saved_at });
    s.put(rec);
  });
  return () => {};
})).then(() => swCache(images));

// `ids` is an array: an id may hold any character, a newline included.
export const idbDelete = (ids) => named(tx('readwrite', (s) => {
  ids.forEach((id) => s.delete(id));
  return () => {};
}));

export const idbGet = (id) => named(tx('readonly', (s) => {
  const r = s.get(id);
  return () => (r.result ? JSON.stringify(r.result) : null);
}));

export const idbList = (maxKept) => named(tx('readwrite', (s, guard) => {
  let stay = [];
  const all = s.getAll();
  all.onsuccess = guard(() => {
    const [keep, drop] = trim(all.result, maxKept);
    drop.forEach((r) => s.delete(r.id));
    stay = keep.map((r) => ({ ...r, html: undefined, text: undefined }));
  });
  return () => JSON.stringify(stay);
}));

export const storageUsed = () => (navigator.storage && navigator.storage.estimate
  ? navigator.storage.estimate().then((e) => e.usage || 0, () => null)
  : Promise.resolve(null));

export function persist() {
  try { navigator.storage.persist().catch(() => {}); } catch (e) { /* not offered */ }
}

const sw = navigator.serviceWorker;
let registration;

const post = (worker, urls) => new Promise((ok) => {
  if (!worker || !urls.length) return ok(0);
  const channel = new MessageChannel();
  channel.port1.onmessage = (e) => ok(e.data | 0);
  setTimeout(ok, 60000, 0);
  worker.postMessage({ cache: urls }, [channel.port2]);
});
const swCache = (urls) => post(sw && sw.controller, urls.filter(Boolean));

// What a first visit loaded before the worker existed, for it to keep: the
// app's own files (under its scope) and the images and fonts the page showed.
// Not iframes (ads), beacons, or anything else on another origin: an ad server
// or a tracking pixel must not see a second request.
export function firstVisitFiles(entries, scope) {
  return entries.filter((e) => e.name.startsWith(scope)
    ? !['iframe', 'beacon'].includes(e.initiatorType)
    : ['img', 'image', 'css'].includes(e.initiatorType)).map((e) => e.name);
}

// Under `require-trusted-types-for 'script'` register() takes a
// TrustedScriptURL. The policy `bantin-sw` makes one of this module's own
// sw.js and of nothing else (docs/embed.md). Without Trusted Types, the URL.
let swPolicy;
function workerUrl(url) {
  const own = new URL('sw.js', import.meta.url).href;
  const check = (u) => {
    if (u !== own) throw new TypeError(`bantin-sw: not its service worker: ${u}`);
    return u;
  };
  if (!globalThis.trustedTypes) return check(url);
  swPolicy ||= trustedTypes.createPolicy('bantin-sw', { createScriptURL: check });
  return swPolicy.createScriptURL(url);
}

export function swRegister(url, scope, onUpdate) {
  if (!sw) return;
  try { url = workerUrl(url); } catch (e) { console.warn(e.message); return; }
  const first = !sw.controller;
  // A page that starts may be the last of an update: the worker can drop older builds' files.
  if (sw.controller) sw.controller.postMessage('retire');
  sw.register(url, { scope, updateViaCache: 'none' }).then((reg) => {
    // Some browsers (and automation with workers blocked) resolve with nothing.
    if (!reg) return;
    registration = reg;
    const waiting = () => reg.waiting && sw.controller && onUpdate();
    const watch = (w) => w && w.addEventListener('statechange', () => w.state === 'installed' && waiting());
    waiting();
    watch(reg.installing);
    reg.addEventListener('updatefound', () => watch(reg.installing));
    if (first) sw.ready.then((r) => r && post(r.active, firstVisitFiles(performance.getEntriesByType('resource'), scope)));
  }, () => {});
}

export function swUnregister(scope) {
  if (sw) sw.getRegistration(scope).then((r) => r && r.scope === scope && r.unregister(), () => {});
}

export function swApply() {
  const w = registration && registration.waiting;
  if (!w) return location.reload();
  sw.addEventListener('controllerchange', () => location.reload());
  w.postMessage('skipWaiting');
}
