// bantin's light widgets in a portal's page (docs/embed.md): the latest news,
// the visitor box and an ad slot alone, each kind from its own small binary, under the portal's
// strict policy; removed by the portal, a widget stops everything it ran.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { FIRST_TITLE, startServer, launchBrowser, newPage, logBeacons, beaconsSent, until } from './harness.mjs';
import { startPortal } from './host-portal.mjs';

// A person's browser: headless Chromium's own user agent is a crawler's, which sends no hit.
const DESKTOP_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

let server, portal, browser;
before(async () => {
  server = await startServer();
  portal = await startPortal({ bantin: server.url });
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await portal?.stop(); await server?.stop(); });

const latest = '.portal-main bantin-news[kind=latest] .bt-latest-list li';
const figure = (label) => `bantin-news[kind=visitors] .bt-visitors-row:has(dt:text-is("${label}")) dd`;

/** A person's page under the portal's policy, counting the event streams, intervals and
 *  visibility listeners the page's scripts have open (to see a removed widget stop them). */
async function portalPage() {
  const page = await newPage(browser, { bypassCSP: false, userAgent: DESKTOP_UA });
  await page.addInitScript(() => {
    const open = { streams: new Set(), intervals: new Set(), visibility: 0, observers: new Set() };
    window.__open = open;
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective));
    const Source = window.EventSource;
    window.EventSource = class extends Source {
      constructor(...args) { super(...args); open.streams.add(this); }
      close() { open.streams.delete(this); super.close(); }
    };
    const Observer = window.IntersectionObserver;
    window.IntersectionObserver = class extends Observer {
      observe(el) { open.observers.add(this); return super.observe(el); }
      disconnect() { open.observers.delete(this); return super.disconnect(); }
    };
    const setI = window.setInterval;
    const clearI = window.clearInterval;
    window.setInterval = (...args) => { const id = setI(...args); open.intervals.add(id); return id; };
    window.clearInterval = (id) => { open.intervals.delete(id); clearI(id); };
    const add = Document.prototype.addEventListener;
    const remove = Document.prototype.removeEventListener;
    Document.prototype.addEventListener = function (type, ...rest) {
      if (type === 'visibilitychange') open.visibility += 1;
      return add.call(this, type, ...rest);
    };
    Document.prototype.removeEventListener = function (type, ...rest) {
      if (type === 'visibilitychange') open.visibility -= 1;
      return remove.call(this, type, ...rest);
    };
  });
  return page;
}

const running = (page) => page.evaluate(() => ({
  streams: window.__open.streams.size, intervals: window.__open.intervals.size, visibility: window.__open.visibility,
  observers: window.__open.observers.size,
}));

