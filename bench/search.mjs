// Search benchmark (figures, not a test): bantin's in-browser search beside MiniSearch
// (npm, bench/search-page.html) on the same 10,000 generated articles in headless
// Chromium, and bantin-server's /api/search at 10,000 and 100,000 articles.
//
//   node bench/search.mjs
//
// - bantin: a temp copy of dist/ whose config.json names a generated feed of 10 pages
//   of 1,000 (the app reads at most 1,000 items a page), served by bantin-server. A tag
//   list that matches nothing (/the/…) pages through the whole feed without drawing a
//   card, so the store holds all 10,000 before the search box is touched. Then "kien
//   thuy" and "nong thon moi" are typed a key at a time, waiting after each key for the
//   search to run (the box waits 250 ms before the query changes) and for the server's
//   answer; each in-browser search is a `bantin:search` performance measure
//   (src/pages/search.rs). Memory: the wasm heap in use (the allocator's free space
//   taken in small blocks through wasm-bindgen's exported malloc, counted, given back)
//   and the memory's size, before the box is focused, once the pages chunk (search's code) is in, and
//   after the index is built; the JS heap after a GC. Then one more round under the CPU
//   profiler: where the page's time per keystroke goes.
// - MiniSearch: the same feed pages read by bench/search-page.html, indexed with
//   prefix search and AND (plain lowercase; folded as Vietnamese needs; folded with
//   the body's opening as bantin indexes it), the same keystrokes timed one per task;
//   memory: the JS heap after a GC, before and after building the index.
// - Server: GET /api/search?q=…&per_page=20 for each keystroke (as the app sends
//   them), from node over loopback, at 10,000 and 100,000 articles.
// Prints figures; asserts nothing. Loopback only; every wait is bounded.
// Env: REPS (5), SERVER_ROUNDS (15), SERVER_SIZES ("10000,100000"), CHROMIUM.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, startServer, launchBrowser, newPage } from '../tests/e2e/harness.mjs';

const REPS = Number(process.env.REPS ?? 5);
const SERVER_ROUNDS = Number(process.env.SERVER_ROUNDS ?? 15);
const SERVER_SIZES = (process.env.SERVER_SIZES ?? '10000,100000').split(',').map(Number).filter((n) => n > 0);
const ARTICLES = 10000;
const PER_PAGE = 1000;
const QUERIES = ['kien thuy', 'nong thon moi'];
const DEBOUNCE_MS = 250; // src/pages/search.rs
const SERVER = process.env.BANTIN_SERVER ?? path.join(ROOT, 'target/server/bantin-server');
const DIST = path.join(ROOT, 'dist');
const started = Date.now();
const loadBefore = loadavg();

