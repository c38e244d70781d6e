// What a reader feels, for the list and an article, optionally beside another
// app (the "reference", e.g. a built Leptos example): Lighthouse 12.2.3 mobile
// preset (median of 3), unthrottled FCP / LCP / content in the DOM (median of
// 10), bytes before and after the first content, long tasks, and JS heap +
// wasm memory after 10 and 200 list↔article navigations. Prints figures (a
// markdown table); asserts nothing. Loopback only.
//
// Usage: node bench/vitals.mjs http://127.0.0.1:PORT [--reference DIST]
//          [--reference-article PATH] [--reference-list SEL] [--reference-content SEL]
// The reference's dist is served by bench/static-server.mjs (SPA fallback,
// brotli); data it fetches must be files in that dist (a local fixture).
// Its defaults fit Leptos' examples/hackernews with an /api/ fixture.
// Env: LH_RUNS (3), RUNS (10), NAVS ("10,200"), LIGHTHOUSE (path to its bin).
import { chromium } from 'playwright-core';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from './static-server.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const lighthouse = process.env.LIGHTHOUSE ?? 'target/lighthouse/node_modules/.bin/lighthouse';
const lhRuns = Number(process.env.LH_RUNS ?? 3);
const runs = Number(process.env.RUNS ?? 10);
const navCounts = (process.env.NAVS ?? '10,200').split(',').map(Number);

const apps = [{
  name: 'bantin',
  base: args[0],
  list: '/',
  article: '/bai/kien-thuy-ntm-2025',
  listSel: '.bt-list > .bt-card',
  contentSel: '.bt-article-title',
}];
let reference = null;
if (opt('--reference')) {
  reference = await serve(opt('--reference'));
  apps.push({
    name: 'reference',
    base: reference.url,
    list: '/',
    article: opt('--reference-article', '/stories/1001'),
    listSel: opt('--reference-list', '.news-item'),
    contentSel: opt('--reference-content', '.item-view-header'),
  });
}

const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};

// ---- Lighthouse, mobile preset (its default: simulated 4x CPU, slow 4G).
// Not execFileSync: the reference's server runs in this process and must answer meanwhile.
async function lighthouseOnce(url) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-lh-'));
  try {
    await promisify(execFile)(lighthouse, [url, '--quiet', '--output=json', `--output-path=${dir}/r.json`,
      '--only-categories=performance',
      '--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run'],
    { env: { ...process.env, CHROME_PATH: chromiumPath }, timeout: 180000 });
    const r = JSON.parse(readFileSync(`${dir}/r.json`, 'utf8'));
    const a = r.audits;
    // The first node item in the audit's details (a list of tables in Lighthouse 12).
    const findNode = (x) => (x && typeof x === 'object'
      ? (x.type === 'node' ? x : Object.values(x).map(findNode).find(Boolean)) : undefined);
    const node = findNode(a['largest-contentful-paint-element']?.details);
    return {
      score: r.categories.performance.score * 100,
      fcp: a['first-contentful-paint'].numericValue,
      lcp: a['largest-contentful-paint'].numericValue,
      tbt: a['total-blocking-time'].numericValue,
      cls: a['cumulative-layout-shift'].numericValue,
      si: a['speed-index'].numericValue,
      lcpElement: node ? `${node.snippet ?? ''} (${node.selector ?? node.nodeLabel ?? ''})` : '? (none reported)',
    };
  } catch (e) {
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function lighthouseMedian(url) {
  const rs = [];
  for (let i = 0; i < lhRuns; i++) {
    const r = await lighthouseOnce(url);
    if (r) rs.push(r);
  }
  if (!rs.length) return null;
  const m = Object.fromEntries(['score', 'fcp', 'lcp', 'tbt', 'cls', 'si'].map((k) => [k, median(rs.map((r) => r[k]))]));
  // The LCP element of the run whose LCP is the median.
  m.lcpElement = rs.find((r) => r.lcp === m.lcp)?.lcpElement ?? rs[0].lcpElement;
  return m;
}

// ---- Unthrottled, in headless Chromium.
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});