test('a page with only widgets shows the latest news and the live visitor box, without the reader', async () => {
  const page = await portalPage();
  const wasm = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname); });
  await page.goto(portal.url + '/');
  await page.locator(latest).nth(4).waitFor({ timeout: 15000 });
  assert.equal(await page.locator(latest).count(), 5);
  const first = page.locator(latest).first().locator('a');
  assert.equal((await first.textContent()).trim(), FIRST_TITLE);
  assert.match(await first.getAttribute('href'), /^\/tin-tuc\/bai\/[^/]+$/);
  assert.match(await page.locator(latest).first().locator('.bt-latest-date').textContent(), /^\d{2}\/\d{2}\/\d{4}$/);
  assert.equal((await page.locator('.portal-main bantin-news[kind=latest] h2').textContent()).trim(), 'Tin mới');

  // The box counts this page view (the portal's own path) and shows it live.
  await page.waitForFunction(() => {
    const dd = [...document.querySelector('bantin-news[kind=visitors]').shadowRoot.querySelectorAll('dd')];
    return dd.length === 4 && Number(dd[3].textContent.replace(/\./g, '')) >= 1;
  }, null, { timeout: 15000 });
  assert.match(await page.locator(figure('Tất cả')).textContent(), /^[\d.]+$/);
  assert.equal(await page.locator('bantin-news[kind=visitors] h2').textContent(), 'Thống kê truy cập');

  // The second list, in the footer, shows its own count.
  await page.locator('#footer-latest .bt-latest-list li').nth(2).waitFor({ timeout: 15000 });
  assert.equal(await page.locator('#footer-latest .bt-latest-list li').count(), 3);
  // Each kind's small binary once (the two lists share theirs), and not the reader's.
  await until(() => wasm.length >= 3, { timeout: 15000, what: 'the three kinds\' wasm' });
  assert.deepEqual(wasm.map((p) => p.replace(/^.*\//, '')).sort(),
    ['widget_ad_bg.wasm', 'widget_latest_bg.wasm', 'widget_visitors_bg.wasm'], wasm.join(', '));
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('an ad slot alone: its box reserved at its size, then its creative, labelled, with beacons', async () => {
  const page = await portalPage();
  await logBeacons(page);
  await page.goto(portal.url + '/');
  const slot = page.locator('bantin-news[kind=ad] aside.bt-ad[data-slot="side-1"]');
  await slot.locator('img').waitFor({ timeout: 15000 });
  const box = await slot.locator('.bt-ad-box, a, img').first().boundingBox();
  assert.equal(Math.round(box.width), 300);
  assert.equal(Math.round(box.height), 250);
  assert.equal((await slot.locator('.bt-ad-label').textContent()).trim(), 'Quảng cáo');
  assert.match(await slot.locator('img').getAttribute('src'), /\/static\/bantin\/demo\/ads\/.+\.svg$/);
  // Half in view for a second: its impression, as in the portal.
  await slot.scrollIntoViewIfNeeded();
  const impressions = await until(async () => {
    const sent = (await beaconsSent(page, '/api/ads/event')).filter((b) => b.event === 'impression');
    return sent.length ? sent : null;
  }, { timeout: 15000, what: 'an impression beacon' });
  assert.deepEqual(impressions.map((b) => b.slot), ['side-1']);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a latest-news link opens the reader at that article (the portal\'s page load)', async () => {
  const page = await portalPage();
  await page.goto(portal.url + '/');
  const link = page.locator(latest).nth(1).locator('a');
  await link.waitFor({ timeout: 15000 });
  const title = (await link.textContent()).trim();
  await Promise.all([page.waitForEvent('load'), link.click()]);
  assert.match(new URL(page.url()).pathname, /^\/tin-tuc\/bai\/[^/]+$/);
  await page.locator('h1.bt-article-title').waitFor({ timeout: 15000 });
  assert.equal((await page.locator('h1.bt-article-title').textContent()).trim(), title);
  // The reader's page has a latest widget of its own beside the reader: both show.
  await page.locator('.portal-aside bantin-news[kind=latest] .bt-latest-list li').nth(2).waitFor();
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a widget the portal removes stops its stream, timers and listeners; put back, it starts again', async () => {
  const page = await portalPage();
  await page.goto(portal.url + '/');
  await page.locator(figure('Tất cả')).waitFor({ timeout: 15000 });
  await page.waitForFunction(() => window.__open.streams.size === 1, null, { timeout: 15000 });
  const live = await running(page);
  assert.equal(live.streams, 1, 'the live figures\' event stream');
  assert.ok(live.intervals >= 1, 'the heartbeat');
  assert.ok(live.visibility >= 1, 'the visibility listener');

  // The portal (a single-page app, say) takes the box out of its page.
  await page.evaluate(() => { window.__box = document.querySelector('bantin-news[kind=visitors]'); window.__box.remove(); });
  await page.waitForFunction(() => window.__open.streams.size === 0, null, { timeout: 5000 });
  const stopped = await running(page);
  assert.equal(stopped.streams, 0);
  assert.equal(stopped.intervals, live.intervals - 1, 'its heartbeat cleared');
  assert.equal(stopped.visibility, live.visibility - 1, 'its listener removed');

  // Put back, it mounts again and goes live.
  await page.evaluate(() => document.querySelector('.portal-aside').append(window.__box));
  await page.waitForFunction(() => window.__open.streams.size === 1, null, { timeout: 15000 });
  await page.locator(figure('Tất cả')).waitFor();
  assert.equal(await page.locator('bantin-news[kind=visitors] .bt-visitors').count(), 1);
  // The latest list, untouched by all this, is still there.
  assert.equal(await page.locator(latest).count(), 5);

  // The ad slot watches its box (near the viewport: load; half in view: an
  // impression); taken out, its observers are disconnected.
  await page.locator('bantin-news[kind=ad] aside.bt-ad img').waitFor({ timeout: 15000 });
  const watching = (await running(page)).observers;
  assert.ok(watching >= 1, `the ad's observers: ${watching}`);
  await page.evaluate(() => document.querySelector('bantin-news[kind=ad]').remove());
  await page.waitForFunction(() => window.__open.observers.size === 0, null, { timeout: 5000 });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('bantin from another origin (a CDN): the reader and the widgets load, with no credentials sent', async () => {
  // bantin-server on its own origin shares its files with any page (asset CORS) and takes the
  // counter's calls from any origin here; the portal's policy names that origin.
  const cdn = await startServer({ args: ['--cors-origin', '*'] });
  const other = await startPortal({
    bantin: cdn.url,
    assets: `${cdn.url}/`,
    csp: `default-src 'self'; script-src 'self' ${cdn.url} 'wasm-unsafe-eval'; style-src 'self' ${cdn.url}; `
      // frame-src: the demo's partner ad is a page of that origin, in an iframe.
      + `img-src 'self' ${cdn.url} https: data:; connect-src 'self' ${cdn.url}; frame-src ${cdn.url}; `
      + "object-src 'none'; base-uri 'none'; "
      + "require-trusted-types-for 'script'",
  });
  try {
    const page = await portalPage();
    const fromCdn = [];
    page.on('request', (r) => { if (r.url().startsWith(cdn.url)) fromCdn.push(r); });
    await page.goto(other.url + '/');
    await page.locator(latest).nth(4).waitFor({ timeout: 15000 });
    await page.locator(figure('Tất cả')).waitFor({ timeout: 15000 });
    // The reader imports offline reading's module from there too (saved articles).
    const offlineJs = page.waitForResponse((r) => r.url() === `${cdn.url}/offline.js`, { timeout: 15000 });
    await page.goto(other.url + '/tin-tuc/');
    await page.locator('.bt-list > .bt-card').nth(4).waitFor({ timeout: 15000 });
    assert.equal((await offlineJs).headers()['access-control-allow-origin'], '*');
    const paths = fromCdn.map((r) => new URL(r.url()).pathname);
    for (const want of [/^\/embed\.js$/, /\/widget_latest_bg\.wasm$/, /\/widget_visitors_bg\.wasm$/, /\/bantin_bg\.wasm$/, /^\/config\.json$/, /^\/demo\/feed\.json$/]) {
      assert.ok(paths.some((p) => want.test(p)), `${want} from the other origin: ${paths.join(' ')}`);
    }
    // Modules, wasm and stylesheets: shared by CORS (`*`, which a request with credentials could
    // not use), and none sent.
    const files = fromCdn.filter((r) => /\.(js|wasm|css)$/.test(new URL(r.url()).pathname));
    assert.ok(files.length >= 6, `${files.length} files`);
    for (const r of files) {
      const headers = await r.allHeaders();
      assert.equal(headers.cookie, undefined, r.url());
      assert.equal(headers.authorization, undefined, r.url());
      assert.equal((await r.response())?.headers()['access-control-allow-origin'], '*', r.url());
    }
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  } finally {
    await other.stop();
    await cdn.stop();
  }
});

test('without script: the widgets as iframes, sized by the portal\'s one-line script, or fixed without it', async () => {
  const page = await portalPage();
  await page.goto(portal.url + '/khung');
  const latestFrame = page.frameLocator('iframe#latest');
  await latestFrame.locator('.bt-latest-list li').nth(4).waitFor({ timeout: 15000 });
  await page.frameLocator('iframe#visitors').locator('.bt-visitors dd').nth(3).waitFor({ timeout: 15000 });
  await page.frameLocator('iframe#ad').locator('aside.bt-ad[data-slot="side-1"] img').waitFor({ timeout: 15000 });
  // The frame takes its widget's height (not the 420 px it was given).
  const fits = () => page.evaluate(() => {
    const frame = document.getElementById('latest');
    const widget = frame.contentDocument.querySelector('bantin-news');
    return { frame: frame.clientHeight, widget: Math.ceil(widget.getBoundingClientRect().height) };
  });
  await page.waitForFunction(() => {
    const frame = document.getElementById('latest');
    const widget = frame.contentDocument?.querySelector('bantin-news');
    // clientHeight: the frame's inside, without the border the portal's theme gives it.
    return widget && Math.abs(frame.clientHeight - Math.ceil(widget.getBoundingClientRect().height)) <= 1;
  }, null, { timeout: 10000 });
  const { frame, widget } = await fits();
  assert.notEqual(Math.round(frame), 420, `${frame} ${widget}`);
  // A title opens the reader in the portal's window, not in the frame.
  const link = latestFrame.locator('.bt-latest-list li').first().locator('a');
  const title = (await link.textContent()).trim();
  await Promise.all([page.waitForURL(/\/tin-tuc\/bai\/[^/]+$/), link.click()]);
  await page.locator('h1.bt-article-title').waitFor({ timeout: 15000 });
  assert.equal((await page.locator('h1.bt-article-title').textContent()).trim(), title);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(page.errors, []);

  // No script at all on the portal's page: the frames keep the sizes it gave them.
  await page.goto(portal.url + '/khung-co-dinh');
  await page.frameLocator('iframe#latest').locator('.bt-latest-list li').nth(4).waitFor({ timeout: 15000 });
  await page.frameLocator('iframe#visitors').locator('.bt-visitors dd').nth(3).waitFor({ timeout: 15000 });
  await page.frameLocator('iframe#ad').locator('aside.bt-ad[data-slot="side-1"] img').waitFor({ timeout: 15000 });
  const sizes = await page.evaluate(() => ['latest', 'visitors', 'ad'].map((id) => document.getElementById(id).clientHeight));
  assert.deepEqual(sizes, [420, 220, 290]);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a widget whose config cannot be had says so in one line, and the page goes on', async () => {
  const page = await portalPage();
  await page.goto(portal.url + '/');
  await page.locator(latest).nth(4).waitFor({ timeout: 15000 });
  // The portal adds two more widgets later, with a config.json that is not there.
  await page.evaluate(() => {
    for (const kind of ['latest', 'visitors']) {
      const el = document.createElement('bantin-news');
      el.setAttribute('kind', kind);
      el.setAttribute('src', '/static/bantin/khong-co.json');
      el.className = 'broken';
      document.querySelector('.portal-aside').append(el);
    }
  });
  for (const kind of ['latest', 'visitors']) {
    const line = page.locator(`bantin-news.broken[kind=${kind}] .bt-widget-error[role=status]`);
    await line.waitFor({ timeout: 15000 });
    assert.equal((await line.textContent()).trim(), 'Không tải được tin');
  }
  // The working widgets are untouched.
  assert.equal(await page.locator(latest).count(), 5);
  await page.locator(figure('Tất cả')).waitFor({ timeout: 15000 });
  const unexpected = page.errors.filter((e) => !/404|Failed to load resource/.test(e));
  assert.deepEqual(unexpected, []);
  await page.context().close();
});