if (!existsSync(path.join(DIST, 'index.html'))) {
  console.error('dist/ is missing: run `source scripts/env.sh && bash scripts/build.sh` first');
  process.exit(1);
}
if (!existsSync(SERVER)) {
  console.error(`${SERVER} is missing: building it (cargo build --profile server -p bantin-server)`);
  const built = spawnSync('cargo', ['build', '--profile', 'server', '-p', 'bantin-server'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) process.exit(1);
}

// ---------- figures ----------
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const pct = (xs, p) => { const s = sorted(xs); return s.length ? s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] : NaN; };
const ms = (x, d = 2) => (Number.isFinite(x) ? `${x.toFixed(d)} ms` : '—');
const mib = (b) => (Number.isFinite(b) ? `${(b / 1048576).toFixed(1)} MiB` : '—');
const spread = (xs) => `${ms(pct(xs, 0.5))} / ${ms(pct(xs, 0.95))} / ${ms(Math.max(...xs))}`;
const keystrokes = (q) => Array.from({ length: q.length }, (_, i) => q.slice(0, i + 1));
const sleep = (t) => new Promise((r) => setTimeout(r, t));
const log = (...a) => console.error(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s]`, ...a);

// ---------- generated feeds ----------
const work = mkdtempSync(path.join(tmpdir(), 'bantin-search-bench-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

function generate(items, dir) {
  const out = spawnSync('cargo', ['run', '-q', '--release', '-p', 'demo-gen', '--', '--items', String(items),
    '--per-page', String(PER_PAGE), '--compact', '--out', dir, '--base-name', 'feed', '--img-base', '../demo/img/'],
  { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (out.status !== 0) throw new Error(`demo-gen failed (${out.status})`);
  return readdirSync(dir).reduce((n, f) => n + statSync(path.join(dir, f)).size, 0);
}

// The app's copy: dist/ with config.json naming the generated feed; ads, stats and
// comments off (quiet), the server search kept.
const appDist = path.join(work, 'dist');
cpSync(DIST, appDist, { recursive: true, dereference: true });
log(`generating ${ARTICLES} articles…`);
const feedBytes = generate(ARTICLES, path.join(appDist, 'bench-feed'));
const config = JSON.parse(readFileSync(path.join(DIST, 'config.json'), 'utf8'));
config.source = { kind: 'jsonfeed', url: 'bench-feed/feed.json' };
config.search = { url: '/api/search' };
delete config.ads; delete config.stats; delete config.comments;
writeFileSync(path.join(appDist, 'config.json'), JSON.stringify(config));
mkdirSync(path.join(appDist, 'bench-search'));
cpSync(path.join(ROOT, 'bench/search-page.html'), path.join(appDist, 'bench-search/index.html'));
cpSync(path.join(ROOT, 'node_modules/minisearch/dist/umd/index.js'), path.join(appDist, 'bench-search/minisearch.js'));
const miniVersion = JSON.parse(readFileSync(path.join(ROOT, 'node_modules/minisearch/package.json'), 'utf8')).version;

const SERVER_ARGS = ['--rate-limit', '0', '--search-refresh', '0'];
// Servers still running when this script ends (an error halfway) are stopped with it.
const running = new Set();
process.on('exit', () => { for (const s of running) s.child.kill('SIGTERM'); });
async function serve(dist) {
  const data = path.join(work, `data-${running.size}-${path.basename(dist)}`);
  mkdirSync(data);
  const s = await startServer({ dist, data, args: SERVER_ARGS });
  running.add(s);
  return { ...s, stop: async () => { await s.stop(); running.delete(s); } };
}
const rss = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) * 1024;

/** Waits for the server's index (503 while it is built); the time it took. */
async function searchReady(base, timeoutMs) {
  const t = performance.now();
  for (;;) {
    const res = await fetch(`${base}/api/search?q=kien`).catch(() => null);
    if (res?.ok) { await res.json(); return performance.now() - t; }
    await res?.arrayBuffer();
    if (performance.now() - t > timeoutMs) throw new Error(`search index not ready after ${timeoutMs} ms (${res?.status})`);
    await sleep(100);
  }
}

const app = await serve(appDist);
const appIndexMs = await searchReady(app.url, 120000);
log(`server on ${app.url}, its index of ${ARTICLES} ready after ${(appIndexMs / 1000).toFixed(1)} s`);
const browser = await launchBrowser();

// ---------- bantin in the browser ----------
async function bantin() {
  const page = await newPage(browser);
  const cdp = await page.context().newCDPSession(page);
  await page.addInitScript(() => {
    const bench = (window.__bench = { drawn: [], inputs: [], longTasks: [] });
    new PerformanceObserver((list) => bench.longTasks.push(...list.getEntries())).observe({ type: 'longtask', buffered: true });
    addEventListener('TrunkApplicationStarted', (e) => { bench.wasm = e.detail?.wasm; bench.memory = bench.wasm?.memory; });
    // The bytes the allocator has in use: its free space within the memory, found by
    // taking it in 16-byte blocks (wasm-bindgen's own malloc, exported for passing
    // strings) until the memory has to grow, then giving them back.
    bench.inUse = () => {
      const w = bench.wasm;
      const size = w.memory.buffer.byteLength;
      const blocks = [];
      while (blocks.length < 8e6) {
        blocks.push(w.__wbindgen_malloc(16, 8) >>> 0);
        if (w.memory.buffer.byteLength !== size) break;
      }
      // A block's footprint (its header, alignment): the commonest gap between blocks.
      const gaps = new Map();
      for (let i = 1; i < blocks.length; i++) {
        const g = blocks[i] - blocks[i - 1];
        if (g > 0 && g <= 64) gaps.set(g, (gaps.get(g) ?? 0) + 1);
      }
      const foot = [...gaps].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 16;
      for (const b of blocks) w.__wbindgen_free(b, 16, 8);
      return { size, free: (blocks.length - 1) * foot, used: size - (blocks.length - 1) * foot, foot, grown: w.memory.buffer.byteLength };
    };
    addEventListener('input', () => bench.inputs.push(performance.now()), true);
    // The first DOM change after each search: search + merge + the results drawn.
    let seen = 0;
    new MutationObserver(function benchObserve() {
      const all = performance.getEntriesByName('bantin:search', 'measure');
      if (all.length > seen) {
        const last = all[all.length - 1];
        bench.drawn.push({ n: all.length, search: last.duration, drawn: performance.now() - last.startTime });
        seen = all.length;
      }
    }).observe(document, { childList: true, subtree: true, characterData: true });
    // Resolves once a search past the `n`th has run, the archive's answer is in, and
    // nothing has been searched for `quiet` ms.
    bench.settle = (n, quiet = 150, timeout = 15000) => new Promise((resolve, reject) => {
      const t0 = performance.now();
      let count = -1;
      let since = t0;
      const poll = function benchPoll() {
        const now = performance.now();
        const c = performance.getEntriesByName('bantin:search', 'measure').length;
        const note = document.querySelector('.bt-search-archive');
        const busy = !!note && /Đang tìm|Searching/.test(note.textContent);
        if (c !== count) { count = c; since = now; }
        if (c > n && !busy && now - since >= quiet) return resolve(c);
        if (now - t0 > timeout) return reject(new Error(`no search settled after ${timeout} ms (${c} measures, busy ${busy})`));
        setTimeout(poll, 10);
      };
      poll();
    });
  });
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    const wasm = await page.evaluate(() => window.__bench.memory?.buffer?.byteLength ?? NaN);
    const inUse = await page.evaluate(() => window.__bench.inUse());
    return { js: usedSize, wasm, used: inUse.used, foot: inUse.foot, grown: inUse.grown };
  };
  const archive = [];
  page.on('request', (r) => { if (r.url().includes('/api/search')) archive.push(r.url()); });

  // The whole feed into the store, without drawing it: a tag no article has.
  const pages = [];
  page.on('response', (r) => { if (r.url().includes('/bench-feed/')) pages.push(r.url()); });
  const loadStart = performance.now();
  await page.goto(`${app.url}/the/${encodeURIComponent('không-có-thẻ-này')}`);
  for (;;) {
    const state = await page.evaluate(() => {
      if (document.querySelector('.bt-empty')) return 'done';
      const more = document.querySelector('.bt-more button:not([disabled])');
      if (more) { more.click(); return 'clicked'; }
      return 'waiting';
    });
    if (state === 'done') break;
    if (performance.now() - loadStart > 180000) throw new Error(`the feed did not load in 180 s (${pages.length} pages)`);
    await sleep(state === 'clicked' ? 100 : 200);
  }
  const loadMs = performance.now() - loadStart;
  log(`app: ${pages.length} feed pages in the store after ${(loadMs / 1000).toFixed(1)} s`);
  const before = await heap();

  // Search's code is in the pages chunk: fetched after the first list, or on the box's first focus.
  const box = 'form.bt-search input[name="q"]';
  await page.focus(box);
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /split_pages\.wasm$/.test(e.name) && e.responseEnd > 0), null, { timeout: 30000 });
  await sleep(500);
  const chunk = await heap();

  // Types QUERIES a key at a time, waiting after each for its search and the archive's
  // answer; the box is emptied between queries. Per key: its searches and their drawing.
  const typeAll = async (measured) => {
    const keys = [];
    for (const q of QUERIES) {
      for (const typed of keystrokes(q)) {
        const n = await page.evaluate(() => performance.getEntriesByName('bantin:search', 'measure').length);
        await page.keyboard.type(typed.at(-1));
        const end = await page.evaluate((n) => window.__bench.settle(n), n);
        if (measured) {
          const runs = await page.evaluate(([n, end]) => performance.getEntriesByName('bantin:search', 'measure').slice(n, end).map((m) => m.duration), [n, end]);
          const drawn = await page.evaluate(([n, end]) => window.__bench.drawn.filter((d) => d.n > n && d.n <= end).map((d) => d.drawn), [n, end]);
          keys.push({ q: typed, runs, drawn });
        }
      }
      const shown = await page.evaluate(() => document.querySelectorAll('.bt-search-results > li').length);
      keys.push({ q, shown, whole: true });
      await page.fill(box, '');
      await page.waitForFunction(() => !new URLSearchParams(location.search).get('q'), null, { timeout: 5000 });
      await sleep(DEBOUNCE_MS);
    }
    return keys;
  };
  // Warm-up: the first key mounts the search page, which indexes the store; then a round.
  const inputsBefore = await page.evaluate(() => window.__bench.inputs.length);
  await page.keyboard.type(QUERIES[0][0]);
  await page.evaluate(() => window.__bench.settle(0, 300, 60000));
  // The index is built in one task when the search page mounts: the longest task then.
  const first = await page.evaluate((i) => {
    const t = window.__bench.inputs[i];
    const tasks = window.__bench.longTasks.filter((e) => e.startTime >= t).map((e) => e.duration);
    return { longest: Math.max(...tasks), total: tasks.reduce((a, b) => a + b, 0) };
  }, inputsBefore);
  await page.fill(box, '');
  await sleep(DEBOUNCE_MS * 2);
  await typeAll(false);
  const after = await heap();
  log('app: index built, warm-up round done');
  const rounds = [];
  const asked = archive.length;
  for (let r = 0; r < REPS; r++) rounds.push(...(await typeAll(true)));
  log(`app: ${REPS} rounds typed`);
  const archivePerKey = (archive.length - asked) / rounds.filter((k) => !k.whole).length;
  // One more round under the CPU profiler: where the main thread's time goes per keystroke.
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await typeAll(false);
  const { profile } = await cdp.send('Profiler.stop');
  const busy = busyTime(profile);
  for (const k of Object.keys(busy)) busy[k] /= QUERIES.join('').length;
  const perKey = rounds.filter((k) => !k.whole);
  const result = {
    articles: ARTICLES,
    loadMs,
    pages: pages.length,
    first,
    keys: perKey.map((k) => k.runs[0]),
    sums: perKey.map((k) => k.runs.reduce((a, b) => a + b, 0)),
    drawn: perKey.map((k) => k.drawn[0]).filter(Number.isFinite),
    runsPerKey: perKey.reduce((n, k) => n + k.runs.length, 0) / perKey.length,
    archivePerKey,
    busy,
    slowest: slowestKeys(perKey.map((k) => ({ q: k.q, ms: k.runs[0] }))),
    medians: medians(perKey.map((k) => ({ q: k.q, ms: k.runs[0] }))),
    shown: Object.fromEntries(rounds.filter((k) => k.whole).map((k) => [k.q, k.shown])),
    memory: { before, chunk, after },
  };
  await page.context().close();
  return result;
}

/** A CPU profile's time (ms) by where it was spent, the leaf frame deciding: the search
 *  chunk's wasm (pages, with the index and the search page), the app's other wasm, its JS glue, the
 *  browser's built-ins (DOM, fetch, history, text decoding), GC, the renderer's own work;
 *  this benchmark's own polling apart. Idle time left out. */
function busyTime(profile) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const ours = (id) => {
    for (let n = id; n !== undefined; n = parent.get(n)) {
      if (/^bench(Poll|Observe)$/.test(nodes.get(n).callFrame.functionName)) return true;
    }
    return false;
  };
  const out = { search: 0, wasm: 0, glue: 0, builtins: 0, gc: 0, renderer: 0, bench: 0 };
  profile.samples.forEach((id, i) => {
    const t = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const { functionName: name, url } = nodes.get(id).callFrame;
    if (name === '(idle)') return;
    if (ours(id)) out.bench += t;
    else if (name === '(garbage collector)') out.gc += t;
    else if (name === '(program)' || name === '(root)') out.renderer += t;
    else if (/split_pages\.wasm/.test(url)) out.search += t;
    else if (/\.wasm/.test(url)) out.wasm += t;
    else if (url) out.glue += t;
    else out.builtins += t;
  });
  return out;
}

/** Each keystroke's median, in the order typed. */
function medians(samples) {
  const by = new Map();
  for (const { q, ms } of samples) by.set(q, [...(by.get(q) ?? []), ms]);
  return [...by].map(([q, xs]) => `"${q}" ${pct(xs, 0.5).toFixed(1)}`).join(', ');
}

/** The keystroke whose median is highest, and that median. */
function slowestKeys(samples) {
  const by = new Map();
  for (const { q, ms } of samples) by.set(q, [...(by.get(q) ?? []), ms]);
  let worst = null;
  for (const [q, xs] of by) { const m = pct(xs, 0.5); if (!worst || m > worst.ms) worst = { q, ms: m }; }
  return worst;
}

// ---------- MiniSearch in the browser ----------
async function minisearch() {
  const page = await newPage(browser);
  const cdp = await page.context().newCDPSession(page);
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  await page.goto(`${app.url}/bench-search/index.html`);
  await page.waitForFunction(() => window.bench && window.MiniSearch);
  const loaded = await page.evaluate(() => window.bench.load('/bench-feed/feed.json'));
  const out = { docs: loaded.docs };
  for (const variant of ['plain', 'folded', 'folded+body']) {
    const base = await heap();
    const buildMs = await page.evaluate((v) => window.bench.build(v), variant);
    const built = await heap();
    const { times, hits } = await page.evaluate(([q, r]) => window.bench.type(q, r, 30), [QUERIES, REPS]);
    out[variant] = { buildMs, heap: built - base, keys: times.map((t) => t.ms), hits, slowest: slowestKeys(times), medians: medians(times) };
    await page.evaluate(() => window.bench.drop());
    log(`MiniSearch ${variant}: built in ${buildMs.toFixed(0)} ms, ${mib(built - base)}`);
  }
  await page.context().close();
  return out;
}

// ---------- bantin-server's /api/search ----------
async function serverSearch(base, pid, articles, indexMs, dataDir) {
  const keys = QUERIES.flatMap(keystrokes).filter((q) => !q.endsWith(' '));
  const samples = [];
  for (let r = 0; r <= SERVER_ROUNDS; r++) {
    for (const q of keys) {
      const t = performance.now();
      const res = await fetch(`${base}/api/search?q=${encodeURIComponent(q)}&per_page=20`);
      const body = await res.json();
      const dt = performance.now() - t;
      if (!res.ok) throw new Error(`/api/search?q=${q}: ${res.status} ${JSON.stringify(body)}`);
      if (r > 0) samples.push({ q, ms: dt, total: body.total });
    }
  }
  const file = path.join(dataDir, 'search.sqlite');
  return {
    articles,
    indexMs,
    keys: samples.map((s) => s.ms),
    slowest: slowestKeys(samples),
    totals: Object.fromEntries(QUERIES.map((q) => [q, samples.find((s) => s.q === q)?.total])),
    rss: rss(pid),
    indexFile: existsSync(file) ? statSync(file).size : NaN,
  };
}

const inBrowser = await bantin();
const mini = await minisearch();
const chromium = browser.version();
await browser.close();

const servers = [];
for (const n of SERVER_SIZES) {
  if (n === ARTICLES) {
    servers.push(await serverSearch(app.url, app.child.pid, n, appIndexMs, app.dataDir));
    log(`server search at ${n} timed`);
    continue;
  }
  const dist = path.join(work, `dist-${n}`);
  log(`generating ${n} articles…`);
  generate(n, path.join(dist, 'bench-feed'));
  writeFileSync(path.join(dist, 'config.json'), JSON.stringify({ source: { kind: 'jsonfeed', url: 'bench-feed/feed.json' } }));
  const other = await serve(dist);
  try {
    const indexMs = await searchReady(other.url, 600000);
    log(`server index of ${n} ready after ${(indexMs / 1000).toFixed(1)} s`);
    servers.push(await serverSearch(other.url, other.child.pid, n, indexMs, other.dataDir));
  } finally {
    await other.stop();
    rmSync(dist, { recursive: true, force: true });
  }
}
await app.stop();

// ---------- the table ----------
const m = inBrowser.memory;
const variants = ['plain', 'folded', 'folded+body'];
const row = (cells) => console.log(`| ${cells.join(' | ')} |`);
console.log(`\n## In the browser: ${ARTICLES.toLocaleString('en')} articles, "${QUERIES.join('" and "')}" typed a key at a time, ${REPS} rounds after a warm-up\n`);
row(['figure', 'bantin', `MiniSearch ${miniVersion} (plain)`, 'MiniSearch (folded)', 'MiniSearch (folded, + body opening)']);
row(['---', '---', '---', '---', '---']);
row(['articles indexed', inBrowser.articles.toLocaleString('en'), ...variants.map(() => mini.docs.toLocaleString('en'))]);
row(['fields', 'title, summary, tags, 600 chars of body', 'title, summary, tags', 'title, summary, tags', 'title, summary, tags, 600 chars of body']);
row(['search per keystroke, p50 / p95 / max', spread(inBrowser.keys), ...variants.map((v) => spread(mini[v].keys))]);
row(['slowest keystroke (its median)', `"${inBrowser.slowest.q}" ${ms(inBrowser.slowest.ms)}`, ...variants.map((v) => `"${mini[v].slowest.q}" ${ms(mini[v].slowest.ms)}`)]);
row(['results for the whole queries', QUERIES.map((q) => `${inBrowser.shown[q]} shown`).join(', ') + ' (at most 50)', ...variants.map((v) => QUERIES.map((q) => String(mini[v].hits[q])).join(', '))]);
row(['index memory', `${mib(m.after.used - m.chunk.used)} (wasm heap in use; the memory grew ${mib(m.after.wasm - m.chunk.grown)})`, ...variants.map((v) => `${mib(mini[v].heap)} (JS heap)`)]);
row(['building the index', `${ms(inBrowser.first.longest, 0)} (longest task after the first key)`, ...variants.map((v) => ms(mini[v].buildMs, 0))]);
console.log('');
console.log(`bantin, more: search + results drawn per keystroke p50 / p95 / max ${spread(inBrowser.drawn)}; ` +
  `searches run per keystroke ${inBrowser.runsPerKey.toFixed(2)} (their sum p50 / p95 / max ${spread(inBrowser.sums)}); ` +
  `wasm memory (in use) ${mib(m.before.wasm)} (${mib(m.before.used)}) with the ${inBrowser.pages} feed pages loaded, ${mib(m.chunk.wasm)} (${mib(m.chunk.used)}) with the pages chunk (search's code), ${mib(m.after.wasm)} (${mib(m.after.used)}) after the index and the warm-up round (allocator block ${m.after.foot} B); ` +
  `requests to /api/search per keystroke ${inBrowser.archivePerKey.toFixed(2)}; ` +
  `JS heap ${mib(m.before.js)} → ${mib(m.chunk.js)} → ${mib(m.after.js)}; feed ${(feedBytes / 1e6).toFixed(1)} MB, loaded in ${(inBrowser.loadMs / 1000).toFixed(1)} s.`);

