// Shared set-up for the end-to-end tests: the real bantin-server serving the
// release build in dist/ on a free loopback port, and Debian's Chromium driven
// by playwright-core (no browser is downloaded).
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, existsSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const SERVER = process.env.BANTIN_SERVER ?? path.join(ROOT, 'target/server/bantin-server');

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1366, height: 768 };

/** Starts bantin-server on 127.0.0.1 (a free port, or `addr` such as '127.0.0.1:8123' to come back on
 * the same one) with a fresh data dir (or `data`); resolves once it listens. */
export async function startServer({ dist = path.join(ROOT, 'dist'), data, addr = '127.0.0.1:0', args = [] } = {}) {
  if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: run scripts/test.sh (it builds it)`);
  const dataDir = data ?? mkdtempSync(path.join(tmpdir(), 'bantin-e2e-'));
  const child = spawn(SERVER, ['--addr', addr, '--dist', dist, '--data', dataDir, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 15000);
    const onData = (chunk) => {
      output += chunk;
      const m = output.match(/listening on (http:\/\/[\d.]+:\d+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}:\n${output}`)); });
  });
  return {
    url,
    dataDir,
    child,
    async stop({ keepData = false } = {}) {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      }
      if (!keepData && !data) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** A page that records console errors and uncaught exceptions (a wasm panic is one).
 *  Service workers are blocked unless asked for: a request the worker answers never
 *  reaches `page.route`, so tests that fake a feed or a failure need them off
 *  (the offline tests turn them on with `serviceWorkers: 'allow'`). */
export async function newPage(browser, { viewport = DESKTOP, serviceWorkers = 'block', bypassCSP = true, ...options } = {}) {
  // bantin-server sends a Content-Security-Policy without 'unsafe-inline': the tests' own
  // instrumentation (init scripts, axe-core) is inline, so it is let through here.
  // reader.test.mjs runs the app under the policy itself, with no instrumentation.
  const context = await browser.newContext({ viewport, serviceWorkers, bypassCSP, ...options });
  const page = await context.newPage();
  // Every HTML-parsing sink the app's own code reaches is an error: a page with Trusted Types
  // refuses them (docs/embed.md; Leptos makes "inert HTML" through innerHTML). Only calls from
  // the app's modules count (the tests' own tools, such as axe-core, are not the app's).
  await context.addInitScript(() => {
    const ours = () => /\/bantin-[0-9a-f]{16}\//.test(new Error().stack ?? '');
    const report = (sink, value) => console.error(`bantin used ${sink}: ${String(value).slice(0, 200)}`);
    for (const name of ['innerHTML', 'outerHTML']) {
      const own = Object.getOwnPropertyDescriptor(Element.prototype, name);
      Object.defineProperty(Element.prototype, name, {
        ...own, set(value) { if (ours()) report(name, value); own.set.call(this, value); },
      });
    }
    const insert = Element.prototype.insertAdjacentHTML;
    Element.prototype.insertAdjacentHTML = function (where, value) {
      if (ours()) report('insertAdjacentHTML', value);
      return insert.call(this, where, value);
    };
  });
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(`console: ${m.text()}`); });
  return page;
}

/** Waits until the news list shows at least `n` items. */
export async function waitForList(page, n = 1) {
  await page.waitForFunction((n) => document.querySelectorAll('.bt-list > .bt-card').length >= n, n, { timeout: 15000 });
}

export const FIRST_TITLE = 'Huyện Kiến Thuỵ tập trung thực hiện đồng bộ các giải pháp để xây dựng thành công huyện NTM vào năm 2025';

/** Resolves with `check()`'s first truthy value (it may be async), asking every `interval` ms; fails
 *  after `timeout` ms naming `what`. For conditions outside the page (the server's figures, requests
 *  seen by the test); inside the page, `page.waitForFunction` does the same. */
