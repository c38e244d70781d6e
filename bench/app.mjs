// App benchmark: time from navigation to the first list painted, and memory,
// for the demo feed and generated 1,000 / 10,000-item feeds; plain desktop and
// a throttled "cheap phone" (4x CPU slowdown, ~1.6 Mbps, 150 ms RTT).
// Also the app's code (wasm+js, as sent) fetched before the first list and after it.
// The same for a WordPress source (the fake WordPress of the e2e tests, serving
// ../shared/testdata/wordpress), whose first list also waits for the WordPress
// client's chunk: its "code before the first list" is that source's first load.
// Prints figures; asserts nothing. Usage: node bench/app.mjs http://127.0.0.1:PORT
import { chromium } from 'playwright-core';
import { readFileSync, existsSync } from 'node:fs';
import { startWordPress } from '../tests/e2e/fake-wordpress.mjs';

const base = process.argv[2];
const runs = Number(process.env.RUNS ?? 5);
const feeds = [['demo (20/page)', null]];
for (const [name, file] of [['1,000 items', 'bench/out/feed-1k.json'], ['10,000 items', 'bench/out/feed-10k.json']]) {
  if (existsSync(file)) feeds.push([name, file]);
}
const wordpress = existsSync('../shared/testdata/wordpress') ? await startWordPress() : null;
if (wordpress) feeds.push(['WordPress (5/page)', 'wordpress']);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

async function once(feedFile, phone) {
  const context = await browser.newContext({ viewport: phone ? { width: 390, height: 844 } : { width: 1366, height: 768 }, bypassCSP: true });
  const page = await context.newPage();
  if (feedFile === 'wordpress') {
    const config = JSON.parse(readFileSync('demo/config.json', 'utf8'));
    config.source = { kind: 'wordpress', url: wordpress.api, per_page: 5 };
    delete config.comments;
    await page.route('**/config.json*', (r) => r.fulfill({ contentType: 'application/json', body: JSON.stringify(config) }));
    // The captured posts' images are on hosts this machine cannot reach.
    await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (r) => r.fulfill({ contentType: 'image/svg+xml', body: '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"/>' }));
  } else if (feedFile) {
    const config = JSON.parse(readFileSync('demo/config.json', 'utf8'));
    config.source = { kind: 'jsonfeed', url: 'bench-feed.json' };
    delete config.ads; delete config.stats;
    const body = readFileSync(feedFile);
    // Also the page's early "config.json?hint" request, so the hint names this feed too.
    await page.route('**/config.json*', (r) => r.fulfill({ contentType: 'application/json', body: JSON.stringify(config) }));
    await page.route('**/bench-feed.json', (r) => r.fulfill({ contentType: 'application/json', body }));
  }
  await page.addInitScript(() => {
    window.__bench = {};
    addEventListener('TrunkApplicationStarted', (e) => { window.__bench.wasm = e.detail?.wasm; });
    new MutationObserver((_, obs) => {
      if (document.querySelector('.bt-list > .bt-card')) {
        obs.disconnect();
        requestAnimationFrame(() => { window.__bench.firstList = performance.now(); });
      }
    }).observe(document, { childList: true, subtree: true });
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  if (phone) {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 1.6 * 1024 * 1024 / 8, uploadThroughput: 750 * 1024 / 8 });
  }
  await page.goto(base + '/');
  await page.waitForFunction(() => window.__bench.firstList, null, { timeout: 120000 });
  const firstList = await page.evaluate(() => window.__bench.firstList);
  const cards = await page.evaluate(() => document.querySelectorAll('.bt-list > .bt-card').length);
  const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const wasmBytes = await page.evaluate(() => window.__bench.wasm?.memory?.buffer?.byteLength ?? 0);
  // The app's code as sent (encoded: compressed when the server compresses), fetched
  // before the first list and in the 2 s after it (the lazily loaded chunks).
  await page.waitForTimeout(2000);
  const code = await page.evaluate((t) => {
    const sum = (f) => performance.getEntriesByType('resource')
      .filter((e) => /\.(wasm|js)$/.test(new URL(e.name).pathname) && !/\/sw\.js$/.test(e.name) && f(e))
      .reduce((n, e) => n + e.encodedBodySize, 0);
    return { before: sum((e) => e.startTime < t), after: sum((e) => e.startTime >= t) };
  }, firstList);
  await context.close();
  return { firstList, cards, heap: metrics.JSHeapUsedSize, nodes: metrics.Nodes, wasmBytes, code };
}

console.log(`time to first list (median of ${runs}), memory after it:`);
for (const [name, file] of feeds) {
  for (const phone of [false, true]) {
    const results = [];
    for (let i = 0; i < runs; i++) results.push(await once(file, phone));
    const r = results[results.length - 1];
    console.log(`  ${name.padEnd(15)} ${phone ? 'phone (4x CPU, 1.6 Mbps)' : 'desktop (no throttle)   '}  first list ${median(results.map((x) => x.firstList)).toFixed(0).padStart(5)} ms` +
      `  code ${(r.code.before / 1000).toFixed(1)} KB before it, ${(r.code.after / 1000).toFixed(1)} KB after` +
      `  cards ${String(r.cards).padStart(5)}  JS heap ${(r.heap / 1048576).toFixed(1)} MiB  wasm memory ${(r.wasmBytes / 1048576).toFixed(1)} MiB  DOM nodes ${r.nodes}`);
  }
}
await browser.close();
await wordpress?.stop();
