// Shared set-up for the end-to-end tests: the real bantin-server serving the
// release build in dist/ on a free loopback port, and Debian's Chromium driven
// by playwright-core (no browser is downloaded).
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
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
export async function newPage(browser, { viewport = DESKTOP, serviceWorkers = 'block', ...options } = {}) {
  const context = await browser.newContext({ viewport, serviceWorkers, ...options });
  const page = await context.newPage();
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