export async function until(check, { timeout = 10000, interval = 50, what = 'a condition' } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** Records in the page every `navigator.sendBeacon` call as it is made: unlike request events, which
 *  reach the test a little later, the record is complete the moment the call returns, so a test that
 *  advances Playwright's clock can tell exactly what the timers it ran sent. Read with `beaconsSent`. */
export async function logBeacons(page) {
  await page.addInitScript(() => {
    const send = Navigator.prototype.sendBeacon;
    window.__beacons = [];
    Navigator.prototype.sendBeacon = function (url, data) {
      window.__beacons.push({ url: String(url), body: typeof data === 'string' ? data : null });
      return send.call(this, url, data);
    };
  });
}

/** The beacons sent so far whose URL contains `part`, their bodies parsed. */
export async function beaconsSent(page, part = '') {
  const all = await page.evaluate(() => window.__beacons ?? []);
  return all.filter((b) => b.url.includes(part)).map((b) => ({ url: b.url, ...JSON.parse(b.body ?? '{}') }));
}

/** Resolves once the browser has worked out where `selector` (default: the root element) now is in the
 *  viewport, after whatever the test did before (a scroll), with its visible fraction. A fresh
 *  IntersectionObserver reports in the next rendering update, after the page's own observers' reports
 *  of that update: once it has, the app has seen the same. Not a timer, so it works under a paused clock. */
export function visibleFraction(page, selector = ':root') {
  return page.evaluate((selector) => new Promise((resolve) => {
    const el = document.querySelector(selector);
    if (!el) return resolve(null);
    const io = new IntersectionObserver(([entry]) => { io.disconnect(); resolve(entry.intersectionRatio); }, { threshold: [0, 0.5, 1] });
    io.observe(el);
  }), selector);
}

/** Resolves once the page has rendered `n` more frames (a layout shift is reported with its frame).
 *  Not for a page under a paused Playwright clock, whose requestAnimationFrame waits for the clock. */
export function afterFrames(page, n = 2) {
  return page.evaluate((n) => new Promise((resolve) => {
    const step = (k) => (k ? requestAnimationFrame(() => step(k - 1)) : resolve());
    step(n);
  }), n);
}

/** Resolves once the tasks the page has already queued with a zero delay (work an app defers "until
 *  after this render") have run: an ordering barrier, not a wait for time to pass. */
export function afterQueuedTasks(page) {
  return page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
}

/** Playwright's clock (`page.clock.install`), with the timer handles the page sees renumbered from 1:
 *  the clock numbers its timers from 1e12, beyond the 32-bit integers that web-sys (and so the app)
 *  keeps handles in, so without this a `clearTimeout` from the app would clear nothing. */
export async function installClock(page, options) {
  await page.clock.install(options);
  await page.addInitScript(() => {
    const handles = new Map();
    let next = 1;
    for (const [set, clear] of [['setTimeout', 'clearTimeout'], ['setInterval', 'clearInterval'],
      ['requestAnimationFrame', 'cancelAnimationFrame']]) {
      const setIt = window[set];
      const clearIt = window[clear];
      window[set] = function (...args) {
        const handle = next++;
        handles.set(handle, setIt.apply(this, args));
        return handle;
      };
      window[clear] = function (handle) {
        clearIt.call(this, handles.get(handle));
        handles.delete(handle);
      };
    }
  });
}

/** A copy of dist/ to change (a new deploy, a broken worker, an edited feed), served by its own
 *  server; what stops it and removes the copy goes into `cleanup`. */
export async function servedCopy(cleanup, change = () => {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'bantin-dist-'));
  cpSync(path.join(ROOT, 'dist'), dir, { recursive: true });
  change(dir);
  const copy = await startServer({ dist: dir });
  cleanup.push(async () => { await copy.stop(); rmSync(dir, { recursive: true, force: true }); });
  return { dir, url: copy.url };
}

/** Changes the demo feed's first page in a served copy (and drops its precompressed twins). */
export function editFeed(dir, change) {
  const feedPath = path.join(dir, 'demo/feed.json');
  const feed = JSON.parse(readFileSync(feedPath, 'utf8'));
  change(feed);
  writeFileSync(feedPath, JSON.stringify(feed));
  for (const f of ['feed.json.br', 'feed.json.gz']) try { unlinkSync(path.join(dir, 'demo', f)); } catch {}
}
