// Offline reading, as a reader meets it: the app and the last list open without a network, read
// articles stay readable, unread ones say so, saved articles survive a browser restart, a new
// deploy offers "Tải lại", the list refreshes when the network returns, and a broken service
// worker changes nothing. Plus the trimming rules of offline.js and sw.js, run directly in node.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { createServer } from 'node:http';
import { ROOT, FIRST_TITLE, DESKTOP, startServer, launchBrowser, newPage, waitForList, afterFrames, afterQueuedTasks, servedCopy as sharedServedCopy, editFeed } from './harness.mjs';

const DIST = path.join(ROOT, 'dist');
const BANNER = 'Bạn đang ngoại tuyến — đang hiển thị tin đã lưu';
const UNSAVED = 'Bài này chưa được lưu để đọc offline';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

let server, browser;
const cleanup = [];
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => {
  await browser?.close();
  await server?.stop();
  for (const f of cleanup) await f();
});

const servedCopy = (change) => sharedServedCopy(cleanup, change);

/** Waits until the service worker controls the page and has kept `paths` (relative to the base). */
async function offlineReady(page, paths = ['demo/feed.json', 'config.json']) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20000 });
  await page.waitForFunction(async (paths) => {
    for (const p of paths) if (!(await caches.match(new URL(p, document.baseURI).href))) return false;
    return true;
  }, paths, { timeout: 20000, polling: 100 });
}

const banner = (page) => page.locator('.bt-offline[data-show~="offline"] .bt-offline-banner');
const updatePrompt = (page) => page.locator('.bt-offline[data-show~="update"] .bt-offline-update');

/** A page in a fresh context, with its errors recorded (a wasm panic is one). */
async function freshPage(options) {
  return newPage(browser, { viewport: DESKTOP, serviceWorkers: 'allow', ...options });
}

function persistent(dir) {
  return chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ARGS, viewport: DESKTOP, bypassCSP: true,
  });
}

// ---------------------------------------------------------------- the pure rules, in node

test('sw.js trims a cache to its count and byte caps, newest kept, and its precache list is generated', () => {
  const source = readFileSync(path.join(DIST, 'sw.js'), 'utf8');
  const scope = { self: { registration: { scope: 'http://x/' }, location: new URL('http://x/sw.js'), addEventListener() {} }, URL };
  vm.runInNewContext(source, scope);
  const { toTrim } = scope;
  const e = (url, size, time) => ({ url, size, time });
  const entries = [e('old', 10, 1), e('new', 10, 3), e('mid', 10, 2)];
  assert.deepEqual(toTrim(entries, { count: 5, bytes: 100 }), []);
  assert.deepEqual(toTrim(entries, { count: 2, bytes: 100 }), ['old']);
  assert.deepEqual(toTrim(entries, { count: 5, bytes: 25 }), ['old']);
  assert.deepEqual(toTrim(entries, { count: 5, bytes: 15 }), ['mid', 'old']);
  assert.deepEqual(toTrim([e('huge', 50, 9), e('small', 1, 1)], { count: 5, bytes: 20 }), ['huge', 'small'],
    'once over the cap, everything older goes too');
  // The build wrote a real list (the files finalize.mjs named) and a version into the worker.
  const version = source.match(/^const VERSION = '([0-9a-f]{16})';$/m);
  const list = JSON.parse(source.match(/^const PRECACHE = (\[.*\]);$/m)[1]);
  assert.ok(version, 'a 16-hex version');
  assert.ok(list.includes('index.html') && list.includes('manifest.webmanifest'));
  // The app's folder is named by the hash of its files.
  assert.ok(list.some((f) => /^bantin-[0-9a-f]{16}\/bantin_bg\.wasm$/.test(f)), `the wasm in ${list}`);
  assert.ok(list.some((f) => /^bantin-[0-9a-f]{16}\/split_article\.wasm$/.test(f)), `the article chunk in ${list}`);
  assert.ok(list.includes('offline.js'), 'offline.js, which the offline chunk imports');
  assert.ok(list.some((f) => /^bantin-[0-9a-f]{16}\/snippets\/.*\.js$/.test(f)), 'the wasm-bindgen snippet');
  assert.ok(!list.includes('sw.js') && !list.some((f) => f.startsWith('demo/')));
  for (const f of list) readFileSync(path.join(DIST, f)); // every listed file exists
});

