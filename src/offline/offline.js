// Browser glue for offline reading, bound from Rust with #[wasm_bindgen(module)].
//
// Why a small hand-written module rather than the `idb`/`rexie` crates or raw
// web-sys: IndexedDB and the service-worker API are built from callbacks and
// events. From Rust each one needs a web-sys binding plus a `Closure`, and the
// crates bring their own futures and error layers — several KB of wasm against
// our 100 KB budget. Here the Rust side sees a handful of functions returning
// Promises (about 1 KB brotli), and records cross as JSON strings so the Rust
// record type (src/offline/record.rs) stays native-testable.
//
// Every function fails softly: errors reach Rust as a DOMException name
// ("QuotaExceededError", "InvalidStateError", …) or are swallowed where the
// app must simply carry on (service-worker registration).

const DB = 'bantin', STORE = 'articles';
let db;

// The database, opened once. Rejects when IndexedDB is missing or blocked
// (some private modes); the next call tries again.
function open() {
  return (db ||= new Promise((ok, ko) => {
    const r = indexedDB.open(DB, 1);
    r.onupgradeneeded = () => r.result.createObjectStore(STORE, { keyPath: 'id' });
    r.onsuccess = () => ok(r.result);
    r.onerror = () => ko(r.error);
    r.onblocked = () => ko(new DOMException('blocked', 'InvalidStateError'));
  }).catch((e) => { db = null; throw e; }));
}

// Runs `f(store, guard)` in one transaction; `f` returns a getter for the answer,
// read once the transaction has committed (a full disk only shows as an abort).
// `guard` wraps request callbacks: what they throw aborts the transaction and is
// the error reported.
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

// The trimming rule: records most recently stored first; saved ones always stay, of the
// others (kept automatically) only the newest `max`. Returns [stay, drop].
export function trim(records, max) {
  const sorted = records.slice().sort((a, b) => b.saved_at - a.saved_at);
  let kept = 0;
  const stay = sorted.filter((r) => r.saved || ++kept <= max);
  return [stay, sorted.filter((r) => !stay.includes(r))];
}

// Stores a record (JSON), then asks the worker to keep its images (newline-separated
// URLs). An automatic copy never demotes a saved one: it stays saved, with the time it
// was saved (decided inside the one transaction).
export const idbPut = (json, images) => named(tx('readwrite', (s, guard) => {
  const rec = JSON.parse(json);
  const old = s.get(rec.id);
  old.onsuccess = guard(() => {
    if (old.result && old.result.saved && !rec.saved) Object.assign(rec, { saved: true, saved_at: old.result.saved_at });
    s.put(rec);
  });
  return () => {};
})).then(() => swCache(images));

// Deletes the records with these ids (newline-separated).
export const idbDelete = (ids) => named(tx('readwrite', (s) => {
  ids.split('\n').forEach((id) => s.delete(id));
  return () => {};
}));

// One record as JSON, or '' when there is none.
export const idbGet = (id) => named(tx('readonly', (s) => {
  const r = s.get(id);
  return () => (r.result ? JSON.stringify(r.result) : '');
}));

// Every record without its body, most recently stored first, as a JSON array; on the
// way, the automatic copies beyond the newest `maxKept` are deleted.
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

// Bytes this site stores (caches + IndexedDB), or -1 when the browser won't say.
export const storageUsed = () => (navigator.storage && navigator.storage.estimate
  ? navigator.storage.estimate().then((e) => e.usage || 0, () => -1)
  : Promise.resolve(-1));

// Asks the browser not to evict what the reader chose to keep (best effort).
export function persist() {
  try { navigator.storage.persist().catch(() => {}); } catch (e) { /* not offered */ }
}

const sw = navigator.serviceWorker;
let registration;

function post(worker, urls) {
  return new Promise((ok) => {
    if (!worker) return ok(0);
    const channel = new MessageChannel();
    channel.port1.onmessage = (e) => ok(e.data | 0);
    setTimeout(ok, 60000, 0);
    worker.postMessage({ cache: urls }, [channel.port2]);
  });
}

// Registers the worker (scope = the app's base) and calls `onUpdate` when a new
// version is installed and waiting. Any failure leaves the page as it was.
export function swRegister(url, scope, onUpdate) {
  if (!sw) return;
  // A first visit loaded everything before the worker existed: hand it the
  // URLs of what the page has loaded so far (config, feed, images) to keep.
  const first = !sw.controller;
  sw.register(url, { scope, updateViaCache: 'none' }).then((reg) => {
    registration = reg;
    const waiting = () => reg.waiting && sw.controller && onUpdate();
    const watch = (w) => w && w.addEventListener('statechange', () => w.state === 'installed' && waiting());
    waiting();
    watch(reg.installing);
    reg.addEventListener('updatefound', () => watch(reg.installing));
    if (first) {
      sw.ready.then((r) => post(r.active, performance.getEntriesByType('resource').map((e) => e.name)));
    }
  }, () => {});
}

// Unregisters a worker left from before the operator turned it off.
export function swUnregister(scope) {
  if (sw) sw.getRegistration(scope).then((r) => r && r.scope === scope && r.unregister(), () => {});
}

// The reader said "Tải lại": the waiting worker takes over, then the page reloads.
export function swApply() {
  const w = registration && registration.waiting;
  if (!w) return location.reload();
  sw.addEventListener('controllerchange', () => location.reload());
  w.postMessage('skipWaiting');
}

// Asks the controlling worker to keep these URLs (newline-separated) within its
// caps; resolves with how many it holds (0 without a worker). Never rejects.
export const swCache = (urls) => post(sw && sw.controller, urls.split('\n').filter(Boolean));
