// bantin in a portal's page: the `<bantin-news>` element (docs/embed.md).
//
//   <bantin-news src="/news/config.json" base="/tin-tuc/"></bantin-news>
//   <script type="module" src="https://cdn.example/bantin/embed.js"></script>
//
// In an iframe (frame.html), the page's address names the widget instead.
//
// `kind` chooses what the element shows: the reader (the default), or a light
// widget: `visitors` (the visitor box), `latest` (the latest `count` titles,
// linking to the reader at `reader`) or `ad` (the config's ad slot named by
// `ad`). Each kind comes from its own small binary (src/bin/widget_*.rs): a
// page with only widgets never downloads the reader, and a page with only a
// visitor box not the list's feed parsers either. Every element of a kind
// shares one download and one instance.
//
// The build's stable embed.js (scripts/finalize.mjs writes it) imports this
// module from the app's folder and calls `define` with the stylesheets' names.
// A custom element, not a `data-` attribute on a div: the browser itself
// mounts an element the host adds later (a host SPA) and tells us when one is
// removed, and the name cannot clash with the host's own markup.
//
// Shadow DOM, not a prefixed root: no rule of the host page reaches inside
// (a theme's `a { color: red !important }` or `button { all: unset }`), and
// none of bantin's reaches out. What the host may set, it sets through the
// documented --bantin-* custom properties, which do pass the boundary.

let app;
// The wasm, fetched and started once for every element on the page.
const start = () => (app ||= import('./bantin.js').then(async (m) => {
  await m.default();
  return m;
}));

// The light widgets' binaries, a kind each (literal specifiers: the build
// checks that each is in the folder).
const WIDGETS = {
  visitors: () => import('./widget_visitors.js'),
  latest: () => import('./widget_latest.js'),
  ad: () => import('./widget_ad.js'),
};
const KINDS = Object.keys(WIDGETS);
const widgets = {};
// A widget kind's wasm, fetched and started once for all its elements.
const startWidget = (kind) => (widgets[kind] ||= WIDGETS[kind]().then(async (m) => {
  await m.default();
  return m;
}));

let readers = 0;

// The reader's text size and light/dark (src/prefs.rs) on the element before
// it paints, as boot.js does on <html> for the standalone app.
function applyPrefs(el) {
  try {
    const p = JSON.parse(localStorage.getItem('bantin:prefs'));
    if (p.size) el.dataset.btSize = p.size;
    if (p.theme) el.dataset.btTheme = p.theme;
  } catch {}
}

// `styles`: [file name, integrity] of each stylesheet, beside the app's folder.
export function define(styles) {
  const assets = new URL('../', import.meta.url).href;

  // The stylesheets into `shadow`; resolves once they have loaded (or failed).
  const addStyles = (shadow) => Promise.all(styles.map(([name, integrity]) => new Promise((done) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.crossOrigin = 'anonymous';
    link.integrity = integrity;
    link.href = assets + name;
    link.onload = link.onerror = done;
    shadow.append(link);
  })));

  class BantinNews extends HTMLElement {
    connectedCallback() {
      const kind = this.getAttribute('kind') || 'reader';
      if (kind !== 'reader') {
        if (KINDS.includes(kind)) return this.mountWidget(kind);
        console.error(`bantin: no widget kind "${kind}" (${KINDS.join(', ')} or reader)`, this);
        return;
      }
      // Moved within the page: it is mounted already.
      if (this.shadowRoot) return;
      if (readers++) {
        console.error('bantin: one reader a page; this <bantin-news> stays empty', this);
        return;
      }
      applyPrefs(this);
      const shadow = this.attachShadow({ mode: 'open' });
      // The styles before the first paint of the skeleton, fetched while the
      // wasm is. A <link> each: a strict `style-src 'self'` allows them, where
      // it would refuse a <style> element.
      const loaded = addStyles(shadow);
      const mount = document.createElement('div');
      shadow.append(mount);
      const config = this.getAttribute('src') || assets + 'config.json';
      let routes = this.getAttribute('base');
      if (!routes) {
        routes = location.pathname.replace(/[^/]*$/, '');
        console.warn(`bantin: <bantin-news> has no base; its addresses live under ${routes}`);
      }
      Promise.all([start(), loaded])
        .then(([m]) => m.embed(mount, config, routes, assets))
        .catch((e) => console.error('bantin: could not start', e));
    }

    // A widget mounts each time the element is put into the page and stops
    // (its stream, timers and listeners) each time it is taken out.
    mountWidget(kind) {
      const shadow = this.shadowRoot || this.attachShadow({ mode: 'open' });
      shadow.replaceChildren();
      applyPrefs(this);
      const loaded = addStyles(shadow);
      const mount = document.createElement('div');
      shadow.append(mount);
      const config = this.getAttribute('src') || assets + 'config.json';
      const reader = this.getAttribute('reader') || '/';
      const count = Number.parseInt(this.getAttribute('count') ?? '', 10) || 5;
      const ad = this.getAttribute('ad') || '';
      const mounted = Promise.all([startWidget(kind), loaded])
        .then(([m]) => (this.widget === mounted ? m.widget(mount, config, reader, count, ad) : null))
        .catch((e) => { console.error('bantin: could not start', e); return null; });
      this.widget = mounted;
    }

    disconnectedCallback() {
      const mounted = this.widget;
      this.widget = null;
      if (mounted) mounted.then((w) => { if (w) { w.stop(); w.free(); } });
    }
  }

  if (!customElements.get('bantin-news')) customElements.define('bantin-news', BantinNews);
  if (document.documentElement.hasAttribute('data-bantin-frame')) frame();
}

// The iframe form (frame.html, docs/embed.md): the widget its address names,
// alone on the page, and its height posted to the portal's page, whose
// one-line script may size the iframe to it (without it, the iframe keeps the
// size the portal gave it). The height is all it says, to any parent.
function frame() {
  const query = new URLSearchParams(location.search);
  const el = document.createElement('bantin-news');
  // A widget only: the reader is not made for a frame (its addresses are the frame's).
  const kind = query.get('kind');
  el.setAttribute('kind', kind === 'visitors' || kind === 'ad' ? kind : 'latest');
  for (const name of ['src', 'count', 'reader', 'ad']) {
    const value = query.get(name);
    if (value) el.setAttribute(name, value);
  }
  // Its room inside the frame's edge is the element's own (CSSOM, allowed by a
  // strict style-src), so the height it reports includes it.
  document.body.style.margin = '0';
  el.style.padding = '8px';
  document.body.append(el);
  if (parent === window) return;
  let last = 0;
  new ResizeObserver(() => {
    const height = Math.ceil(el.getBoundingClientRect().height);
    if (height !== last) parent.postMessage({ bantin: 'height', height: (last = height) }, '*');
  }).observe(el);
}