test('offline.js keeps every saved copy and only the newest automatic ones', async () => {
  globalThis.navigator ??= {};
  const { trim } = await import(path.join(ROOT, 'src/offline/offline.js'));
  const r = (id, saved, saved_at) => ({ id, saved, saved_at });
  const [stay, drop] = trim([r('k1', false, 1), r('s1', true, 0), r('k3', false, 3), r('k2', false, 2), r('s2', true, 9)], 2);
  assert.deepEqual(stay.map((x) => x.id), ['s2', 'k3', 'k2', 's1'], 'newest first, saved always stay');
  assert.deepEqual(drop.map((x) => x.id), ['k1']);
  assert.deepEqual(trim([r('s', true, 1)], 0)[1], []);
});

// ---------------------------------------------------------------- in Chromium

test('after one online visit the app and the last list open offline, with a calm banner', async () => {
  const page = await freshPage();
  await page.goto(server.url + '/');
  await waitForList(page, 20);
  await offlineReady(page);
  assert.equal(await banner(page).count(), 0, 'no banner online');

  await page.context().setOffline(true);
  await banner(page).waitFor();
  assert.equal((await banner(page).textContent()).trim(), BANNER);

  await page.reload();
  await waitForList(page, 20);
  assert.equal((await page.locator('.bt-card-title').first().textContent()).trim(), FIRST_TITLE);
  await banner(page).waitFor();
  assert.equal(await page.evaluate(() => navigator.onLine), false);
  // An absolute path under the public URL: a release index.html has no <base> (docs/embed.md).
  assert.equal(await page.getAttribute('link[rel="manifest"]', 'href'), '/manifest.webmanifest');
  // Another in-app address opens offline too (the cached index.html, the app routes).
  await page.goto(server.url + '/da-luu');
  await page.waitForSelector('h1#bt-saved-title');
  assert.deepEqual(page.errors.filter((e) => !/net::ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(e)), []);
  await page.context().close();
});

test('an article read online opens offline with its text and images; an unread one says so', async () => {
  const page = await freshPage();
  await page.goto(server.url + '/');
  await waitForList(page, 20);
  await offlineReady(page);
  // Read one on the second page of the list (after "Xem thêm"), with an image in its body.
  await page.locator('.bt-more button').click();
  await waitForList(page, 40);
  await page.locator('.bt-card-title a[href$="/bai/the-thao-00021"]').click();
  await page.waitForSelector('.bt-body img');
  const title = await page.locator('h1').textContent();
  const image = await page.locator('.bt-body img').first().getAttribute('src');
  // Opening it kept its images (asked of the worker), not only what scrolled into view.
  await page.waitForFunction((src) => caches.match(src).then(Boolean), image, { polling: 100, timeout: 10000 });

  await page.context().setOffline(true);
  await page.reload();
  await page.waitForSelector('h1.bt-article-title');
  assert.equal(await page.locator('h1').textContent(), title);
  assert.ok((await page.locator('.bt-body p').count()) >= 2, 'the text is there');
  const img = page.locator('.bt-body img').first();
  await img.scrollIntoViewIfNeeded();
  await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle(), { timeout: 10000 });
  await banner(page).waitFor();

  // Never opened, on a page of the feed never loaded: a calm message with ways on.
  await page.goto(server.url + '/bai/thoi-su-00058');
  await page.waitForSelector('.bt-offline-missing');
  assert.equal(await page.locator('h1').textContent(), UNSAVED);
  assert.match(await page.title(), new RegExp(UNSAVED));
  await page.locator('.bt-offline-missing a', { hasText: 'Về trang tin mới' }).click();
  await waitForList(page, 20);
  assert.equal(new URL(page.url()).pathname, '/');
  await page.context().close();
});

