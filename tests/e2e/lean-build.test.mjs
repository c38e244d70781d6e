// The reader built without its optional features (`--no-default-features`: no
// ads, no visitor box, no offline reading), as a portal that wants only the
// news would build it (scripts/test.sh puts it in target/dist-lean). The
// reader must work the same; the features must be absent, not broken.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, PHONE, DESKTOP, startServer, launchBrowser, newPage, waitForList } from './harness.mjs';

const DIST = path.join(ROOT, 'target/dist-lean');
let server, browser;
before(async () => {
  if (!existsSync(path.join(DIST, 'index.html'))) {
    throw new Error(`${DIST} is missing: scripts/test.sh builds it (--no-default-features)`);
  }
  server = await startServer({ dist: DIST });
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

test('without optional features: the list and an article read as usual, with no ads, visitor box or saving', async () => {
  const page = await newPage(browser, { viewport: PHONE, serviceWorkers: 'allow' });
  const api = [];
  const snippets = [];
  page.on('request', (r) => {
    const p = new URL(r.url()).pathname;
    if (p.startsWith('/api/')) api.push(p);
    if (p.includes('/snippets/') || p.endsWith('/offline.js')) snippets.push(p);
  });
  await page.goto(server.url + '/');
  await waitForList(page, 5);
  assert.equal(await page.locator('.bt-nav a[href$="/da-luu"]').count(), 0, 'no "Đã lưu" link');
  assert.ok(await page.locator('.bt-nav a[href*="/muc/"]').count() > 0, 'the sections are there');
  await page.locator('.bt-list > .bt-card').first().locator('.bt-card-title a').click();
  await page.waitForSelector('h1.bt-article-title');
  assert.ok(await page.locator('.bt-body p').count() >= 2, 'the body is there');
  // The config has ads and stats; this build ignores them.
  assert.equal(await page.locator('.bt-ad-slot, .bt-ad-box, .bt-visitors, .bt-views, .bt-save').count(), 0);
  assert.deepEqual(api, [], 'no hits, heartbeats or ad beacons');
  // The one wasm-bindgen snippet (src/platform/js.rs: the lead picture's wait, which every build
  // has, beside offline.js's import) is fetched; offline.js, what offline reading is made of, is not.
  assert.deepEqual(snippets.filter((p) => !/\/snippets\/[^/]+\/inline0\.js$/.test(p)), [], 'no JS of the features it leaves out (offline.js)');
  assert.ok(snippets.length <= 1, `one snippet at most: ${snippets.join(' ')}`);
  // "Đã lưu" is not a page of this build.
  await page.goto(server.url + '/da-luu');
  await page.waitForSelector('.bt-not-found');
  assert.equal(await page.evaluate(() => navigator.serviceWorker.getRegistrations().then((r) => r.length)), 0,
    'no service worker');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('on a desktop, nothing for the sidebar means no empty column: the news sits centred at a readable width', async () => {
  const page = await newPage(browser, { viewport: DESKTOP });
  await page.goto(server.url + '/');
  await waitForList(page, 5);
  assert.ok(await page.locator('.bt-sidebar').isHidden(), 'no sidebar column');
  const main = await page.locator('#bt-main').boundingBox();
  assert.ok(main.width <= 52 * 16 + 1, `main is ${main.width}px wide`);
  const right = DESKTOP.width - (main.x + main.width);
  assert.ok(Math.abs(main.x - right) < 24, `centred: ${main.x}px left, ${right}px right`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a portal that redeploys the lean build over the full one loses the full build\'s worker', async () => {
  // The full build, served from a folder the portal then replaces with the lean build.
  const dir = mkdtempSync(path.join(tmpdir(), 'bantin-redeploy-'));
  cpSync(path.join(ROOT, 'dist'), dir, { recursive: true });
  const portal = await startServer({ dist: dir });
  const page = await newPage(browser, { viewport: DESKTOP, serviceWorkers: 'allow' });
  try {
    await page.goto(portal.url + '/');
    await waitForList(page, 5);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20000 });

    rmSync(dir, { recursive: true, force: true });
    cpSync(DIST, dir, { recursive: true });
    await page.goto(portal.url + '/');
    await waitForList(page, 5);
    assert.equal(await page.locator('.bt-save').count(), 0, 'the lean build runs');
    await page.waitForFunction(
      () => navigator.serviceWorker.getRegistrations().then((r) => r.length === 0),
      null, { timeout: 10000, polling: 200 },
    );
  } finally {
    await page.context().close();
    await portal.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
