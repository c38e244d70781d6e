// The visitor box and view counts against the real counter service: two people
// online at once, a reload that adds no visit, an article's views, a crawler
// that sends nothing, a hidden tab that pauses, and a server that goes away and
// comes back on the same port and data while the page stays open.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ROOT, PHONE, FIRST_TITLE, startServer, launchBrowser, newPage, waitForList, until, logBeacons, beaconsSent,
  installClock,
} from './harness.mjs';

// Playwright's headless Chromium says "HeadlessChrome": the app (and the server) would rightly treat it
// as a bot. People use these.
const DESKTOP_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const PHONE_UA = 'Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36';
const ARTICLE = '/bai/kien-thuy-ntm-2025';
const LABELS = ['Đang online', 'Hôm nay', 'Trong tuần', 'Tất cả'];

let server, browser, dataDir, addr;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

before(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'bantin-visitor-'));
  addr = `127.0.0.1:${await freePort()}`;
  server = await startServer({ addr, data: dataDir });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** 1234567 → "1.234.567" */
const vi = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');

const person = (opts = {}) => newPage(browser, { userAgent: DESKTOP_UA, ...opts });

/** The box's figures by label, as shown ("1.234"), and its state. */
async function box(page) {
  return page.evaluate((labels) => {
    const el = document.querySelector('.bt-visitors');
    if (!el) return null;
    const figures = {};
    for (const row of el.querySelectorAll('.bt-visitors-row')) {
      figures[row.querySelector('dt').textContent.trim()] = row.querySelector('dd').textContent.trim();
    }
    return {
      figures,
      labels: Object.keys(figures),
      loading: el.classList.contains('bt-visitors-loading'),
      stale: el.classList.contains('bt-visitors-stale'),
      note: el.querySelector('.bt-visitors-note')?.textContent.trim() ?? '',
      online: figures[labels[0]],
      today: figures[labels[1]],
    };
  }, LABELS);
}

async function waitForFigure(page, label, value, timeout = 8000) {
  await page.waitForFunction(([label, value]) => {
    for (const row of document.querySelectorAll('.bt-visitors-row')) {
      if (row.querySelector('dt').textContent.trim() === label) return row.querySelector('dd').textContent.trim() === value;
    }
    return false;
  }, [label, value], { timeout });
}

async function api(p) {
  const r = await fetch(server.url + p);
  assert.equal(r.status, 200, p);
  return r.json();
}

/** The server's figures once `ok(stats)` holds: a page's hit goes out once its counter client's
 *  chunk is in, just after its list. */
async function statsWhen(ok, what = 'the server\'s figures') {
  let stats;
  await until(async () => ok(stats = await api('/api/stats')), { timeout: 8000, what });
  return stats;
}

/** Waits until the box shows what the server says now (online, today, total): the live figures
 *  have settled (the server publishes changes once a second). */
async function boxAgreesWithServer(page) {
  return until(async () => {
    const [s, b] = await Promise.all([api('/api/stats'), box(page)]);
    const agree = !b.loading && !b.stale && b.online === vi(s.online) && b.today === vi(s.today) && b.figures['Tất cả'] === vi(s.total);
    return agree && s;
  }, { timeout: 8000, what: 'the box to show the server\'s figures' });
}

/** The answer to the next hit the page sends (hits go by fetch and are answered). */
const hitAnswered = (page) => page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/api/stats/hit'));
/** The answer to the next view-count request the page sends. */
const viewsAnswered = (page) => page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/api/stats/views'));

/** Hits and heartbeats a page sends, as the server receives them. */
function watchBeacons(page) {
  const sent = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && /\/api\/stats\/(hit|heartbeat)$/.test(r.url())) {
      sent.push({ kind: r.url().split('/').pop(), body: JSON.parse(r.postData() ?? 'null') });
    }
  });
  return sent;
}

/** Console errors other than the browser's own reports of failed requests (expected while the server is down). */
const realErrors = (page) => page.errors.filter((e) => !/Failed to load resource|net::ERR_|EventSource/.test(e));