test('an image from another origin that sends no CORS headers is kept and shows offline', async () => {
  // The publisher's image host: plain files, no Access-Control-Allow-Origin.
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200"><rect width="300" height="200" fill="#2a7"/></svg>';
  const images = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'image/svg+xml', 'cache-control': 'no-store' });
    res.end(svg);
  });
  await new Promise((r) => images.listen(0, '127.0.0.1', r));
  cleanup.push(() => new Promise((r) => images.close(r)));
  const src = `http://127.0.0.1:${images.address().port}/anh/ruong-lua.svg`;
  assert.notEqual(new URL(src).origin, new URL(server.url).origin);

  const { url } = await servedCopy((dir) => editFeed(dir, (feed) => {
    feed.items[0].content_html += `<figure><img src="${src}" width="300" height="200" alt="Ruộng lúa"></figure>`;
  }));
  const page = await freshPage();
  await page.goto(url + '/');
  await waitForList(page, 20);
  await offlineReady(page);
  await page.locator('.bt-card-title a[href$="/bai/kien-thuy-ntm-2025"]').click();
  await page.waitForSelector(`.bt-body img[src="${src}"]`);
  // Opening the article asked the worker to keep its images: this one as an opaque copy.
  await page.waitForFunction((src) => caches.match(src).then((r) => !!r && r.type === 'opaque'), src, { polling: 100, timeout: 10000 });

  await page.context().setOffline(true);
  await page.reload();
  await page.waitForSelector('h1.bt-article-title');
  const img = page.locator(`.bt-body img[src="${src}"]`);
  await img.scrollIntoViewIfNeeded();
  await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle(), { timeout: 10000 });
  // Offline, the browser notes the requests that cannot go out (the counter service); nothing else.
  assert.deepEqual(page.errors.filter((e) => !/net::ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(e)), []);
  await page.context().close();
});

