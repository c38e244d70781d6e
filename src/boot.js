// Starts bantin: the part of the page that is script, as a file rather than
// inline (so a strict Content-Security-Policy with script-src 'self' holds).
// It lives in the build's app folder beside the wasm-bindgen glue
// (scripts/finalize.mjs), so every URL here is relative to this module.

// The reader's text size and light/dark (src/prefs.rs), on <html> before the
// app paints anything: a reader who chose big text never sees it small first.
try {
  const p = JSON.parse(localStorage.getItem('bantin:prefs'));
  const root = document.documentElement.dataset;
  if (p.size) root.btSize = p.size;
  if (p.theme) root.btTheme = p.theme;
} catch {}

// The feed's first page starts downloading while the wasm still is: read the
// source from config.json (its own request; index.html's preload of it stays
// for the app) and preload that URL, which the app's first request for it then
// takes. On a slow phone this saves a round trip and the feed's transfer. Only
// before the app has started: a preload the app did not take would answer a
// later refresh with old news. A hint only: any failure here is silent.
let started = false;
// The app's base: the folder this module's folder is in (scripts/finalize.mjs),
// not a <base> element, which a strict policy's `base-uri 'none'` ignores.
// The app reads it from #bantin's data-base, unless the page set one.
const app = document.getElementById('bantin');
const base = (app && app.dataset.base) || new URL('../', import.meta.url).href;
if (app) app.dataset.base = base;
fetch(new URL('config.json?hint', base))
  .then((r) => r.json())
  .then((c) => {
    const s = c && c.source;
    if (started || !s || s.kind !== 'jsonfeed' || typeof s.url !== 'string') return;
    const link = document.createElement('link');
    link.rel = 'preload';
    link.as = 'fetch';
    link.crossOrigin = 'anonymous';
    link.href = new URL(s.url, base).href;
    document.head.append(link);
  })
  .catch(() => {});

// Imported, not a static import: the hint above goes out before the glue is
// evaluated (index.html preloads the glue, so this costs no round trip).
const { default: init } = await import('./bantin.js');
// The glue fetches bantin_bg.wasm beside itself (index.html preloads it).
const wasm = await init();
started = true;
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