const b = inBrowser.busy;
console.log(`bantin, the page's script time per keystroke (CPU profile of one more round, sampled every 0.2 ms): ${(b.search + b.wasm + b.glue + b.builtins + b.gc).toFixed(1)} ms: ` +
  `the pages chunk's wasm (search's) ${b.search.toFixed(1)}, other wasm ${b.wasm.toFixed(1)}, JS glue ${b.glue.toFixed(1)}, browser built-ins called (DOM, fetch, history, text) ${b.builtins.toFixed(1)}, ` +
  `GC ${b.gc.toFixed(1)}; besides, the renderer's own "(program)" ${b.renderer.toFixed(1)} (layout, paint, input, and the DevTools messages of this benchmark too) and this benchmark's polling ${b.bench.toFixed(1)}.`);
console.log(`\nmedian per keystroke (ms), bantin: ${inBrowser.medians}`);
for (const v of variants) console.log(`median per keystroke (ms), MiniSearch ${v}: ${mini[v].medians}`);

console.log(`\n## bantin-server /api/search (HTTP over loopback, per_page=20), the keystrokes of "${QUERIES.join('" and "')}", ${SERVER_ROUNDS} rounds after a warm-up\n`);
row(['figure', ...servers.map((s) => `${s.articles.toLocaleString('en')} articles`)]);
row(['---', ...servers.map(() => '---')]);
row(['per keystroke, p50 / p95 / max', ...servers.map((s) => spread(s.keys))]);
row(['slowest keystroke (its median)', ...servers.map((s) => `"${s.slowest.q}" ${ms(s.slowest.ms)}`)]);
row(['total hits for the whole queries', ...servers.map((s) => QUERIES.map((q) => String(s.totals[q])).join(', '))]);
row(['index ready after start', ...servers.map((s) => `${(s.indexMs / 1000).toFixed(1)} s`)]);
row(['index file', ...servers.map((s) => mib(s.indexFile))]);
row(['server RSS after the queries', ...servers.map((s) => mib(s.rss))]);

const cpu = cpus()[0]?.model?.trim() ?? '?';
const built = statSync(path.join(DIST, 'index.html')).mtime.toISOString().slice(0, 16).replace('T', ' ');
console.log(`\nenvironment: ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpu}, Chromium ${chromium} headless (playwright-core), node ${process.version}, ` +
  `dist/ built ${built} UTC, load average ${loadBefore[0].toFixed(1)} before / ${loadavg()[0].toFixed(1)} after, ${((Date.now() - started) / 1000).toFixed(0)} s in all`);