test('save buttons say what is saved: three saved from the list, one unsaved on "Đã lưu", the rest stay "Đã lưu"', async () => {
  const page = await freshPage();
  await page.goto(server.url + '/');
  await waitForList(page, 20);
  const buttons = page.locator('.bt-list > .bt-card button.bt-save');
  for (const i of [0, 1, 2]) {
    const save = buttons.nth(i);
    await save.click();
    await page.waitForFunction((el) => el.getAttribute('aria-pressed') === 'true', await save.elementHandle());
  }
  assert.equal(await page.locator('.bt-list > .bt-card button.bt-save[aria-pressed="true"]').count(), 3);
  // On the saved page (reached in the app, as a reader does), unsave the first card.
  await page.locator('.bt-nav a', { hasText: 'Đã lưu' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.bt-card button.bt-save').length === 3);
  await page.locator('.bt-card button.bt-save').first().click();
  await page.waitForFunction(() => document.querySelectorAll('.bt-card button.bt-save').length === 2);
  // The card that moved up into the first row is still saved, and says so (once the buttons have
  // been set from the records, in a task the change queued).
  await afterQueuedTasks(page);
  assert.deepEqual(
    await page.locator('.bt-card button.bt-save').evaluateAll((els) => els.map((e) => e.getAttribute('aria-pressed'))),
    ['true', 'true'],
  );
  // Back on the list, the unsaved one says "Lưu bài" again and the others "Đã lưu".
  await page.locator('.bt-nav a', { hasText: 'Trang chủ' }).click();
  await waitForList(page, 20);
  await afterQueuedTasks(page);
  assert.deepEqual(
    await buttons.evaluateAll((els) => els.slice(0, 3).map((e) => e.getAttribute('aria-pressed')).sort()),
    ['false', 'true', 'true'],
  );
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a saved article survives a browser restart and opens offline from the saved page', async () => {
  const profile = mkdtempSync(path.join(tmpdir(), 'bantin-profile-'));
  cleanup.push(() => rmSync(profile, { recursive: true, force: true }));
  let context = await persistent(profile);
  let page = context.pages()[0] ?? (await context.newPage());
  await page.goto(server.url + '/');
  await waitForList(page, 20);
  await offlineReady(page);
  await page.locator('.bt-more button').click();
  await waitForList(page, 40);
  const card = page.locator('.bt-card', { has: page.locator('a[href$="/bai/nong-thon-moi-00020"]') });
  const title = (await card.locator('.bt-card-title').textContent()).trim();
  const save = card.locator('button.bt-save');
  assert.equal(await save.getAttribute('aria-pressed'), 'false');
  assert.equal((await save.locator('.bt-save-off').textContent()), 'Lưu bài');
  await save.click();
  await page.waitForFunction((el) => el.getAttribute('aria-pressed') === 'true', await save.elementHandle());
  assert.ok(await save.locator('.bt-save-on').isVisible(), '"Đã lưu" shows');
  // And on the article page the same toggle says so.
  await card.locator('.bt-card-title a').click();
  await page.waitForSelector('.bt-save-row button[aria-pressed="true"]');
  await context.close();

  context = await persistent(profile);
  page = context.pages()[0] ?? (await context.newPage());
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  // The feed pages are no longer cached (evicted, say): the copy in IndexedDB must carry it.
  await page.goto(server.url + '/');
  await waitForList(page, 20);
  await page.evaluate(async () => {
    for (const k of await caches.keys()) if (k.includes(' data ')) await caches.delete(k);
  });
  await context.setOffline(true);
  await page.goto(server.url + '/da-luu');
  const item = page.locator('.bt-saved-list .bt-card');
  await item.first().waitFor();
  assert.equal(await item.count(), 1);
  assert.equal((await item.locator('.bt-card-title').textContent()).trim(), title);
  assert.match(await item.locator('.bt-saved-when').textContent(), /^Lưu lúc \d\d\/\d\d\/\d{4} \d\d:\d\d$/);
  assert.match(await page.locator('.bt-saved-info').textContent(), /Dung lượng đã dùng trên máy: [\d,]+ (B|KB|MB)\./);
  await item.locator('.bt-card-title a').click();
  await page.waitForSelector('h1.bt-article-title');
  assert.equal(await page.locator('h1').textContent(), title);
  assert.ok((await page.locator('.bt-body p').count()) >= 2);
  await banner(page).waitFor();

  // Removing it ("Đã lưu" again) empties the list.
  await page.goto(server.url + '/da-luu');
  await item.first().waitFor();
  await item.locator('button.bt-save').click();
  await page.waitForSelector('.bt-saved-message:not(:empty)');
  assert.match(await page.locator('.bt-saved-message').textContent(), /Chưa có bài nào được lưu/);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('"Tải về đọc offline" stores the latest 30 with a progress bar, and can be cancelled', async () => {
  const page = await freshPage();
  await page.goto(server.url + '/');
  await waitForList(page, 20);
  await offlineReady(page);
  await page.locator('.bt-more button').click();
  await waitForList(page, 40);
  const bar = page.locator('.bt-offline-download');
  // Cancelled at once: nothing stored.
  await page.evaluate(() => { const b = document.querySelector('.bt-offline-start'); b.click(); b.click(); });
  await page.waitForFunction(() => /Đã huỷ/.test(document.querySelector('.bt-offline-status').textContent));
  assert.match(await bar.locator('.bt-offline-status').textContent(), /^Đã huỷ\. Số bài đã kịp tải về: 0 bài\.$/);

  // Every value the bar shows, as it moves.
  await page.evaluate(() => {
    window.seen = [];
    const p = document.querySelector('.bt-offline-download progress');
    new MutationObserver(() => window.seen.push(Number(p.getAttribute('value')))).observe(p, { attributes: true });
  });
  await bar.locator('.bt-offline-start').click();
  await page.waitForFunction(() => /Đã tải xong/.test(document.querySelector('.bt-offline-status').textContent), null, { timeout: 30000 });
  assert.equal((await bar.locator('.bt-offline-status').textContent()).trim(), 'Đã tải xong, đọc được khi không có mạng: 30 bài.');
  const seen = await page.evaluate(() => window.seen);
  assert.ok(seen.includes(30) && seen.some((v) => v > 0 && v < 30), `the bar moved: ${seen}`);
  assert.equal(await bar.getAttribute('data-state'), '');

  // The 30 newest articles are stored whole (sanitized HTML + metadata).
  // Each with its body as sanitized HTML: parsed, nothing executable is in it.
  const stored = await page.evaluate(() => new Promise((ok, ko) => {
    const r = indexedDB.open('bantin');
    r.onsuccess = () => {
      const all = r.result.transaction('articles').objectStore('articles').getAll();
      all.onsuccess = () => ok(all.result.map((x) => {
        const doc = new DOMParser().parseFromString(x.html ?? '', 'text/html');
        const bad = [...doc.querySelectorAll('*')].some((el) => /^(script|style|iframe|object|embed|form|svg)$/i.test(el.localName)
          || [...el.attributes].some((a) => /^on|^style$/i.test(a.name) || /^\s*javascript:/i.test(a.value)));
        return { id: x.id, saved: x.saved, title: x.title, html: Boolean(x.html || x.text), bad };
      }));
    };
    r.onerror = () => ko(r.error);
  }));
  const ids = await page.locator('.bt-card-title a').evaluateAll((as) => as.slice(0, 30).map((a) => decodeURIComponent(a.pathname.split('/').pop())));
  assert.equal(stored.length, 30);
  for (const id of ids) assert.ok(stored.some((s) => s.id === id), `${id} stored`);
  assert.deepEqual(stored.filter((s) => s.saved || s.bad || !s.html || !s.title).map((s) => s.id), []);

  // Offline, one of them (never opened) reads from the stored copy.
  await page.evaluate(async () => {
    for (const k of await caches.keys()) if (k.includes(' data ')) await caches.delete(k);
  });
  await page.context().setOffline(true);
  await page.goto(server.url + '/bai/' + ids[25]);
  await page.waitForSelector('h1.bt-article-title');
  await page.context().close();
});

test('a new deploy shows "Có phiên bản mới — Tải lại", which switches to it', async () => {
  const { dir, url } = await servedCopy();
  const page = await freshPage();
  await page.goto(url + '/');
  await waitForList(page, 20);
  await offlineReady(page);
  const before = await page.evaluate(() => caches.keys());
  assert.equal(await updatePrompt(page).count(), 0, 'no prompt without a new version');

  // Deploy: a changed build (here the worker's version; any file change changes it).
  const sw = path.join(dir, 'sw.js');
  writeFileSync(sw, readFileSync(sw, 'utf8').replace(/^const VERSION = '.*';$/m, "const VERSION = 'e2e-new-deploy';"));
  await page.reload();
  await waitForList(page, 20);
  await updatePrompt(page).waitFor({ timeout: 20000 });
  assert.equal((await updatePrompt(page).textContent()).replace(/\s+/g, ' ').trim(), 'Có phiên bản mới — Tải lại');

  await Promise.all([page.waitForEvent('load'), updatePrompt(page).locator('button').click()]);
  await waitForList(page, 20);
  await page.waitForFunction(async () => (await caches.keys()).some((k) => k.endsWith('shell e2e-new-deploy')));
  // The old build's shell goes once no tab that was open at the switch is left (the reload).
  await page.waitForFunction(async (before) => !(await caches.keys()).some((k) => k.includes(' shell ') && before.includes(k)),
    before, { polling: 100, timeout: 10000 });
  assert.equal(await updatePrompt(page).count(), 0);
  await page.context().close();
});

test('when the network returns the banner goes and the list refreshes', async () => {
  const { dir, url } = await servedCopy();
  const page = await freshPage();
  await page.goto(url + '/');
  await waitForList(page, 20);
  await offlineReady(page);
  await page.context().setOffline(true);
  await page.reload();
  await waitForList(page, 20);
  await banner(page).waitFor();

  // Meanwhile the newsroom publishes.
  editFeed(dir, (feed) => feed.items.unshift({ id: 'tin-moi-khi-co-mang', title: 'Tin mới khi có mạng trở lại', content_text: 'Nội dung.', date_published: '2026-11-27T08:00:00+07:00' }));

  await page.context().setOffline(false);
  await page.waitForFunction(() => document.querySelector('.bt-card-title')?.textContent.trim() === 'Tin mới khi có mạng trở lại', null, { timeout: 15000 });
  assert.equal(await banner(page).count(), 0);
  assert.ok(await page.locator('.bt-offline-banner').isHidden());

  // Reading an article when the network comes back: the list reloads, the reader stays put.
  await page.locator('.bt-card-title a[href$="/bai/kien-thuy-ntm-2025"]').click();
  await page.waitForSelector('h1.bt-article-title');
  await page.context().setOffline(true);
  await banner(page).waitFor();
  await page.evaluate(() => { document.querySelector('.bt-body p').dataset.mark = 'same'; window.scrollTo(0, 600); });
  const y = await page.evaluate(() => window.scrollY);
  const refreshed = page.waitForResponse((r) => r.url().endsWith('/demo/feed.json'));
  await page.context().setOffline(false);
  // The fresh list is in, read, and on the page (a rebuild of the article would have happened with it).
  await (await refreshed).finished();
  await page.waitForFunction(() => performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/demo/feed.json')).length >= 2);
  await afterFrames(page);
  assert.equal(await page.locator('.bt-body p').first().getAttribute('data-mark'), 'same', 'the article was not rebuilt');
  assert.equal(await page.evaluate(() => window.scrollY), y);
  await page.context().close();
});

for (const [name, breakIt] of [
  ['missing (404)', (dir) => unlinkSync(path.join(dir, 'sw.js'))],
  ['not JavaScript', (dir) => writeFileSync(path.join(dir, 'sw.js'), 'this is not ( javascript')],
]) {
  test(`a service worker that fails to register (${name}) changes nothing for an online reader`, async () => {
    const { url } = await servedCopy(breakIt);
    const page = await freshPage();
    // Record the app's registration attempt and how it ended.
    await page.addInitScript(() => {
      const register = ServiceWorkerContainer.prototype.register;
      ServiceWorkerContainer.prototype.register = function (...args) {
        const attempt = register.apply(this, args);
        attempt.then(() => { window.swOutcome = 'registered'; }, (e) => { window.swOutcome = `failed: ${e.name}`; });
        return attempt;
      };
    });
    await page.goto(url + '/');
    await waitForList(page, 20);
    await page.waitForFunction(() => window.swOutcome);
    assert.match(await page.evaluate(() => window.swOutcome), /^failed: /);
    await page.locator('.bt-card-title a').first().click();
    await page.waitForSelector('h1.bt-article-title');
    // Still none after the reader went on to an article.
    assert.deepEqual(await page.evaluate(() => navigator.serviceWorker.getRegistrations().then((r) => r.length)), 0);
    assert.equal(await page.locator('h1').textContent(), FIRST_TITLE);
    assert.equal(await page.locator('.bt-offline > p:visible').count(), 0, 'no message of any kind');
    assert.deepEqual(page.errors.filter((e) => !/sw\.js|ServiceWorker|404/.test(e)), [], 'no errors but the browser’s own note');
    assert.ok(!page.errors.some((e) => e.startsWith('pageerror')), 'nothing thrown');
    await page.context().close();
  });
}

test('"offline": {"service_worker": false} registers nothing, and removes a worker from an earlier visit', async () => {
  const { dir, url } = await servedCopy();
  const page = await freshPage();
  await page.goto(url + '/');
  await waitForList(page, 20);
  await offlineReady(page);
  const registrations = () => page.evaluate(() => navigator.serviceWorker.getRegistrations().then((r) => r.length));
  assert.equal(await registrations(), 1);

  const configPath = path.join(dir, 'config.json');
  const config = JSON.parse(readFileSync(configPath, 'utf8'));
  config.offline = { service_worker: false };
  writeFileSync(configPath, JSON.stringify(config));
  await page.reload();
  await waitForList(page, 20);
  await page.waitForFunction(() => navigator.serviceWorker.getRegistrations().then((r) => r.length === 0), null, { polling: 100, timeout: 10000 });
  // Saving still works without the worker.
  await page.locator('.bt-card button.bt-save').first().click();
  await page.waitForSelector('.bt-card button.bt-save[aria-pressed="true"]');
  assert.ok(!page.errors.some((e) => e.startsWith('pageerror')));
  await page.context().close();
});

test('storage blocked (private mode): saving says so clearly, reading goes on', async () => {
  const page = await freshPage();
  await page.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', { get() { throw new DOMException('blocked', 'SecurityError'); } });
  });
  await page.goto(server.url + '/');
  await waitForList(page, 20);
  await page.locator('.bt-card button.bt-save').first().click();
  const error = page.locator('.bt-offline[data-show~="blocked"] .bt-offline-error');
  await error.waitFor();
  assert.match(await error.textContent(), /Không lưu được: trình duyệt đang chặn bộ nhớ/);
  assert.equal(await page.locator('.bt-card button.bt-save').first().getAttribute('aria-pressed'), 'false');
  await error.locator('button').click();
  await error.waitFor({ state: 'hidden' });
  // Reading is untouched.
  await page.locator('.bt-card-title a').first().click();
  await page.waitForSelector('h1.bt-article-title');
  await page.goto(server.url + '/da-luu');
  await page.waitForFunction(() => /chặn bộ nhớ/.test(document.querySelector('.bt-saved-message')?.textContent));
  assert.ok(!page.errors.some((e) => e.startsWith('pageerror')));
  await page.context().close();
});

test('storage full: a clear message, nothing else breaks', async () => {
  const page = await freshPage();
  await page.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function () {
      if (window.full) throw new DOMException('full', 'QuotaExceededError');
      return put.apply(this, arguments);
    };
  });
  await page.goto(server.url + '/');
  await waitForList(page, 20);
  await page.evaluate(() => { window.full = true; });
  await page.locator('.bt-card button.bt-save').first().click();
  const error = page.locator('.bt-offline[data-show~="full"] .bt-offline-error');
  await error.waitFor();
  assert.match(await error.textContent(), /bộ nhớ của trình duyệt đã đầy/);
  await page.evaluate(() => { window.full = false; });
  await page.locator('.bt-card button.bt-save').first().click();
  await page.waitForSelector('.bt-card button.bt-save[aria-pressed="true"]');
  assert.ok(!page.errors.some((e) => e.startsWith('pageerror')));
  await page.context().close();
});

test('the manifest makes the app installable from its base', async () => {
  const response = await fetch(server.url + '/manifest.webmanifest');
  const manifest = await response.json();
  assert.equal(manifest.display, 'standalone');
  assert.equal(manifest.start_url, './');
  assert.equal(manifest.scope, './');
  assert.match(manifest.description, /mất mạng/);
  for (const size of ['192x192', '512x512']) {
    assert.ok(manifest.icons.some((i) => i.sizes === size && i.purpose === 'any'), size);
    assert.ok(manifest.icons.some((i) => i.sizes === size && i.purpose === 'maskable'), `${size} maskable`);
  }
  for (const icon of manifest.icons) {
    const r = await fetch(new URL(icon.src, server.url + '/manifest.webmanifest'));
    assert.equal(r.status, 200, icon.src);
    if (icon.type === 'image/png') {
      const png = Buffer.from(await r.arrayBuffer());
      assert.equal(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`, icon.sizes, `${icon.src} is really ${icon.sizes}`);
    }
  }
});

test('no serious or critical axe-core violations on the saved page, the offline banner and the "not saved" page', async () => {
  const axe = readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
  const page = await freshPage({ colorScheme: 'dark' });
  const check = async (where) => {
    await page.addScriptTag({ content: axe });
    const violations = await page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ['violations'] });
      return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    });
    assert.deepEqual(violations, [], where);
  };
  await page.goto(server.url + '/');
  await waitForList(page, 20);
  await offlineReady(page);
  await page.locator('.bt-card button.bt-save').first().click();
  await page.waitForSelector('.bt-card button.bt-save[aria-pressed="true"]');
  await page.goto(server.url + '/da-luu');
  await page.waitForSelector('.bt-saved-list .bt-card');
  await check('saved page');
  await page.context().setOffline(true);
  await banner(page).waitFor();
  await check('offline banner');
  await page.goto(server.url + '/bai/thoi-su-00058');
  await page.waitForSelector('.bt-offline-missing');
  await check('not saved for offline');
  await page.context().close();
});
