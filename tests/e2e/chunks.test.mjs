// The lazily loaded chunks (src/lazy.rs, docs/size.md): the first list needs
// only the main module; what a first visit does not need comes after it; and a
// chunk that cannot be fetched is explained, with a way on.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIRST_TITLE, ROOT, startServer, launchBrowser, newPage, until, waitForList } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const isChunk = (url) => /\/bantin-[0-9a-f]{16}\/(split|chunk)_[a-z0-9_]+\.wasm$/.test(new URL(url).pathname);

test('the first list needs only the main module; the chunks come after it, and an article then opens at once', async () => {
  const page = await newPage(browser);
  // When the first card appears, by the page's own clock (the resource timings' clock).
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector('.bt-list > .bt-card')) {
        window.listShownAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  const requested = [];
  page.on('request', (r) => requested.push(r.url()));
  await page.goto(server.url + '/');
  await waitForList(page, 20);
  // The pages' chunks are fetched ahead once the list is in, one after another
  // (the article's, then the other pages' — sections, "Đã lưu", search: lazy::PAGES).
  await page.waitForFunction(() => ['article', 'pages'].every((name) => performance.getEntriesByType('resource')
    .some((e) => new RegExp(`/bantin-[0-9a-f]{16}/split_${name}\\.wasm$`).test(e.name) && e.responseEnd > 0)), null, { timeout: 10000 });
  // So is offline reading's JS (IndexedDB and the worker), which the offline chunk imports.
  await page.waitForFunction(() => performance.getEntriesByType('resource')
    .some((e) => e.name.endsWith('/offline.js') && e.responseEnd > 0), null, { timeout: 10000 });
  const { listShownAt, wasm, offlineJs } = await page.evaluate(() => ({
    listShownAt: window.listShownAt,
    wasm: performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.wasm'))
      .map((e) => ({ url: e.name, start: e.startTime })),
    offlineJs: performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/offline.js'))
      .map((e) => e.startTime),
  }));
  assert.ok(listShownAt > 0, 'the list was seen appearing');
  const main = wasm.filter((e) => !isChunk(e.url));
  const chunks = wasm.filter((e) => isChunk(e.url));
  assert.equal(main.length, 1, `one main module: ${JSON.stringify(main)}`);
  assert.ok(main[0].start < listShownAt);
  assert.ok(chunks.some((e) => /\/split_article\.wasm$/.test(e.url)), 'the article chunk is fetched ahead');
  for (const c of chunks) {
    assert.ok(c.start >= listShownAt, `${c.url} was fetched before the first list (${c.start} < ${listShownAt})`);
  }
  assert.equal(offlineJs.length, 1, 'offline.js is imported once');
  assert.ok(offlineJs[0] >= listShownAt, `offline.js was fetched before the first list (${offlineJs[0]} < ${listShownAt})`);

  // Opening an article fetches nothing more for its text: that code is
  // already there. What goes below it (comments, "Tin liên quan": the
  // article_more chunk and what only it uses) is fetched once the text is in.
  await page.evaluate(() => new MutationObserver((_, observer) => {
    if (document.querySelector('h1.bt-article-title')) {
      window.titleShownAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true }));
  const before = requested.length;
  await page.locator('.bt-list > .bt-card').first().locator('.bt-card-title a').click();
  await page.locator('h1.bt-article-title').waitFor();
  assert.equal(await page.locator('h1').textContent(), FIRST_TITLE);
  await page.locator('.bt-related li').first().waitFor({ timeout: 10000 });
  const below = requested.slice(before).filter((u) => u.endsWith('.wasm') || u.endsWith('.js'));
  assert.ok(below.some((u) => /\/split_article_more\.wasm$/.test(u)), below.join(' '));
  const timed = await page.evaluate((urls) => performance.getEntriesByType('resource')
    .filter((e) => urls.includes(e.name)).map((e) => ({ url: e.name, early: e.startTime < window.titleShownAt })), below);
  assert.equal(timed.length, below.length, 'each is in the page\'s resource timings');
  assert.deepEqual(timed.filter((e) => e.early).map((e) => e.url), [], 'fetched before the article\'s text was in the page');
  for (const u of below) assert.match(u, /\/(split_article_more|chunk_\d+)\.wasm$/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a shared article link has its page\'s chunk and hero picture fetched with the page, before the main module is in, and once', async () => {
  // What the build says the article page's chunk is (scripts/finalize.mjs ran its loader).
  const files = JSON.parse(readFileSync(path.join(ROOT, 'dist', 'preload.json'), 'utf8')).article;
  assert.ok(files.some((f) => f.endsWith('/split_article.wasm')), files.join(' '));
  const page = await newPage(browser);
  const asked = new Map();
  page.on('request', (r) => {
    const p = new URL(r.url()).pathname;
    asked.set(p, (asked.get(p) ?? 0) + 1);
  });
  // The main module as late as on a phone network (on loopback it can beat anything): held until
  // the chunk's files have been asked for (if they never are, the assertions below say so).
  let chunkBeforeMain = false;
  // With them, the article's hero picture (the page's largest paint).
  const hero = '/demo/img/ruong-lua.svg';
  await page.route('**/bantin_bg.wasm', async (route) => {
    chunkBeforeMain = await until(() => [...files, hero].every((f) => asked.has(f)), { what: 'the chunk\'s files and the hero asked for' })
      .then(() => true, () => false);
    await route.continue();
  });
  const answer = await page.goto(server.url + '/bai/kien-thuy-ntm-2025');
  // bantin-server names them with the page (low priority: the main module comes first).
  const links = (await answer.headerValues('link')).join(', ');
  for (const f of files) assert.ok(links.includes(`<${f}>; rel=preload; as=fetch; crossorigin=anonymous; fetchpriority=low`), f);
  assert.ok(links.includes(`<${hero}>; rel=preload; as=image; fetchpriority=high`), links);
  await page.locator('h1.bt-article-title').waitFor();
  assert.equal(await page.locator('h1').textContent(), FIRST_TITLE);
  assert.equal(new URL(await page.locator('.bt-hero img').getAttribute('src'), server.url).pathname, hero);
  assert.ok(chunkBeforeMain, 'the article\'s chunk and hero were asked for before the main module was in');
  // The app's own request for each took the preloaded answer: one request a file.
  await page.waitForLoadState('networkidle');
  for (const f of [...files, hero]) assert.equal(asked.get(f), 1, `${f} asked for ${asked.get(f)} times`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

// What must not compete with the first screen (platform::lead_image): the chunks fetched ahead,
// offline reading's JS, the counter's requests and the ads' creatives. They wait until the lead
// picture has been painted and that frame presented (its Element Timing entry, the time the
// page's largest paint is given), not merely until it has arrived: preloaded by the page's
// `Link` header, it is in before the app draws it.
for (const [where, address] of [['the list', '/'], ['a shared article', '/bai/kien-thuy-ntm-2025']]) {
  test(`on ${where}, what waits for the first screen starts only once its lead picture is on the screen`, async () => {
    // The article page's own chunk comes with the page (the test above), so it is not waited for.
    const own = address === '/' ? [] : JSON.parse(readFileSync(path.join(ROOT, 'dist', 'preload.json'), 'utf8')).article;
    const page = await newPage(browser);
    await page.addInitScript(() => {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (e.identifier === 'lead') window.leadOnScreen ??= e.renderTime || e.startTime;
      }).observe({ type: 'element', buffered: true });
    });
    await page.goto(server.url + address);
    const waited = (name) => isChunk(name) || /\/offline\.js$|\/api\/stats\/|\/demo\/ads\//.test(new URL(name).pathname);
    await page.waitForFunction(() => window.leadOnScreen > 0
      && performance.getEntriesByType('resource').some((e) => /\/split_pages\.wasm$/.test(e.name)), null, { timeout: 15000 });
    const { leadOnScreen, started } = await page.evaluate(() => ({
      leadOnScreen: window.leadOnScreen,
      started: performance.getEntriesByType('resource').map((e) => ({ url: e.name, at: e.startTime })),
    }));
    const early = started.filter((e) => waited(e.url) && !own.includes(new URL(e.url).pathname) && e.at < leadOnScreen);
    assert.deepEqual(early, [], `started before the lead picture was on the screen (${leadOnScreen} ms)`);
    assert.ok(started.some((e) => waited(e.url) && /\/split_pages\.wasm$/.test(e.url)), 'the pages chunk came after it');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

/** The chunk `split_<name>.wasm` answers 503 until `recover()`; `attempts()` counts the requests for it. */
async function failingChunk(page, name) {
  let failing = true;
  let attempts = 0;
  const file = new RegExp(`/bantin-[0-9a-f]{16}/split_${name}\\.wasm$`);
  await page.route((url) => file.test(url.pathname), (route) => {
    attempts++;
    return failing ? route.fulfill({ status: 503, body: 'unavailable' }) : route.continue();
  });
  return { attempts: () => attempts, recover: () => { failing = false; } };
}

test('what goes below an article cannot be fetched: the text stays, a message and "Thử lại" take its place', async () => {
  const page = await newPage(browser);
  const chunk = await failingChunk(page, 'article_more');
  await page.goto(server.url + '/');
  await waitForList(page, 1);
  await page.locator('.bt-list > .bt-card').first().locator('.bt-card-title a').click();
  await page.locator('h1.bt-article-title').waitFor();
  const alert = page.locator('main .bt-article ~ [role="alert"]');
  await alert.waitFor({ timeout: 10000 });
  assert.match(await alert.textContent(), /Không tải được phần này của trang/);
  // The article itself is all there.
  assert.equal(await page.locator('h1').textContent(), FIRST_TITLE);
  assert.ok(await page.locator('.bt-body p').count() >= 2);
  assert.equal(await page.locator('.bt-related').count(), 0);

  const tried = chunk.attempts();
  chunk.recover();
  await alert.getByRole('button', { name: 'Thử lại' }).click();
  await page.locator('.bt-related li a').first().waitFor({ timeout: 10000 });
  assert.equal(await page.locator('main [role="alert"]').count(), 0);
  assert.ok(chunk.attempts() > tried, 'the retry fetched the chunk again');
  const unexpected = page.errors.filter((e) => !/503|Failed to load resource|WebAssembly|Response|split/i.test(e));
  assert.deepEqual(unexpected, []);
  await page.context().close();
});

test('an article whose code cannot be fetched says so in Vietnamese, and "Thử lại" recovers', async () => {
  const page = await newPage(browser);
  const chunk = await failingChunk(page, 'article');
  // A shared link to an article: its page's chunk is needed at once.
  await page.goto(server.url + '/');
  await waitForList(page, 1);
  const href = await page.locator('.bt-list > .bt-card').first().locator('.bt-card-title a').getAttribute('href');
  await page.goto(new URL(href, server.url).href);
  const alert = page.locator('main [role="alert"]');
  await alert.waitFor({ timeout: 10000 });
  assert.match(await alert.textContent(), /Không tải được phần này của trang/);
  assert.equal(await page.locator('h1.bt-article-title').count(), 0);
  // The rest of the page still works: header and its way back to the list.
  assert.ok(await page.locator('header a[href="/"]').count() > 0);

  const tried = chunk.attempts();
  chunk.recover();
  await alert.getByRole('button', { name: 'Thử lại' }).click();
  await page.waitForSelector('h1.bt-article-title');
  assert.equal(await page.locator('h1').textContent(), FIRST_TITLE);
  assert.ok(chunk.attempts() > tried, 'the retry fetched the chunk again');
  // The only errors: the failed fetches, reported by the browser and the chunk loader.
  const unexpected = page.errors.filter((e) => !/503|Failed to load resource|WebAssembly|Response|split/i.test(e));
  assert.deepEqual(unexpected, []);
  await page.context().close();
});
