// Ad slots, as a reader meets them and as the operator counts them: no layout
// shift, lazy creatives, honest impressions (half visible for one continuous
// second), clicks, broken creatives, the sandboxed iframe, the sticky bar, and
// silence when the beacon URL is dead.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ROOT, PHONE, DESKTOP, startServer, launchBrowser, newPage, waitForList, until, logBeacons, beaconsSent, visibleFraction,
  installClock,
} from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const DEMO_CONFIG = JSON.parse(readFileSync(path.join(ROOT, 'demo/config.json'), 'utf8'));
const SANDBOX = 'allow-scripts allow-popups allow-popups-to-escape-sandbox';

/** Records the ad beacons a page sends (answering 204 like the server). */
async function recordBeacons(page, { fail = false } = {}) {
  const beacons = [];
  beacons.attempts = 0;
  await page.route('**/api/ads/event', async (route) => {
    beacons.attempts++;
    if (fail) return route.abort();
    const req = route.request();
    beacons.push({ ...JSON.parse(req.postData()), contentType: req.headers()['content-type'] });
    return route.fulfill({ status: 204 });
  });
  // Advertisers' sites are not on this machine.
  await page.context().route(/^https:\/\/example\.vn\//, (r) => r.fulfill({ status: 200, contentType: 'text/html', body: 'ok' }));
  return beacons;
}

const of = (beacons, slot, event) => beacons.filter((b) => b.slot === slot && b.event === event);

/** Serves a config with `ads` replaced. */
async function withAds(page, ads) {
  const config = { ...DEMO_CONFIG, ads };
  await page.route('**/config.json', (r) => r.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(config) }));
}

/** Scrolls so that `fraction` of the element's height shows at the bottom of the viewport. */
async function showFraction(page, selector, fraction) {
  await page.evaluate(({ selector, fraction }) => {
    const r = document.querySelector(selector).getBoundingClientRect();
    const top = r.top + window.scrollY;
    window.scrollTo(0, top - window.innerHeight + r.height * fraction);
  }, { selector, fraction });
}

/** Scrolls through the page a screen at a time as a reader does; at each stop the browser has seen
 *  where the slots are (and the app with it: near slots get their creative) before going on. */
async function scrollThrough(page) {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const step = await page.evaluate(() => window.innerHeight * 0.7);
  for (let y = 0; y < height; y += step) {
    await page.evaluate((y) => window.scrollTo(0, y), y);
    await visibleFraction(page);
  }
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await visibleFraction(page);
}

/** The size of the first element matching `selector`, once there is one: the reservation drawn with
 *  the list and the live slot that takes its place have the same size (the tests check it). */
const boxSize = async (page, selector) => (await page.waitForFunction((selector) => {
  const r = document.querySelector(selector)?.getBoundingClientRect();
  return r && { width: r.width, height: r.height };
}, selector, { polling: 50 })).jsonValue();

const loadedCreatives = (page) => page.evaluate(() =>
  [...document.querySelectorAll('.bt-ad-box img')].filter((i) => i.complete && i.naturalWidth > 0).length);

/** Waits until every creative given a source has loaded (or failed). */
const creativesSettled = (page) => page.waitForFunction(() => [...document.querySelectorAll('.bt-ad-box img')].every((i) => i.complete));

/** Waits until the slot's image creative has loaded and the browser (and the app) has seen how much of
 *  its box is in view: from here its one-second timer, if it is viewable, runs on the page's clock. */
async function settledSlot(page, slot) {
  await page.waitForFunction((slot) => {
    const img = document.querySelector(`aside[data-slot="${slot}"] img`);
    // Loaded is not enough: the slot counts from its own `load` handler, which runs in the
    // load event's dispatch, after `complete` turns true (watchCreativeLoads marks it).
    const handled = !window.__creativeLoadsWatched || img?.dataset.loadSeen === '1';
    return img && img.complete && img.naturalWidth > 0 && handled;
  }, slot, { polling: 50 });
  return visibleFraction(page, `aside[data-slot="${slot}"] .bt-ad-box`);
}

/**
 * Marks each creative as its `load` event is dispatched (in the capture phase, just before the
 * app's own handler), for `settledSlot`: under a paused clock, a slot whose handler had not run
 * yet would start its one-second timer only inside the test's `runFor`.
 */
