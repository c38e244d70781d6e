// The bytes of a built dist/ (raw, gzip -9, brotli -q 11), against the budget.
//
//   node scripts/size.mjs [dist] [--check BYTES] [--first-load]
//
//   - first load: what the first list waits for — the boot module, the JS glue,
//     the chunk loader, wasm-bindgen's snippets and the main wasm module (the
//     files index.html preloads and runs); CSS listed apart;
//   - after the first list: the lazily loaded wasm chunks (src/lazy.rs) and
//     offline.js, fetched once the first list is in or when first needed;
//   - the service worker (fetched after the page has loaded) and its precache;
//   - a portal's page (docs/embed.md): embed.js and the folder's embed.js, and
//     the first load without boot.js; or, with widgets only, one widget
//     binary's glue and wasm a kind (src/bin/widget_*.rs).
// --check BYTES exits 1 when the first load's brotli bytes are over BYTES, or a
// light widget's over the figure (WIDGET_LIMITS) (CI's size check:
// bytes are deterministic). --first-load prints only "raw brotli".
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const args = process.argv.slice(2);
const flag = (name) => {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const [, value] = args.splice(at, 2);
  return value;
};
const brief = args.includes('--first-load');
if (brief) args.splice(args.indexOf('--first-load'), 1);
const budget = flag('--check');
const dist = args[0] ?? 'dist';
if (!existsSync(join(dist, 'index.html'))) throw new Error(`size: ${dist} holds no build`);

const measure = (path) => {
  const bytes = readFileSync(path);
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
};
const walk = (dir) => readdirSync(dir).flatMap((f) => {
  const p = join(dir, f);
  return statSync(p).isDirectory() ? (f === 'demo' ? [] : walk(p)) : [p];
});
const files = walk(dist).map((p) => relative(dist, p)).filter((f) => /\.(wasm|js|css)$/.test(f)).sort();
const isChunk = (f) => /(^|\/)(split|chunk)_[^/]*\.wasm$/.test(f) || f === 'offline.js';
// The <bantin-news> element's modules and the light widgets' binaries: a portal's page loads
// them, the app's own does not.
const isEmbed = (f) => f === 'embed.js' || /^bantin-[0-9a-f]+\/(embed\.js|widget_[a-z]+(\.js|_bg\.wasm))$/.test(f);
// What a page with one kind of widget and no reader may fetch before it shows
// (issue "Embedding in existing portals"): wasm+js brotli.
const WIDGET_LIMITS = { visitors: 35000, latest: 60000 };
const groups = {
  first: files.filter((f) => !f.endsWith('.css') && !isChunk(f) && f !== 'sw.js' && !isEmbed(f)),
  embed: files.filter(isEmbed),
  css: files.filter((f) => f.endsWith('.css')),
  after: files.filter(isChunk),
};
const sum = (list) => list.map((f) => measure(join(dist, f)))
  .reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli }),
    { raw: 0, gzip: 0, brotli: 0 });
const row = (label, m) => console.log(`${label.padEnd(52)} raw ${String(m.raw).padStart(8)}  gzip ${String(m.gzip).padStart(7)}  brotli ${String(m.brotli).padStart(7)}`);

const first = sum(groups.first);
if (brief) {
  console.log(`${first.raw} ${first.brotli}`);
} else {
  for (const f of groups.first) row(f, measure(join(dist, f)));
  row('wasm+js, first load', first);
  for (const f of groups.css) row(f, measure(join(dist, f)));
  row('css', sum(groups.css));
  for (const f of groups.after) row(`  ${f}`, measure(join(dist, f)));
  if (groups.after.length) row(`${groups.after.length} files after the first list`, sum(groups.after));
  if (groups.embed.length) {
    for (const f of groups.embed) row(f, measure(join(dist, f)));
    const app = groups.first.filter((f) => !f.endsWith('/boot.js'));
    const elements = groups.embed.filter((f) => f.endsWith('embed.js'));
    // What the browser fetches before the element shows: embed.js (the stable one and the
    // folder's), then the app's or the widget's glue, the snippets it imports and its wasm.
    row('wasm+js, a portal\'s page with the reader', sum([...elements, ...app]));
    for (const [kind, files] of Object.entries(widgetKinds())) {
      const limit = WIDGET_LIMITS[kind] ? ` (issue: ≤ ${WIDGET_LIMITS[kind]})` : '';
      row(`wasm+js, widgets only: ${kind}${limit}`, sum([...elements, ...files]));
    }
  }
  if (existsSync(join(dist, 'sw.js'))) {
    row('sw.js (service worker, after load)', measure(join(dist, 'sw.js')));
    const list = readFileSync(join(dist, 'sw.js'), 'utf8').match(/^const PRECACHE = (\[.*\]);$/m);
    if (list) {
      const names = JSON.parse(list[1]);
      const bytes = names.reduce((n, f) => n + statSync(join(dist, f)).size, 0);
      console.log(`precache: ${names.length} files, ${bytes} bytes (as stored; sent compressed)`);
    }
  }
}
// Each widget kind's files: its glue, the snippets the glue imports, its wasm.
function widgetKinds() {
  const kinds = {};
  for (const glue of groups.embed.filter((f) => /\/widget_[a-z]+\.js$/.test(f))) {
    const kind = glue.match(/widget_([a-z]+)\.js$/)[1];
    const folder = glue.slice(0, glue.lastIndexOf('/') + 1);
    const snippets = [...readFileSync(join(dist, glue), 'utf8').matchAll(/["']\.\/(snippets\/[^"']+)["']/g)]
      .map((m) => folder + m[1]);
    kinds[kind] = [glue, ...snippets, glue.replace(/\.js$/, '_bg.wasm')];
  }
  return kinds;
}

if (budget !== undefined) {
  const limit = Number(budget);
  if (!Number.isSafeInteger(limit)) throw new Error(`size: --check takes a number of bytes, not ${budget}`);
  const verdict = first.brotli <= limit ? 'within' : 'OVER';
  console.log(`size check: first load ${first.brotli} bytes brotli, ${verdict} the budget of ${limit} bytes`);
  let over = first.brotli > limit;
  const elements = groups.embed.filter((f) => f.endsWith('embed.js'));
  for (const [kind, files] of Object.entries(widgetKinds())) {
    if (!WIDGET_LIMITS[kind]) continue;
    const bytes = sum([...elements, ...files]).brotli;
    const fits = bytes <= WIDGET_LIMITS[kind];
    console.log(`size check: the ${kind} widget ${bytes} bytes brotli, ${fits ? 'within' : 'OVER'} its ${WIDGET_LIMITS[kind]}`);
    over ||= !fits;
  }
  if (over) process.exit(1);
}