async function newPage(app, contentSel) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true });
  const page = await context.newPage();
  await page.addInitScript((sel) => {
    const b = (window.__bench = { lcp: 0, longTasks: [] });
    addEventListener('TrunkApplicationStarted', (e) => { b.wasm = e.detail?.wasm; });
    new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.name === 'first-contentful-paint') b.fcp = e.startTime; })
      .observe({ type: 'paint', buffered: true });
    const describe = (el) => el && `<${el.localName}${el.className ? ` class="${el.className}"` : ''}${el.getAttribute('src') ? ` src="${el.getAttribute('src')}"` : ''}>`;
    new PerformanceObserver((l) => { for (const e of l.getEntries()) { b.lcp = e.startTime; b.lcpElement = describe(e.element) ?? e.url; } })
      .observe({ type: 'largest-contentful-paint', buffered: true });
    new PerformanceObserver((l) => { for (const e of l.getEntries()) b.longTasks.push([e.startTime, e.duration]); })
      .observe({ type: 'longtask', buffered: true });
    new MutationObserver((_, obs) => {
      if (document.querySelector(sel)) {
        obs.disconnect();
        requestAnimationFrame(() => { b.content = performance.now(); });
      }
    }).observe(document, { childList: true, subtree: true });
  }, contentSel);
  return { context, page };
}

async function loadOnce(app, path, sel) {
  const { context, page } = await newPage(app, sel);
  await page.goto(app.base + path);
  await page.waitForFunction(() => window.__bench.content, null, { timeout: 60000 });
  // What comes after the first content (chunks, ads, images) has 2 s.
  await page.waitForTimeout(2000);
  const r = await page.evaluate(() => {
    const b = window.__bench;
    const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
    const bytes = (f) => entries.filter(f).reduce((n, e) => n + (e.transferSize || e.encodedBodySize || 0), 0);
    return {
      fcp: b.fcp, lcp: b.lcp, content: b.content, lcpElement: b.lcpElement,
      before: bytes((e) => e.startTime < b.content), after: bytes((e) => e.startTime >= b.content),
      longTasks: b.longTasks.length, longMs: b.longTasks.reduce((n, [, d]) => n + d, 0),
      blocking: b.longTasks.reduce((n, [, d]) => n + Math.max(0, d - 50), 0),
    };
  });
  await context.close();
  return r;
}

async function unthrottled(app, path, sel) {
  const rs = [];
  for (let i = 0; i < runs; i++) rs.push(await loadOnce(app, path, sel));
  const m = Object.fromEntries(Object.keys(rs[0]).map((k) => [k, median(rs.map((r) => r[k]))]));
  m.lcpElement = rs[rs.length - 1].lcpElement;
  return m;
}

// List ↔ article by the list's own link and history.back(), as a reader does.
async function memory(app) {
  const { context, page } = await newPage(app, app.listSel);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(app.base + app.list);
  await page.waitForFunction(() => window.__bench.content, null, { timeout: 60000 });
  const out = {};
  let done = 0;
  for (const n of navCounts) {
    for (; done < n; done++) {
      await page.locator(`a[href$="${app.article}"]`).first().click();
      // A locator, not waitForSelector: the ElementHandle that returns is kept
      // alive (by the DevTools protocol) until disposed, and 200 of them held
      // every old page's DOM, which the figures then counted as the app's.
      await page.locator(app.contentSel).first().waitFor({ timeout: 30000 });
      await page.goBack();
      await page.locator(app.listSel).first().waitFor({ timeout: 30000 });
    }
    await cdp.send('HeapProfiler.collectGarbage');
    const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const wasm = await page.evaluate(() => window.__bench.wasm?.memory?.buffer?.byteLength ?? 0);
    out[n] = { heap: metrics.JSHeapUsedSize, wasm };
  }
  await context.close();
  return out;
}