test('two people at once: "Đang online" shows 2 in both boxes within seconds', async () => {
  const a = await person();
  const sentA = watchBeacons(a);
  await a.goto(server.url + '/');
  await waitForList(a);
  const v = await box(a);
  assert.deepEqual(v.labels, LABELS);
  await waitForFigure(a, 'Đang online', '1');

  const b = await person({ viewport: PHONE, userAgent: PHONE_UA, isMobile: true, hasTouch: true });
  await b.goto(server.url + '/');
  await waitForList(b);
  const t0 = Date.now();
  // B sees itself and A; A's open box follows live, without a reload.
  await Promise.all([waitForFigure(a, 'Đang online', '2', 5000), waitForFigure(b, 'Đang online', '2', 5000)]);
  assert.ok(Date.now() - t0 < 5000);
  const stats = await api('/api/stats');
  assert.equal(stats.online, 2);
  assert.equal((await box(a)).today, String(stats.today));
  assert.equal((await box(b)).figures['Tất cả'], String(stats.total));

  // The hit carried a valid visitor id and the route's path.
  const hit = sentA.find((s) => s.kind === 'hit');
  assert.ok(hit, 'A sent a hit');
  assert.match(hit.body.visitor, /^[A-Za-z0-9_-]{16,64}$/);
  assert.equal(hit.body.path, '/');
  assert.equal(await a.evaluate(() => localStorage.getItem('bantin.visitor')), hit.body.visitor);

  // A labelled group that does not announce every change.
  const group = a.locator('.bt-visitors');
  assert.equal(await group.getAttribute('role'), 'group');
  const labelId = await group.getAttribute('aria-labelledby');
  assert.equal(await a.locator(`#${labelId}`).textContent(), 'Thống kê truy cập');
  assert.equal(await a.locator('.bt-visitors [aria-live], .bt-visitors[aria-live]').count(), 0);
  assert.equal((await box(a)).stale, false);
  assert.deepEqual(a.errors, []);
  assert.deepEqual(b.errors, []);
  await b.context().close();
  await a.context().close();
});

test('a reload adds no visit; a new visitor does', async () => {
  const page = await person();
  const sent = watchBeacons(page);
  await page.goto(server.url + '/');
  await waitForList(page);
  const before = await boxAgreesWithServer(page);

  // The reload's hit, answered: whatever it changed on the server has changed by then.
  const reloadHit = hitAnswered(page);
  await page.reload();
  await waitForList(page);
  await reloadHit;
  await page.waitForFunction(() => document.querySelector('.bt-visitors:not(.bt-visitors-loading)'));
  assert.equal(sent.filter((s) => s.kind === 'hit').length, 2, 'the reload sent its hit');
  assert.equal(new Set(sent.map((s) => s.body.visitor)).size, 1, 'same visitor after the reload');
  assert.equal((await box(page)).today, String(before.today));
  assert.equal((await api('/api/stats')).today, before.today);

  // The counter does move for someone new (so the check above could fail).
  const other = await person();
  await other.goto(server.url + '/');
  await waitForFigure(page, 'Hôm nay', String(before.today + 1));
  assert.deepEqual(page.errors, []);
  await other.context().close();
  await page.context().close();
});

test('an article shows its view count in the meta line, and a new reader adds one', async () => {
  const a = await person();
  await a.goto(server.url + ARTICLE);
  await a.waitForSelector('h1.bt-article-title');
  const views = a.locator('.bt-article .bt-meta .bt-views');
  await a.waitForSelector('.bt-article .bt-meta .bt-views.bt-views-known', { timeout: 5000 });
  const first = Number((await views.textContent()).replace(/\D/g, ''));
  assert.match(await views.textContent(), /^\d[\d.]* lượt xem$/);
  assert.ok(first >= 1, 'includes this view');
  assert.equal(first, (await api(`/api/stats/views?path=${encodeURIComponent(ARTICLE)}`)).views);
  assert.equal(await views.evaluate((el) => getComputedStyle(el).visibility), 'visible');

  const b = await person();
  await b.goto(server.url + ARTICLE);
  await b.waitForSelector('.bt-article .bt-meta .bt-views.bt-views-known', { timeout: 5000 });
  assert.equal(await b.locator('.bt-views').textContent(), `${first + 1} lượt xem`);
  assert.deepEqual(a.errors, []);
  assert.deepEqual(b.errors, []);
  await a.context().close();
  await b.context().close();
});

