// The service worker against what goes wrong around it: an image host that
// fails once, a deploy while another tab still runs the old build, ad and
// tracking requests on a first visit, and paths that only look like the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { createServer } from 'node:http';
import { ROOT, DESKTOP, startServer, launchBrowser, newPage, waitForList, servedCopy as sharedServedCopy, editFeed } from './harness.mjs';

const DIST = path.join(ROOT, 'dist');
let server, browser;
const cleanup = [];
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => {
  await browser?.close();
  await server?.stop();
  for (const f of cleanup) await f();
});

const servedCopy = (change) => sharedServedCopy(cleanup, change);

async function workerReady(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20000 });
  await page.waitForFunction(() => caches.match(new URL('demo/feed.json', document.baseURI).href).then(Boolean),
    null, { timeout: 20000, polling: 100 });
}

/** Waits (polling, bounded) until `ready()` holds in this process. */
async function until(ready, what, timeout = 10000) {
  const end = Date.now() + timeout;
  while (!ready()) {
    if (Date.now() > end) assert.fail(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const appFolder = (dir) => readdirSync(dir).find((f) => /^bantin-[0-9a-f]{16}$/.test(f));

test('sw.js: only paths under /api/ (of the origin or the scope) count as the API', () => {
  const source = readFileSync(path.join(DIST, 'sw.js'), 'utf8');
  const scope = { self: { registration: { scope: 'http://x/tin-tuc/' }, location: new URL('http://x/tin-tuc/sw.js'), addEventListener() {} }, URL };
  vm.runInNewContext(source, scope);
  const api = (u) => scope.isApi(new URL(u));
  assert.ok(api('http://x/api/stats'));
  assert.ok(api('http://x/tin-tuc/api/stats'));
  assert.ok(api('http://counter.example/api/stats/views?path=/bai/x'));
  // A substring test took these for the API and never kept them offline.
  assert.ok(!api('http://x/tin-tuc/demo/feed.json?from=/api/'));
  assert.ok(!api('http://cdn.example/media/api/anh.jpg'));
});

test('a first visit hands the worker its own files and the images shown, not ad iframes or beacons', async () => {
  const page = await newPage(browser, { viewport: DESKTOP });
  await page.goto(server.url + '/');
  await waitForList(page, 5);
  const kept = await page.evaluate(async (base) => {
    const { firstVisitFiles } = await import(new URL('offline.js', document.baseURI).href);
    const e = (name, initiatorType) => ({ name, initiatorType });
    return firstVisitFiles([
      e(base + 'bantin-0123456789abcdef/bantin.js', 'script'),
      e(base + 'demo/feed.json', 'fetch'),
      e(base + 'ads/top-1.svg', 'img'),
      e(base + 'ads/frame.html', 'iframe'),
      e(base + 'api/ads/event', 'beacon'),
      e('https://cdn.example/anh/lua.jpg', 'img'),
      e('https://ads.example/tag.js', 'script'),
      e('https://ads.example/pixel.gif?id=1', 'beacon'),
      e('https://ads.example/frame', 'iframe'),
    ], base);
  }, server.url + '/');
  assert.deepEqual(kept, [
    server.url + '/bantin-0123456789abcdef/bantin.js', server.url + '/demo/feed.json',
    server.url + '/ads/top-1.svg', 'https://cdn.example/anh/lua.jpg',
  ]);
  await page.context().close();
});

test('an image host that failed once (opaque 503) is asked again, and the image shows offline', async () => {
  // An image host without CORS that answers 503 until it "recovers".
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200"><rect width="300" height="200" fill="#2a7"/></svg>';
  let failing = true;
  let served = 0;
  const images = createServer((req, res) => {
    if (failing) {
      res.writeHead(503, { 'content-type': 'text/html', 'cache-control': 'no-store' });
      return res.end('<h1>Wi-Fi login</h1>');
    }
    served++;
    res.writeHead(200, { 'content-type': 'image/svg+xml', 'cache-control': 'no-store' });
    res.end(svg);
  });
  await new Promise((r) => images.listen(0, '127.0.0.1', r));
  cleanup.push(() => new Promise((r) => images.close(r)));
  const src = `http://127.0.0.1:${images.address().port}/anh/ruong-lua.svg`;
  const { url } = await servedCopy((dir) => editFeed(dir, (feed) => {
    feed.items[0].content_html += `<figure><img src="${src}" width="300" height="200" alt="Ruộng lúa"></figure>`;
  }));

  const page = await newPage(browser, { viewport: DESKTOP, serviceWorkers: 'allow' });
  await page.goto(url + '/bai/kien-thuy-ntm-2025');
  await page.waitForSelector('h1.bt-article-title');
  await workerReady(page);
  await page.reload();
  await page.waitForSelector(`.bt-body img[src="${src}"]`);
  // The failure is what the worker holds now: opaque, so it cannot tell.
  await page.waitForFunction((src) => caches.match(src).then((r) => !!r && r.type === 'opaque'), src, { polling: 100, timeout: 10000 });

  failing = false;
  await page.reload();
  await page.waitForSelector(`.bt-body img[src="${src}"]`);
  await page.locator(`.bt-body img[src="${src}"]`).scrollIntoViewIfNeeded();
  // Shown from the cache, the opaque copy is fetched again behind it.
  await until(() => served > 0, 'the worker asked the host again');

  await page.context().setOffline(true);
  await page.reload();
  await page.waitForSelector('h1.bt-article-title');
  const img = page.locator(`.bt-body img[src="${src}"]`);
  await img.scrollIntoViewIfNeeded();
  await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle(), { timeout: 10000 });
  await page.context().close();
});

test('after an update, a tab still on the old build loads its chunks; the old files go when it closes', async () => {
  const { dir, url } = await servedCopy();
  const context = await browser.newContext({ viewport: DESKTOP, serviceWorkers: 'allow', bypassCSP: true });
  cleanup.push(() => context.close().catch(() => {}));
  const oldTab = await context.newPage();
  await oldTab.goto(url + '/');
  await waitForList(oldTab, 5);
  await workerReady(oldTab);
  const oldFolder = appFolder(dir);
  const shellsBefore = await oldTab.evaluate(() => caches.keys().then((k) => k.filter((n) => n.includes(' shell '))));
  assert.equal(shellsBefore.length, 1);

  // A deploy: the app's folder under a new name (the old one is gone from the server), a new
  // worker version. The bytes may be the same; the names and the version are what changed.
  const newFolder = 'bantin-' + 'f'.repeat(16);
  renameSync(path.join(dir, oldFolder), path.join(dir, newFolder));
  for (const f of ['index.html', 'sw.js']) {
    const p = path.join(dir, f);
    writeFileSync(p, readFileSync(p, 'utf8').replaceAll(oldFolder, newFolder)
      .replace(/^const VERSION = '.*';$/m, "const VERSION = 'e2e-update';"));
  }
  for (const f of ['index.html.br', 'index.html.gz']) try { unlinkSync(path.join(dir, f)); } catch {}

  const newTab = await context.newPage();
  await newTab.goto(url + '/');
  await waitForList(newTab, 5);
  const prompt = newTab.locator('.bt-offline[data-show~="update"] .bt-offline-update');
  await prompt.waitFor({ timeout: 20000 });
  await Promise.all([newTab.waitForEvent('load'), prompt.locator('button').click()]);
  await waitForList(newTab, 5);
  await newTab.waitForFunction(() => caches.keys().then((k) => k.some((n) => n.endsWith('shell e2e-update'))));

  // The old tab, now under the new worker, asks for a chunk of its own build (past the HTTP
  // cache, which may or may not still hold it: the worker's shell is what must).
  const status = await oldTab.evaluate((folder) => fetch(`${folder}/split_pages.wasm`, { cache: 'no-store' })
    .then((r) => r.status), oldFolder);
  assert.equal(status, 200, 'the old build\'s chunk is still served');
  assert.deepEqual(oldTab.errors ?? [], []);

  await oldTab.close();
  await newTab.reload();
  await waitForList(newTab, 5);
  await newTab.waitForFunction((old) => caches.keys().then((k) => !k.includes(old)), shellsBefore[0], { polling: 100, timeout: 10000 });
  const holders = () => newTab.evaluate(async (folder) => {
    const href = new URL(`${folder}/split_pages.wasm`, document.baseURI).href;
    const names = [];
    for (const name of await caches.keys()) if (await caches.open(name).then((c) => c.match(href))) names.push(name);
    return names;
  }, oldFolder);
  // Retiring finishes in the worker's own time (a task of its may still hold the old shell
  // open while the page already sees it gone): wait for no holder, bounded, then check.
  let holding = await holders();
  for (const end = Date.now() + 10000; holding.length && Date.now() < end;) {
    await new Promise((r) => setTimeout(r, 100));
    holding = await holders();
  }
  assert.deepEqual(holding, [], 'no cache holds the old build once no tab runs it');

  // A tab that loaded the old build may still hand its files to the worker to keep (a first
  // visit's list, sent late); with the old shell gone they are not kept elsewhere, even where
  // the server (or the HTTP cache) still answers for them.
  cpSync(path.join(dir, newFolder), path.join(dir, oldFolder), { recursive: true });
  const held = await newTab.evaluate((folder) => new Promise((ok) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (e) => ok(e.data);
    navigator.serviceWorker.controller.postMessage({ cache: [`${folder}/split_pages.wasm`] }, [channel.port2]);
  }), oldFolder);
  assert.equal(held, 0, 'the worker keeps none of an older build\'s files');
  assert.deepEqual(await holders(), [], 'and no cache holds them');
  await context.close();
});
