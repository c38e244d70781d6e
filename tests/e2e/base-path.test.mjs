// bantin served under a base path, as a portal hosts it: the build made with
// `trunk build --public-url /tin-tuc/` (scripts/test.sh puts it in
// target/dist-tin-tuc), on a plain static host that falls back to index.html
// for addresses under /tin-tuc/ — the set-up the README documents. The portal's
// own pages live beside it on the same origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT, launchBrowser, newPage, waitForList } from './harness.mjs';

const DIST = path.join(ROOT, 'target/dist-tin-tuc');
const BASE = '/tin-tuc/';
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.webmanifest': 'application/manifest+json' };

let server, origin, browser;
const requested = [];

before(async () => {
  if (!existsSync(path.join(DIST, 'index.html'))) {
    throw new Error(`${DIST} is missing: scripts/test.sh builds it (trunk build --public-url ${BASE})`);
  }
  server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requested.push(pathname);
    if (pathname === '/') {
      res.writeHead(200, { 'content-type': TYPES['.html'] });
      return res.end('<!doctype html><title>Cổng thông tin</title><a href="/tin-tuc/">Tin tức</a>');
    }
    if (!pathname.startsWith(BASE)) { res.writeHead(404); return res.end('not found'); }
    let file = path.join(DIST, pathname.slice(BASE.length));
    if (!file.startsWith(DIST)) { res.writeHead(400); return res.end(); }
    // The static host's fallback: an address that is no file is the app's.
    if (!existsSync(file) || statSync(file).isDirectory()) file = path.join(DIST, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await new Promise((r) => server?.close(r)); });

/** A page whose only failing requests may be the counter service's (/api/…),
 *  which a plain static host does not run; the browser logs those itself. */
async function basePage() {
  const page = await newPage(browser);
  page.missing = [];
  page.on('response', (r) => { if (r.status() >= 400) page.missing.push(new URL(r.url()).pathname); });
  return page;
}

function assertClean(page) {
  assert.deepEqual(page.missing.filter((p) => !p.startsWith('/api/')), [], 'only the counter service is missing');
  const missing = page.missing.length;
  const errors = page.errors.filter((e) => !e.includes('Failed to load resource'));
  assert.deepEqual(errors, []);
  assert.equal(page.errors.length - errors.length, missing, 'every logged failure is a request to /api/');
}

test('under /tin-tuc/: list, article, reload on its address, back — every URL keeps the base', async () => {
  const page = await basePage();
  requested.length = 0;
  await page.goto(origin + BASE);
  await waitForList(page, 5);
  assert.ok(requested.includes(`${BASE}config.json`), 'config.json comes from the base');
  assert.ok(requested.includes(`${BASE}demo/feed.json`), 'the feed resolves against the base');

  const link = page.locator('.bt-list > .bt-card').first().locator('.bt-card-title a');
  const href = await link.getAttribute('href');
  assert.match(href, /^\/tin-tuc\/bai\/[^/]+$/);
  const title = (await link.textContent()).trim();
  await link.click();
  await page.waitForSelector('h1.bt-article-title');
  assert.equal(new URL(page.url()).pathname, href);
  assert.equal((await page.locator('h1').textContent()).trim(), title);

  // A reload is a deep link: config.json must still come from the base, not
  // from /tin-tuc/bai/.
  requested.length = 0;
  await page.reload();
  await page.waitForSelector('h1.bt-article-title');
  assert.equal((await page.locator('h1').textContent()).trim(), title);
  assert.ok(requested.includes(`${BASE}config.json`));
  assert.ok(!requested.some((p) => p.startsWith(`${BASE}bai/`) && p.endsWith('.json')), requested.join(' '));

  // The header's links stay under the base too.
  const home = await page.locator('.bt-nav a').first().getAttribute('href');
  assert.equal(home, BASE);
  await page.goBack();
  await waitForList(page, 5);
  assert.equal(new URL(page.url()).pathname, BASE);
  assertClean(page);
  await page.context().close();
});

test('under /tin-tuc/: an unknown address inside the base gets the app\'s not-found page', async () => {
  const page = await basePage();
  await page.goto(origin + BASE + 'khong-co-trang-nay');
  await page.waitForSelector('.bt-not-found');
  assert.match(await page.locator('h1').textContent(), /Không tìm thấy/i);
  // Its way on leads back to the list under the base.
  const back = page.locator('.bt-not-found a').first();
  assert.equal(await back.getAttribute('href'), BASE);
  await back.click();
  await waitForList(page, 5);
  assert.equal(new URL(page.url()).pathname, BASE);
  assertClean(page);
  await page.context().close();
});