test('a slow hit: the view count waits for its answer and includes this view', async () => {
  const page = await person();
  await installClock(page);
  const article = '/bai/kim-bang-ntm-2020';
  const before = (await api(`/api/stats/views?path=${encodeURIComponent(article)}`)).views;
  // The hit is held until the test lets it go; each view-count request notes whether it had been answered.
  let release;
  const released = new Promise((r) => { release = r; });
  let answered = false;
  const asked = [];
  await page.route('**/api/stats/hit', async (route) => {
    await released;
    const response = await route.fetch();
    answered = true;
    await route.fulfill({ response });
  });
  await page.route('**/api/stats/views?*', (route) => { asked.push(answered); return route.continue(); });
  // A request the page makes after everything it had started before (requests reach the routes in order).
  await page.route('**/__later', (route) => route.fulfill({ status: 204 }));
  const hitSent = page.waitForRequest((r) => r.url().endsWith('/api/stats/hit'));
  await page.goto(server.url + article);
  await page.waitForSelector('h1.bt-article-title');
  await hitSent;
  // Long past any timer that would read the count on its own, not on the hit (it once read it after 300 ms).
  await page.clock.runFor(5000);
  await page.evaluate(() => fetch('/__later'));
  assert.deepEqual(asked, [], 'no count asked for while the hit is unanswered');
  assert.equal(await page.locator('.bt-views.bt-views-known').count(), 0, 'none shown');
  release();
  await page.waitForSelector('.bt-views.bt-views-known');
  assert.equal(await page.locator('.bt-views').textContent(), `${vi(before + 1)} lượt xem`);
  assert.deepEqual(asked, [true]);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('skeleton first, then figures, at the same size; fits a phone without sideways scrolling', async () => {
  const page = await person({ viewport: PHONE, userAgent: PHONE_UA, isMobile: true });
  // Hold the stream back until the skeleton has been seen in a frame.
  await page.route('**/api/stats/stream', async (route) => {
    const skeletonSeen = () => page.evaluate(() => window.__boxFrames?.some((f) => f.loading)).catch(() => false);
    await until(skeletonSeen, { what: 'a frame with the skeleton' }).catch(() => {});
    await route.continue();
  });
  await page.addInitScript(() => {
    window.__boxFrames = [];
    const tick = () => {
      const el = document.querySelector('.bt-visitors');
      if (el) {
        const r = el.getBoundingClientRect();
        window.__boxFrames.push({ loading: el.classList.contains('bt-visitors-loading'), h: r.height, w: r.width });
      }
      if (window.__boxFrames.length < 400) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.goto(server.url + '/');
  await page.waitForFunction(() => document.querySelector('.bt-visitors:not(.bt-visitors-loading)'), null, { timeout: 8000 });
  // A few frames with the figures in, to see their size too.
  await page.waitForFunction(() => window.__boxFrames.filter((f) => !f.loading).length >= 10);
  const frames = await page.evaluate(() => window.__boxFrames);
  assert.ok(frames.some((f) => f.loading), 'a skeleton was shown first');
  assert.ok(frames.some((f) => !f.loading), 'then the figures');
  const heights = new Set(frames.map((f) => Math.round(f.h)));
  const widths = new Set(frames.map((f) => Math.round(f.w)));
  assert.equal(heights.size, 1, `one height throughout: ${[...heights]}`);
  assert.equal(widths.size, 1, `one width throughout: ${[...widths]}`);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a crawler (HeadlessChrome, Googlebot) is shown the box but sends no hit or heartbeat', async () => {
  /** Article, list, article again; each article's view count is asked for where its hit would be
   *  sent (after it), so once the second one is answered every hit there was to send has gone. */
  const readAround = async (page) => {
    const views = viewsAnswered(page);
    await page.goto(server.url + ARTICLE);
    await page.waitForSelector('h1.bt-article-title');
    await views;
    await page.waitForFunction(() => document.querySelector('.bt-visitors:not(.bt-visitors-loading)'));
    await page.locator('.bt-back a').click();
    await waitForList(page);
    const again = viewsAnswered(page);
    await page.locator('.bt-list > .bt-card').first().locator('.bt-card-title a').click();
    await page.waitForSelector('h1.bt-article-title');
    await again;
  };
  for (const userAgent of [undefined /* Playwright's own HeadlessChrome */, 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)']) {
    const page = await newPage(browser, userAgent ? { userAgent } : {});
    assert.match(await page.evaluate(() => navigator.userAgent), /HeadlessChrome|Googlebot/);
    const sent = watchBeacons(page);
    await readAround(page);
    assert.deepEqual(sent, []);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
  // And a person on the same pages does send (so the check above could fail).
  const page = await person();
  const sent = watchBeacons(page);
  await readAround(page);
  assert.deepEqual(sent.map((s) => [s.kind, s.body.path]), [['hit', ARTICLE], ['hit', '/'], ['hit', ARTICLE]]);
  await page.context().close();
});

test('a hidden tab pauses the live figures and refreshes them on return', async () => {
  const page = await person();
  await page.goto(server.url + '/');
  await waitForList(page);
  const shown = (await boxAgreesWithServer(page)).online;
  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  // Someone new arrives while the tab is hidden: the server knows, the paused box does not.
  const other = await person();
  await other.goto(server.url + '/');
  await waitForList(other);
  const now = await statsWhen((s) => s.online === shown + 1);
  // The live box of the newcomer shows it, and then a later change too: by then the server has
  // published the first change to every open stream, the hidden tab's included had it one.
  await waitForFigure(other, 'Đang online', String(now.online));
  await fetch(server.url + '/api/stats/hit', {
    method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': DESKTOP_UA },
    body: JSON.stringify({ visitor: 'hidden-tab-test-0123456789', path: '/' }),
  });
  await waitForFigure(other, 'Đang online', String(now.online + 1));
  assert.equal((await box(page)).online, String(shown), 'paused while hidden');
  // Back: fresh figures at once.
  await page.evaluate(() => {
    delete document.hidden;
    delete document.visibilityState;
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await waitForFigure(page, 'Đang online', String(now.online + 1), 3000);
  assert.deepEqual(page.errors, []);
  await other.context().close();
  await page.context().close();
});

/** Serves config.json with `change` applied to the demo config. */
async function withConfig(page, change, file = 'demo/config.json') {
  const config = JSON.parse(readFileSync(path.join(ROOT, file), 'utf8'));
  change(config);
  await page.route('**/config.json', (r) => r.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(config) }));
}

test('the counter service on another origin (CORS): figures, live updates, hits and views all work', async () => {
  const page = await person();
  const appOrigin = new URL(server.url).origin;
  const other = await startServer({ args: ['--cors-origin', appOrigin] });
  try {
    // localhost is another origin than 127.0.0.1.
    const statsUrl = other.url.replace('127.0.0.1', 'localhost') + '/api/stats';
    await withConfig(page, (c) => { c.stats = { url: statsUrl }; });
    const requests = [];
    page.on('request', (r) => { if (r.url().includes('/api/stats')) requests.push(new URL(r.url()).origin); });
    await page.goto(server.url + ARTICLE);
    await page.waitForSelector('h1.bt-article-title');
    await waitForFigure(page, 'Đang online', '1');
    await page.waitForSelector('.bt-views.bt-views-known', { timeout: 5000 });
    assert.equal(await page.locator('.bt-views').textContent(), '1 lượt xem');
    const theirs = await (await fetch(other.url + '/api/stats')).json();
    assert.equal(theirs.online, 1, 'the hit reached the other origin');
    assert.ok(requests.length > 0 && requests.every((o) => o !== appOrigin), `only the other origin: ${[...new Set(requests)]}`);
    // Live across origins: a second visitor of the other service shows up.
    await fetch(other.url + '/api/stats/hit', {
      method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': DESKTOP_UA },
      body: JSON.stringify({ visitor: 'someone-else-0123456789', path: '/' }),
    });
    await waitForFigure(page, 'Đang online', '2', 5000);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
    await other.stop();
  }
});

test('English labels and number format when the site language is en', async () => {
  const page = await person();
  await withConfig(page, () => {}, 'demo/config.en.json');
  await page.goto(server.url + ARTICLE);
  await page.waitForSelector('h1.bt-article-title');
  await page.waitForSelector('.bt-visitors:not(.bt-visitors-loading)');
  const v = await box(page);
  assert.deepEqual(v.labels, ['Online now', 'Today', 'This week', 'Total']);
  assert.equal(await page.locator('#bt-visitors-title').textContent(), 'Visitors');
  await page.waitForSelector('.bt-views.bt-views-known', { timeout: 5000 });
  assert.match(await page.locator('.bt-views').textContent(), /^(1 view|\d[\d,]* views)$/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('without "stats" in the config: no box, no view count, nothing sent', async () => {
  const page = await person();
  await withConfig(page, (c) => { delete c.stats; });
  const requests = [];
  page.on('request', (r) => { if (r.url().includes('/api/stats')) requests.push(r.url()); });
  await page.goto(server.url + '/');
  await waitForList(page);
  await page.locator('.bt-list > .bt-card').first().locator('.bt-card-title a').click();
  await page.waitForSelector('h1.bt-article-title');
  // Everything the two pages asked for has come in (a counter client would have sent by then).
  await page.waitForLoadState('networkidle');
  assert.equal(await page.locator('.bt-visitors').count(), 0);
  assert.equal(await page.locator('.bt-views').count(), 0);
  assert.deepEqual(requests, []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('storage blocked: the page works and the tab is still counted', async () => {
  const page = await person();
  await page.addInitScript(() => {
    for (const name of ['localStorage', 'sessionStorage']) {
      Object.defineProperty(window, name, { get() { throw new DOMException('blocked', 'SecurityError'); } });
    }
  });
  const sent = watchBeacons(page);
  await page.goto(server.url + '/');
  await waitForList(page);
  await page.waitForSelector('.bt-visitors:not(.bt-visitors-loading)');
  const views = viewsAnswered(page);
  await page.locator('.bt-list > .bt-card').first().locator('.bt-card-title a').click();
  await page.waitForSelector('h1.bt-article-title');
  await views; // asked for after the article's hit
  assert.deepEqual(sent.map((s) => s.body.path), ['/', ARTICLE]);
  assert.match(sent[0].body.visitor, /^[A-Za-z0-9_-]{16,64}$/);
  assert.equal(sent[1].body.visitor, sent[0].body.visitor, 'one id for the tab');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a heartbeat every 60 s while the tab is visible, none while hidden, one on return', async () => {
  const page = await person();
  await installClock(page);
  // Heartbeats are beacons sent from timers: the page's own record of them is complete as soon as
  // the clock has run those timers.
  await logBeacons(page);
  const sent = watchBeacons(page);
  await page.goto(server.url + '/');
  await waitForList(page);
  await page.waitForSelector('.bt-visitors:not(.bt-visitors-loading)');
  const beats = () => beaconsSent(page, '/api/stats/heartbeat');
  assert.equal((await beats()).length, 0);
  await page.clock.runFor(61_000);
  assert.equal((await beats()).length, 1, 'one after a minute');
  assert.equal((await beats())[0].path, '/');
  await page.clock.runFor(60_000);
  assert.equal((await beats()).length, 2, 'and another a minute later');
  // Hidden for five minutes: nothing.
  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await page.clock.runFor(300_000);
  assert.equal((await beats()).length, 2, 'none while hidden');
  // Back: one at once (the visitor is online again without waiting a minute).
  await page.evaluate(() => {
    delete document.hidden;
    document.dispatchEvent(new Event('visibilitychange'));
  });
  assert.equal((await beats()).length, 3, 'one on return');
  // And the server got them.
  await until(() => sent.filter((s) => s.kind === 'heartbeat').length === 3, { what: 'three heartbeat requests' });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('service unreachable from the start: the page reads, the box shows dashes, then goes live when it answers', async () => {
  const page = await person();
  let down = true;
  await page.route(/\/api\/stats(\/stream)?$/, (r) => (down ? r.abort('connectionrefused') : r.continue()));
  await page.goto(server.url + '/');
  await waitForList(page, 20);
  await page.waitForSelector('.bt-visitors.bt-visitors-stale', { timeout: 8000 });
  const v = await box(page);
  assert.deepEqual(Object.values(v.figures), ['–', '–', '–', '–']);
  assert.equal(v.note, '');
  down = false;
  await page.waitForSelector('.bt-visitors:not(.bt-visitors-stale):not(.bt-visitors-loading)', { timeout: 20000 });
  const stats = await api('/api/stats');
  await waitForFigure(page, 'Tất cả', vi(stats.total));
  assert.deepEqual(realErrors(page), []);
  await page.context().close();
});

test('server stops: the page still reads and the box keeps its figures; server back: live again without a reload', async () => {
  const page = await person();
  // Failed reads of the figures while the server is away (the box's retries).
  const failedPolls = [];
  page.on('requestfailed', (r) => { if (new URL(r.url()).pathname === '/api/stats') failedPolls.push(Date.now()); });
  // The app's code chunks in flight: the server stops once they are in (a chunk that cannot be
  // fetched is another test's subject, chunks.test.mjs), however slow the machine.
  const chunksInFlight = new Set();
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) chunksInFlight.add(r); });
  page.on('requestfinished', (r) => chunksInFlight.delete(r));
  page.on('requestfailed', (r) => chunksInFlight.delete(r));
  await page.goto(server.url + '/');
  await waitForList(page, 20);
  await boxAgreesWithServer(page);
  const live = await box(page);
  assert.equal(live.stale, false);
  assert.equal(live.note, '');
  await page.waitForFunction(() => ['article', 'pages'].every((name) => performance.getEntriesByType('resource')
    .some((e) => new RegExp(`/split_${name}\\.wasm$`).test(e.name) && e.responseEnd > 0)), null, { timeout: 15000 });
  // What goes below an article (comments, related: its own chunk, fetched when an
  // article is first opened) is in too: the reader opened one before.
  await page.locator('.bt-list > .bt-card').first().locator('.bt-card-title a').click();
  await page.locator('.bt-related li').first().waitFor({ timeout: 15000 });
  await page.goBack();
  await waitForList(page, 20);
  await until(() => chunksInFlight.size === 0, { timeout: 15000, what: 'the chunks asked for so far' });

  await server.stop({ keepData: true });
  // Not current: same figures, muted, with the time they are from.
  await page.waitForFunction(() => document.querySelector('.bt-visitors')?.classList.contains('bt-visitors-stale'), null, { timeout: 8000 });
  const stale = await box(page);
  assert.deepEqual(stale.figures, live.figures);
  assert.match(stale.note, /^cập nhật lúc \d\d:\d\d$/);
  assert.equal(await page.locator('.bt-error, [role="alert"]').count(), 0, 'no error wall');

  // The reader goes on: open an article and come back to the list.
  await page.locator('.bt-list > .bt-card').first().locator('.bt-card-title a').click();
  await page.waitForSelector('h1.bt-article-title');
  assert.equal(await page.locator('h1').textContent(), FIRST_TITLE);
  assert.ok(await page.locator('.bt-body p').count() >= 2);
  assert.equal(await page.locator('.bt-views.bt-views-known').count(), 0, 'no view count while unknown');
  assert.deepEqual((await box(page)).figures, live.figures);
  await page.goBack();
  await waitForList(page, 20);
  // Stay away long enough for the box to retry and fail (backoff: ~1 s, ~2 s, …).
  await until(() => failedPolls.length >= 2, { timeout: 15000, what: 'two failed reads' });
  assert.ok(failedPolls.length >= 2, `the box retried: ${failedPolls.length} failed reads`);
  assert.ok(failedPolls[1] - failedPolls[0] >= 400, 'retries are spaced out, not a tight loop');
  const stillStale = await box(page);
  assert.equal(stillStale.stale, true);
  assert.deepEqual(stillStale.figures, live.figures);
  assert.equal(await page.locator('.bt-error, [role="alert"]').count(), 0, 'no error wall');

  // Back on the same port and data: the box goes live again by itself.
  server = await startServer({ addr, data: dataDir });
  await page.waitForFunction(() => !document.querySelector('.bt-visitors')?.classList.contains('bt-visitors-stale'), null, { timeout: 30000 });
  const back = await box(page);
  assert.equal(back.note, '');
  const stats = await api('/api/stats');
  assert.ok(stats.total >= Number(live.figures['Tất cả'].replace(/\./g, '')), 'counts survived the restart');
  // Live, not just polled once: a new visitor shows up in this open box.
  const before = await api('/api/stats');
  const other = await person();
  await other.goto(server.url + '/');
  await waitForList(other);
  const after = await statsWhen((s) => s.total > before.total);
  await waitForFigure(page, 'Tất cả', vi(after.total), 5000);
  await waitForFigure(page, 'Đang online', String(after.online), 5000);
  assert.deepEqual(realErrors(page), []);
  await other.context().close();
  await page.context().close();
});