const results = {};
for (const app of apps) {
  const r = (results[app.name] = {});
  for (const [kind, path, sel] of [['list', app.list, app.listSel], ['article', app.article, app.contentSel]]) {
    process.stderr.write(`${app.name} ${kind}: lighthouse…\n`);
    r[kind] = { lh: await lighthouseMedian(app.base + path) };
    process.stderr.write(`${app.name} ${kind}: unthrottled…\n`);
    r[kind].raw = await unthrottled(app, path, sel);
  }
  process.stderr.write(`${app.name}: navigations…\n`);
  try { r.memory = await memory(app); } catch (e) { r.memory = null; process.stderr.write(`  navigations failed: ${e.message}\n`); }
}
await browser.close();
reference?.close();

// ---- The table.
const ms = (x) => (Number.isFinite(x) ? `${Math.round(x)} ms` : '–');
const s = (x) => (Number.isFinite(x) ? `${(x / 1000).toFixed(2)} s` : '–');
const kb = (x) => (Number.isFinite(x) ? `${(x / 1000).toFixed(1)} KB` : '–');
const mib = (x) => (Number.isFinite(x) ? `${(x / 1048576).toFixed(1)} MiB` : '–');
const num = (x, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : '–');
const rows = [];
for (const kind of ['list', 'article']) {
  const get = (name, f) => { try { const v = f(results[name][kind]); return v ?? NaN; } catch { return NaN; } };
  const row = (label, f, fmt) => rows.push([`${kind}: ${label}`, ...apps.map((a) => [get(a.name, f), fmt])]);
  row('Lighthouse performance', (r) => r.lh.score, num);
  row('FCP (Lighthouse)', (r) => r.lh.fcp, s);
  row('LCP (Lighthouse)', (r) => r.lh.lcp, s);
  row('Total Blocking Time', (r) => r.lh.tbt, ms);
  row('CLS', (r) => r.lh.cls, (x) => num(x, 3));
  row('Speed Index', (r) => r.lh.si, s);
  row('FCP, unthrottled', (r) => r.raw.fcp, ms);
  row('LCP, unthrottled', (r) => r.raw.lcp, ms);
  row(`${kind === 'list' ? 'list' : 'article text'} in the DOM, unthrottled`, (r) => r.raw.content, ms);
  row('bytes before it', (r) => r.raw.before, kb);
  row('bytes in the 2 s after it', (r) => r.raw.after, kb);
  row('long tasks (count)', (r) => r.raw.longTasks, num);
  row('long tasks (blocking ms)', (r) => r.raw.blocking, ms);
}
for (const n of navCounts) {
  rows.push([`JS heap after ${n} navigations`, ...apps.map((a) => [results[a.name].memory?.[n]?.heap ?? NaN, mib])]);
  rows.push([`wasm memory after ${n} navigations`, ...apps.map((a) => [results[a.name].memory?.[n]?.wasm ?? NaN, mib])]);
}
const header = ['figure', ...apps.map((a) => a.name), ...(reference ? ['ratio'] : [])];
console.log(`| ${header.join(' | ')} |`);
console.log(`|${header.map(() => '---').join('|')}|`);
for (const [label, ...cells] of rows) {
  const text = cells.map(([v, fmt]) => fmt(v));
  if (reference) {
    const [a, b] = cells.map(([v]) => v);
    text.push(Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? (a / b).toFixed(2) : '–');
  }
  console.log(`| ${label} | ${text.join(' | ')} |`);
}
for (const app of apps) {
  for (const kind of ['list', 'article']) {
    // Lighthouse 12.2.3 reports none with this Chromium (its TraceElements gatherer fails), hence both.
    console.log(`LCP element, ${app.name} ${kind}: Lighthouse ${results[app.name][kind].lh?.lcpElement ?? '–'}; unthrottled ${results[app.name][kind].raw?.lcpElement ?? '–'}`);
  }
}