async function watchCreativeLoads(page) {
  await page.addInitScript(() => {
    window.__creativeLoadsWatched = true;
    document.addEventListener('load', (e) => { if (e.target.localName === 'img') e.target.dataset.loadSeen = '1'; }, true);
  });
}

/** The impressions (or clicks) the page has sent so far, from its own record (exact under the clock). */
const sentOf = async (page, slot, event) => (await beaconsSent(page, '/api/ads/event')).filter((b) => b.slot === slot && b.event === event);

for (const viewport of [PHONE, DESKTOP]) {
  test(`no layout shift with ads at ${viewport.width}px, on the list and an article, scrolling through`, async () => {
    const page = await newPage(browser, { viewport });
    await recordBeacons(page);
    await page.addInitScript(() => {
      window.__cls = 0;
      window.__shifts = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          window.__cls += e.value;
          window.__shifts.push({ value: e.value, nodes: e.sources?.map((s) => s.node?.className ?? String(s.node)) });
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    for (const p of ['/', '/bai/kien-thuy-ntm-2025']) {
      await page.goto(server.url + p);
      await page.waitForSelector('.bt-list > .bt-card, .bt-body p');
      await page.waitForSelector('.bt-ad-header img');
      await scrollThrough(page);
      await creativesSettled(page);
      const inArticle = p === '/' ? 0 : await page.locator('.bt-body .bt-ad-in-article img').count();
      const loaded = await loadedCreatives(page);
      assert.ok(loaded >= (p === '/' ? 4 : 3), `${loaded} creatives loaded on ${p}`);
      if (p !== '/') assert.equal(inArticle, 1, 'the in-article ad loaded');
      const { cls, shifts } = await page.evaluate(() => ({ cls: window.__cls, shifts: window.__shifts }));
      assert.equal(cls, 0, `${p} at ${viewport.width}px: ${JSON.stringify(shifts)}`);
    }
    // The measurement itself works: a real shift is seen.
    await page.evaluate(() => {
      window.scrollTo(0, 0);
      const bump = document.createElement('div');
      bump.style.height = '120px';
      document.querySelector('.bt-main').prepend(bump);
    });
    await page.waitForFunction(() => window.__cls > 0);
    assert.ok(await page.evaluate(() => window.__cls) > 0, 'a deliberate shift is measured');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

test('every slot is a labelled region with its exact box reserved before its creative loads', async () => {
  const page = await newPage(browser, { viewport: DESKTOP });
  await recordBeacons(page);
  await page.goto(server.url + '/');
  await waitForList(page, 20);
  const slots = await page.evaluate(() => [...document.querySelectorAll('aside.bt-ad')].map((a) => {
    const box = a.querySelector('.bt-ad-box').getBoundingClientRect();
    return { slot: a.dataset.slot, label: a.getAttribute('aria-label'), text: a.querySelector('.bt-ad-label').textContent,
      w: Math.round(box.width), h: Math.round(box.height), img: !!a.querySelector('img') };
  }));
  const bySlot = Object.fromEntries(slots.map((s) => [s.slot, s]));
  assert.ok(slots.every((s) => s.label === 'Quảng cáo' && s.text === 'Quảng cáo'), JSON.stringify(slots));
  assert.deepEqual([bySlot.top.w, bySlot.top.h], [728, 90]);
  assert.deepEqual([bySlot['side-1'].w, bySlot['side-1'].h], [300, 250]);
  assert.deepEqual([bySlot['side-2'].w, bySlot['side-2'].h], [300, 600]);
  assert.deepEqual([bySlot.bottom.w, bySlot.bottom.h], [728, 90]);
  assert.equal(slots.filter((s) => s.slot === 'feed').length, 3, 'an ad after items 6, 12 and 18');
  assert.equal(bySlot.sticky, undefined, 'no sticky bar on a desktop');
  // Lazy: the footer's creative is not even created while it is far away…
  assert.equal(bySlot.bottom.img, false);
  const requested = [];
  page.on('request', (r) => { if (r.url().includes('/demo/ads/')) requested.push(r.url()); });
  // …and comes as the reader nears it, once the ads' chunk has put the live slots in the
  // reservations' places (the top slot's creative shows it; a locator taken before the swap
  // would point at the reservation it replaced).
  await page.waitForSelector('aside[data-slot="top"] img');
  await page.locator('aside[data-slot="bottom"]').scrollIntoViewIfNeeded();
  await page.waitForSelector('aside[data-slot="bottom"] img');
  const img = page.locator('aside[data-slot="bottom"] img');
  assert.equal(await img.getAttribute('decoding'), 'async');
  assert.equal(await img.getAttribute('width'), '728');
  assert.equal(await img.getAttribute('height'), '90');
  assert.ok((await img.getAttribute('alt')).length > 3, 'alt text');
  const link = page.locator('aside[data-slot="bottom"] a');
  assert.equal(await link.getAttribute('rel'), 'sponsored noopener');
  assert.equal(await link.getAttribute('target'), '_blank');
  assert.match(await link.getAttribute('href'), /^https:\/\/example\.vn\//);
  const src = await img.getAttribute('src');
  await until(() => requested.includes(src), { what: `a request for ${src}: ${requested.join()}` });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a slot with no size for this width is not rendered; a 728x90 box scales down in a narrower column', async () => {
  const page = await newPage(browser, { viewport: PHONE });
  await recordBeacons(page);
  await page.goto(server.url + '/');
  await waitForList(page, 20);
  const slots = await page.evaluate(() => [...document.querySelectorAll('aside.bt-ad')].map((a) => a.dataset.slot));
  assert.ok(!slots.includes('side-2'), 'side-2 starts at 1024px');
  assert.ok(slots.includes('side-1') && slots.includes('partner') && slots.includes('sticky'), slots.join());
  const top = await boxSize(page, 'aside[data-slot="top"] .bt-ad-box');
  assert.deepEqual([Math.round(top.width), Math.round(top.height)], [320, 100]);
  // 1000px: the in-list 728x90 box, in a column beside the sidebar narrower
  // than 728px, scales down and keeps its shape.
  await page.setViewportSize({ width: 1000, height: 900 });
  await page.goto(server.url + '/');
  await waitForList(page, 20);
  const wide = await boxSize(page, 'aside[data-slot="feed"] .bt-ad-box');
  assert.ok(wide.width < 728 && wide.width > 600, `width ${wide.width}`);
  assert.ok(Math.abs(wide.height - wide.width * 90 / 728) < 1.5, `height ${wide.height} for width ${wide.width}`);
  const hscroll = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  assert.equal(hscroll, false, 'no sideways scrolling');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a phone turned or a window widened: the next page view\'s slots take the new width\'s sizes', async () => {
  const page = await newPage(browser, { viewport: PHONE });
  await recordBeacons(page);
  await page.goto(server.url + '/');
  await waitForList(page, 20);
  let top = await boxSize(page, 'aside[data-slot="top"] .bt-ad-box');
  assert.deepEqual([Math.round(top.width), Math.round(top.height)], [320, 100]);
  // Wider, with no reload: the app kept the width it read at the start (reading it while a page
  // is being built costs a layout), so it must have heard the resize.
  await page.setViewportSize({ width: 1000, height: 900 });
  await page.locator('.bt-list > .bt-card').first().locator('.bt-card-title a').click();
  await page.locator('h1.bt-article-title').waitFor();
  await until(async () => (await boxSize(page, 'aside[data-slot="top"] .bt-ad-box')).width === 728,
    { what: 'the header slot at its 728x90 size' });
  top = await boxSize(page, 'aside[data-slot="top"] .bt-ad-box');
  assert.deepEqual([Math.round(top.width), Math.round(top.height)], [728, 90]);
  // The phone-only sticky bar is gone from the wider page.
  assert.equal(await page.locator('aside[data-slot="sticky"]').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('an impression counts only after the slot is half visible for one continuous second, once', async () => {
  const page = await newPage(browser, { viewport: DESKTOP });
  await watchCreativeLoads(page);
  // Time is what this test is about: once the page has loaded, it runs on Playwright's clock, paused,
  // so the only time that passes is what the test lets pass. The creatives are held back until then,
  // so that no slot can start counting before.
  await installClock(page);
  await logBeacons(page);
  const beacons = await recordBeacons(page);
  let release;
  const paused = new Promise((r) => { release = r; });
  await page.route('**/demo/ads/*', async (route) => { await paused; await route.continue(); });
  await page.goto(server.url + '/');
  await waitForList(page, 20);
  // The creatives' code is in and has drawn the slots (their pictures still held back): it does
  // so in a task of its own, a zero timeout, which a paused clock would hold too.
  await page.locator('aside[data-slot="top"] img').waitFor({ state: 'attached' });
  await page.clock.pauseAt(await page.evaluate(() => Date.now() + 5000));
  release();
  const feed = 'aside[data-slot="feed"] .bt-ad-box';
  // The header ad is in view from the start: counted after a second, not before.
  assert.ok(await settledSlot(page, 'top') >= 0.5);
  await page.clock.runFor(999);
  assert.equal((await sentOf(page, 'top', 'impression')).length, 0, 'not before a second');
  await page.clock.runFor(1);
  assert.equal((await sentOf(page, 'top', 'impression')).length, 1, 'after a second');

  // In and out again before a second has passed: nothing.
  await showFraction(page, feed, 1);
  assert.ok(await settledSlot(page, 'feed') >= 0.5);
  await page.clock.runFor(500);
  await page.evaluate(() => window.scrollTo(0, 0));
  assert.equal(await visibleFraction(page, feed), 0);
  await page.clock.runFor(1200);
  assert.equal((await sentOf(page, 'feed', 'impression')).length, 0, 'in and out within a second');
  // Less than half of it in view, for long: nothing.
  await showFraction(page, feed, 0.35);
  const part = await visibleFraction(page, feed);
  assert.ok(part > 0.2 && part < 0.5, `${part} in view`);
  await page.clock.runFor(1600);
  assert.equal((await sentOf(page, 'feed', 'impression')).length, 0, '35% visible does not count');
  // Two thirds in view for a second: one impression, with the shown creative and the page's path.
  await showFraction(page, feed, 0.7);
  assert.ok(await visibleFraction(page, feed) >= 0.5);
  await page.clock.runFor(600);
  assert.equal((await sentOf(page, 'feed', 'impression')).length, 0, 'not yet after 0.6 s');
  await page.clock.runFor(400);
  assert.equal((await sentOf(page, 'feed', 'impression')).length, 1, 'after a second');
  // As the server receives it.
  const [imp] = await until(() => of(beacons, 'feed', 'impression').length && of(beacons, 'feed', 'impression'), { what: 'the impression request' });
  const src = await page.locator('aside[data-slot="feed"] img').first().getAttribute('src');
  assert.ok(src.endsWith(imp.creative), `${imp.creative} is ${src}`);
  assert.equal(imp.path, '/');
  assert.match(imp.contentType, /^text\/plain/);
  assert.deepEqual(Object.keys(imp).sort(), ['contentType', 'creative', 'event', 'path', 'slot']);
  // Away and back: still once per slot per page view.
  await page.evaluate(() => window.scrollTo(0, 0));
  await visibleFraction(page, feed);
  await page.clock.runFor(300);
  await showFraction(page, feed, 1);
  assert.ok(await visibleFraction(page, feed) >= 0.5);
  await page.clock.runFor(1500);
  assert.equal((await sentOf(page, 'feed', 'impression')).length, 1);
  assert.equal((await sentOf(page, 'top', 'impression')).length, 1);

  // A new page view (route change) counts again; leaving within the second counts nothing.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.locator('.bt-card-title a').first().click();
  await page.waitForSelector('h1.bt-article-title');
  await settledSlot(page, 'top');
  await page.clock.runFor(1000);
  const tops = await sentOf(page, 'top', 'impression');
  assert.equal(tops.length, 2, 'the article page view');
  assert.ok(tops[1].path.startsWith('/bai/'));
  await page.goBack();
  await waitForList(page, 20);
  await settledSlot(page, 'top');
  await page.clock.runFor(300);
  await page.goForward();
  await page.waitForSelector('h1.bt-article-title');
  await settledSlot(page, 'top');
  await page.clock.runFor(1000);
  assert.equal((await sentOf(page, 'top', 'impression')).length, 3, 'only the page view that lasted a second');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a click on an ad sends a click beacon and opens the advertiser in a new tab', async () => {
  const page = await newPage(browser, { viewport: DESKTOP });
  await logBeacons(page);
  const beacons = await recordBeacons(page);
  await page.goto(server.url + '/');
  await page.waitForSelector('aside[data-slot="top"] img');
  const src = await page.locator('aside[data-slot="top"] img').getAttribute('src');
  const [popup] = await Promise.all([
    page.context().waitForEvent('page'),
    page.locator('aside[data-slot="top"] a').click(),
  ]);
  await popup.waitForLoadState();
  assert.match(popup.url(), /^https:\/\/example\.vn\//);
  await popup.close();
  const clicks = await until(() => beacons.some((b) => b.event === 'click') && beacons.filter((b) => b.event === 'click'), { what: 'the click beacon' });
  assert.equal((await sentOf(page, 'top', 'click')).length, 1, 'one click, one beacon');
  assert.equal(clicks.length, 1, JSON.stringify(beacons));
  assert.equal(clicks[0].slot, 'top');
  assert.ok(src.endsWith(clicks[0].creative));
  assert.equal(clicks[0].path, '/');
  assert.equal(new URL(page.url()).pathname, '/', 'the reader stays on the page');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a broken creative keeps its box and shows a quiet placeholder, and is never counted', async () => {
  const page = await newPage(browser, { viewport: DESKTOP });
  await installClock(page);
  await logBeacons(page);
  const beacons = await recordBeacons(page);
  await page.route('**/demo/ads/*.svg', (r) => r.fulfill({ status: 404, body: 'gone' }));
  await page.goto(server.url + '/');
  await waitForList(page, 20);
  const box = page.locator('aside[data-slot="top"] .bt-ad-box');
  const before = await boxSize(page, 'aside[data-slot="top"] .bt-ad-box');
  await page.waitForSelector('aside[data-slot="top"] .bt-ad-broken');
  const afterBox = await boxSize(page, 'aside[data-slot="top"] .bt-ad-box');
  assert.deepEqual([afterBox.width, afterBox.height], [before.width, before.height]);
  assert.deepEqual([Math.round(afterBox.width), Math.round(afterBox.height)], [728, 90]);
  assert.equal(await page.locator('aside[data-slot="top"] a').count(), 0, 'no dead link');
  const bg = await box.evaluate((el) => getComputedStyle(el).backgroundImage);
  assert.match(bg, /gradient/, 'the placeholder');
  // In view long enough to count, were it counted.
  assert.ok(await visibleFraction(page, 'aside[data-slot="top"] .bt-ad-box') >= 0.5);
  await page.clock.runFor(1500);
  const sent = await beaconsSent(page, '/api/ads/event');
  assert.deepEqual(sent.filter((b) => b.event === 'impression' && b.slot !== 'partner'), [], 'nothing seen, nothing counted');
  assert.deepEqual(beacons.filter((b) => b.event === 'impression' && b.slot !== 'partner'), []);
  // Only the 404s themselves are in the console, nothing from the app.
  assert.deepEqual(page.errors.filter((e) => !/404/.test(e)), []);
  await page.context().close();
});

test('a third-party tag runs only in a fixed-size sandboxed iframe without allow-same-origin', async () => {
  const page = await newPage(browser, { viewport: DESKTOP });
  const beacons = await recordBeacons(page);
  await page.goto(server.url + '/');
  await waitForList(page, 20);
  const frame = page.locator('aside[data-slot="partner"] iframe');
  await frame.waitFor();
  assert.equal(await frame.getAttribute('sandbox'), SANDBOX);
  assert.equal(await frame.getAttribute('width'), '300');
  assert.equal(await frame.getAttribute('height'), '250');
  assert.ok(await frame.getAttribute('title'));
  const box = await frame.boundingBox();
  assert.deepEqual([Math.round(box.width), Math.round(box.height)], [300, 250]);
  const inner = await (await frame.elementHandle()).contentFrame();
  await inner.waitForLoadState();
  await inner.locator('h1').waitFor();
  assert.ok(inner.url().endsWith('/demo/ads/partner.html'), `the tag loaded: ${inner.url()}`);
  const probe = await inner.evaluate(() => {
    let parentDoc = 'readable';
    try { void window.parent.document.title; } catch { parentDoc = 'blocked'; }
    let storage = 'readable';
    try { void window.localStorage.length; } catch { storage = 'blocked'; }
    return { origin: window.origin, parentDoc, storage };
  });
  assert.deepEqual(probe, { origin: 'null', parentDoc: 'blocked', storage: 'blocked' });
  assert.equal(await page.locator('.bt-app script').count(), 0, 'no tag script in the app document');
  // Its impressions count like any other slot's (the frame has loaded, it is in view).
  await frame.scrollIntoViewIfNeeded();
  const [imp] = await until(() => of(beacons, 'partner', 'impression').length && of(beacons, 'partner', 'impression'), { what: 'the partner impression' });
  assert.equal(imp?.creative, 'demo/ads/partner.html', JSON.stringify(beacons));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the in-article ad goes after paragraph N of the body, never inside a figure or table', async () => {
  const page = await newPage(browser, { viewport: PHONE });
  await recordBeacons(page);
  await page.goto(server.url + '/bai/kien-thuy-ntm-2025');
  await page.waitForSelector('.bt-body .bt-ad-in-article');
  const before = await page.evaluate(() => {
    const inset = document.querySelector('.bt-body .bt-inset');
    const prev = inset.previousElementSibling;
    const ps = [...document.querySelector('.bt-body').children].filter((e) => e.tagName === 'P');
    return { prevIsThird: prev === ps[2], parent: inset.parentElement.className };
  });
  assert.deepEqual(before, { prevIsThird: true, parent: 'bt-body' });

  const feed = {
    version: 'https://jsonfeed.org/version/1.1', title: 'x',
    items: [
      { id: 'hinh-bang', title: 'Hình và bảng',
        content_html: '<p>Một</p><figure><img src="/demo/img/cho-que.svg" width="1200" height="675" alt=""><figcaption><p>chú thích</p></figcaption></figure>' +
          '<table><tr><td><p>ô một</p></td><td><p>ô hai</p></td></tr></table><p>Hai</p><blockquote><p>trích</p></blockquote><p>Ba</p><p>Bốn</p>' },
      { id: 'ngan', title: 'Ngắn', content_html: '<p>Chỉ một đoạn.</p>' },
      { id: 'chu', title: 'Chữ', content_text: 'Một\n\nHai\n\nBa\n\nBốn' },
    ],
  };
  await page.route('**/demo/feed.json', (r) => r.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(feed) }));
  const where = () => page.evaluate(() => {
    const ad = document.querySelector('.bt-ad-in-article');
    // What follows it in the text (the share and print tools come after the text).
    const next = ad.closest('.bt-inset').nextElementSibling;
    return {
      inside: !!ad.closest('figure, table, blockquote, ul, ol'),
      prev: ad.closest('.bt-inset').previousElementSibling?.textContent ?? null,
      next: next && !next.matches('.bt-article-tools') ? next.textContent : null,
    };
  });
  await page.goto(server.url + '/bai/hinh-bang');
  await page.waitForSelector('.bt-ad-in-article');
  assert.deepEqual(await where(), { inside: false, prev: 'Ba', next: 'Bốn' });
  await page.goto(server.url + '/bai/ngan');
  await page.waitForSelector('.bt-ad-in-article');
  assert.deepEqual(await where(), { inside: false, prev: 'Chỉ một đoạn.', next: null }, 'a short body keeps it at its end');
  await page.goto(server.url + '/bai/chu');
  await page.waitForSelector('.bt-ad-in-article');
  assert.deepEqual(await where(), { inside: false, prev: 'Ba', next: 'Bốn' }, 'plain-text bodies too');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('one page never shows a creative twice while there are others, and each page view picks again', async () => {
  const page = await newPage(browser, { viewport: DESKTOP });
  await recordBeacons(page);
  await page.goto(server.url + '/');
  await waitForList(page, 20);
  // A creative loads when its slot comes near: the ads' chunk (after the first screen) must be in
  // before the scroll passes the slots, or the ones above stay reservations. The header's shows it.
  await page.waitForSelector('aside.bt-ad[data-slot="top"] img[src]', { timeout: 15000 });
  await scrollThrough(page);
  // The creatives come with the ads' chunk, after the first screen: wait for them.
  await page.waitForFunction(() => document.querySelectorAll('aside.bt-ad img[src]').length >= 7, null, { timeout: 15000 })
    .catch(() => {});
  const shown = await page.evaluate(() => [...document.querySelectorAll('aside.bt-ad')]
    .map((a) => [a.dataset.slot, a.querySelector('img')?.getAttribute('src')]).filter(([, src]) => src));
  assert.ok(shown.length >= 7, JSON.stringify(shown));
  // Slots pick in turn (the header, sidebar and footer before the list has
  // loaded), so a creative may show twice only once every creative of that
  // slot's box is already on the page.
  const onPage = new Set(shown.map(([, src]) => new URL(src).pathname.slice(1)));
  const exhausted = (slot) => {
    const config = DEMO_CONFIG.ads.slots.find((s) => s.id === slot);
    const size = config.sizes.filter((s) => s.min_width <= 1366).sort((a, b) => b.min_width - a.min_width)[0];
    return config.creatives.filter((c) => c.width === size.width && c.height === size.height).every((c) => onPage.has(c.image));
  };
  for (const src of new Set(shown.map(([, src]) => src))) {
    const slots = shown.filter(([, s]) => s === src).map(([slot]) => slot);
    if (slots.length > 1) assert.ok(slots.some(exhausted), `${src} twice with alternatives left: ${JSON.stringify(shown)}`);
  }
  // The header ad over a dozen page views (route changes, no reload).
  const seen = new Set();
  for (let i = 0; i < 12; i++) {
    await page.evaluate(() => window.scrollTo(0, 0));
    if (i % 2 === 0) await page.locator('.bt-card-title a').first().click();
    else await page.locator('.bt-nav a').first().click();
    await page.waitForSelector(i % 2 === 0 ? 'h1.bt-article-title' : '.bt-list > .bt-card');
    await page.waitForSelector('aside[data-slot="top"] img');
    seen.add(await page.locator('aside[data-slot="top"] img').getAttribute('src'));
  }
  assert.ok(seen.size >= 2, `always ${[...seen]}`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the sticky bar: phones only, never hides the page, closes for the session', async () => {
  const context = await browser.newContext({ viewport: PHONE, serviceWorkers: 'block', bypassCSP: true });
  const page = await context.newPage();
  page.errors = [];
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  await recordBeacons(page);
  await page.goto(server.url + '/');
  await waitForList(page, 20);
  const bar = page.locator('aside[data-slot="sticky"]');
  await bar.waitFor();
  const geo = await page.evaluate(() => {
    const a = document.querySelector('aside[data-slot="sticky"]');
    const r = a.getBoundingClientRect();
    return { position: getComputedStyle(a).position, bottom: Math.round(r.bottom), height: r.height, vh: window.innerHeight,
      space: document.querySelector('.bt-ad-space').getBoundingClientRect().height };
  });
  assert.equal(geo.position, 'fixed');
  assert.equal(geo.bottom, geo.vh);
  assert.ok(geo.height <= 100, `height ${geo.height}`);
  assert.equal(geo.space, geo.height, 'the page is padded by the bar’s height');
  // At the very end of the page the footer is above the bar, not under it.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await visibleFraction(page, '.bt-footer');
  const covered = await page.evaluate(() => {
    const bar = document.querySelector('aside[data-slot="sticky"]').getBoundingClientRect();
    const last = [...document.querySelectorAll('.bt-footer p')].pop().getBoundingClientRect();
    return last.bottom > bar.top + 0.5;
  });
  assert.equal(covered, false, 'the footer is not hidden under the bar');

  const close = page.getByRole('button', { name: 'Đóng quảng cáo' });
  await close.click();
  await bar.waitFor({ state: 'detached' });
  assert.equal(await page.locator('.bt-ad-space').count(), 0);
  // Closed across navigation and reload, for this session.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.locator('.bt-card-title a').first().click();
  await page.waitForSelector('h1.bt-article-title');
  // The page's slots are placed and live (the bar would be among them).
  await page.waitForSelector('aside[data-slot="top"] img');
  assert.equal(await bar.count(), 0, 'after navigation');
  await page.reload();
  await page.waitForSelector('h1.bt-article-title');
  await page.waitForSelector('aside[data-slot="top"] img');
  assert.equal(await bar.count(), 0, 'after reload');
  assert.deepEqual(page.errors, []);
  // A new session shows it again.
  const fresh = await newPage(browser, { viewport: PHONE });
  await recordBeacons(fresh);
  await fresh.goto(server.url + '/');
  await fresh.locator('aside[data-slot="sticky"]').waitFor();
  await fresh.context().close();
  await context.close();
});

test('with sessionStorage blocked, the closed sticky bar stays closed in memory', async () => {
  const page = await newPage(browser, { viewport: PHONE });
  await recordBeacons(page);
  await page.addInitScript(() => {
    Object.defineProperty(window, 'sessionStorage', { get() { throw new DOMException('blocked', 'SecurityError'); } });
  });
  await page.goto(server.url + '/');
  await waitForList(page, 20);
  await page.getByRole('button', { name: 'Đóng quảng cáo' }).click();
  await page.locator('aside[data-slot="sticky"]').waitFor({ state: 'detached' });
  await page.locator('.bt-card-title a').first().click();
  await page.waitForSelector('h1.bt-article-title');
  await page.waitForSelector('aside[data-slot="top"] img');
  assert.equal(await page.locator('aside[data-slot="sticky"]').count(), 0);
  await page.goBack();
  await waitForList(page, 20);
  await page.waitForSelector('aside[data-slot="top"] img');
  assert.equal(await page.locator('aside[data-slot="sticky"]').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a dead beacon URL changes nothing for the reader and logs no errors', async () => {
  const page = await newPage(browser, { viewport: PHONE });
  const beacons = await recordBeacons(page, { fail: true });
  await page.goto(server.url + '/');
  await waitForList(page, 20);
  await until(() => beacons.attempts >= 1, { what: 'the header impression to be tried' });
  await page.locator('aside[data-slot="top"] a').click();
  await scrollThrough(page);
  await until(() => beacons.attempts >= 2, { what: `a second beacon tried (${beacons.attempts} so far)` });
  await waitForList(page, 20);
  // Chromium itself notes each failed request in the console ("Failed to load
  // resource"), as it does for any resource; the page cannot silence that, and
  // it is not ours. Nothing else may appear: no exception, no error of ours.
  const browserNotes = page.errors.filter((e) => e === 'console: Failed to load resource: net::ERR_FAILED');
  assert.ok(browserNotes.length <= beacons.attempts);
  assert.deepEqual(page.errors.filter((e) => !browserNotes.includes(e)), []);
  await page.context().close();
});

test('without beacon_url nothing is sent; malformed slots are skipped with a warning, the rest shown', async () => {
  const page = await newPage(browser, { viewport: DESKTOP });
  await watchCreativeLoads(page);
  await installClock(page);
  await logBeacons(page);
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  const sent = [];
  page.on('request', (r) => { if (r.method() === 'POST') sent.push(r.url()); });
  await page.context().route(/^https:\/\/example\.vn\//, (r) => r.fulfill({ status: 200, body: 'ok' }));
  const top = DEMO_CONFIG.ads.slots.find((s) => s.id === 'top');
  await withAds(page, {
    slots: [
      { id: 'popup', placement: 'interstitial', sizes: top.sizes, creatives: top.creatives },
      { id: 'nosize', placement: 'header', creatives: top.creatives },
      top,
      'rác',
    ],
  });
  await page.goto(server.url + '/');
  await waitForList(page, 20);
  // In view for long enough to count, and clicked: nothing goes out.
  assert.ok(await settledSlot(page, 'top') >= 0.5);
  await page.clock.runFor(1500);
  await page.locator('aside[data-slot="top"] a').click();
  assert.deepEqual(await beaconsSent(page), [], 'no beacon');
  assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('aside.bt-ad')].map((a) => a.dataset.slot)), ['top']);
  assert.equal(warnings.filter((w) => /^ads\.slots\[[013]\] skipped/.test(w)).length, 3, warnings.join('\n'));
  assert.deepEqual(sent, [], 'no beacons without beacon_url');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('English UI labels ads "Advertisement"', async () => {
  const page = await newPage(browser, { viewport: PHONE });
  await recordBeacons(page);
  const en = readFileSync(path.join(ROOT, 'demo/config.en.json'), 'utf8');
  await page.route('**/config.json', (r) => r.fulfill({ status: 200, contentType: 'application/json', body: en }));
  await page.goto(server.url + '/');
  await waitForList(page, 1);
  const top = page.locator('aside[data-slot="top"]');
  assert.equal(await top.getAttribute('aria-label'), 'Advertisement');
  assert.equal(await top.locator('.bt-ad-label').textContent(), 'Advertisement');
  // The close button comes with the live slot (the ads chunk, after the first list).
  await page.getByRole('button', { name: 'Close advertisement' }).waitFor();
  assert.ok(await page.getByRole('button', { name: 'Close advertisement' }).count() === 1);
  await page.context().close();
});
