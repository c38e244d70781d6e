// bantin as a guest in a portal's page (docs/embed.md): the reader in a
// <bantin-news> element on a page with a hostile theme (hosts/hostile.css),
// under the strictest policy a careful portal sends (Trusted Types too),
// routed under the portal's /tin-tuc/ while the portal's links stay its own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, PHONE, DESKTOP, FIRST_TITLE, startServer, launchBrowser, newPage } from './harness.mjs';
import { startPortal, STRICT_CSP } from './host-portal.mjs';

let server, portal, browser;
before(async () => {
  server = await startServer();
  portal = await startPortal({ bantin: server.url });
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await portal?.stop(); await server?.stop(); });

const cards = '.bt-list > .bt-card';
// The reader's element (the portal's page also has a latest-news widget beside it).
const READER = 'bantin-news:not([kind])';

/** A page under the portal's own policy, recording every policy violation it reports. */
async function portalPage(options = {}) {
  const page = await newPage(browser, { bypassCSP: false, ...options });
  // Not inline script in the page: Playwright runs it before the page's own.
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__violations.push(`${e.violatedDirective}: ${e.blockedURI}`));
  });
  return page;
}

async function violations(page) {
  return page.evaluate(() => window.__violations);
}

/** The computed value of `property` of the first element matching `selector` (inside bantin too). */
function computed(page, selector, property) {
  return page.locator(selector).first().evaluate((el, p) => getComputedStyle(el)[p], property);
}

test('the reader mounts in the portal page, under its path, with the strict policy and Trusted Types', async () => {
  const page = await portalPage();
  const response = await page.goto(portal.url + '/tin-tuc/');
  assert.equal(response.headers()['content-security-policy'], STRICT_CSP);
  await page.locator(cards).nth(9).waitFor({ timeout: 15000 });
  // Inside the element's shadow root, not in the portal's document.
  assert.equal(await page.evaluate(() => document.querySelectorAll('.bt-card').length), 0);
  assert.equal((await page.locator(cards).first().locator('.bt-card-title').textContent()).trim(), FIRST_TITLE);
  // The language and the reader's choices are the element's, not the portal's <html>.
  assert.equal(await page.getAttribute(READER, 'lang'), 'vi');
  assert.equal(await page.title(), 'Tin mới – Bản tin Kiến Thụy');
  // The article's links live under the portal's /tin-tuc/.
  const href = await page.locator(cards).first().locator('.bt-card-title a').getAttribute('href');
  assert.match(href, /^\/tin-tuc\/bai\/[^/]+$/);
  assert.deepEqual(await violations(page), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the portal\'s theme does not reach bantin, and bantin does not restyle the portal', async () => {
  const page = await portalPage();
  await page.goto(portal.url + '/tin-tuc/');
  await page.locator(cards).nth(2).waitFor({ timeout: 15000 });
  // The portal keeps its own rules: html at 10px, red links, unset buttons, floated images.
  assert.equal(await computed(page, 'html', 'fontSize'), '10px');
  assert.equal(await computed(page, 'a.portal-link', 'color'), 'rgb(255, 0, 0)');
  assert.equal(await computed(page, 'button.portal-button', 'backgroundColor'), 'rgba(0, 0, 0, 0)');
  assert.equal(await computed(page, 'img.portal-logo', 'float'), 'left');
  assert.equal(await computed(page, 'body', 'textAlign'), 'justify');
  assert.equal(await computed(page, '.portal-header', 'boxSizing'), 'content-box');

  // bantin keeps its own: text at its size (not 62.5 % of it), its link colour, its box model,
  // its buttons, its images in the flow, its alignment and the portal's accent (--bantin-accent).
  assert.equal(await computed(page, '.bt-app', 'fontSize'), '17px');
  assert.equal(await computed(page, '.bt-card-title a', 'color'), 'rgb(28, 27, 31)');
  assert.notEqual(await computed(page, '.bt-card-summary', 'color'), 'rgb(255, 0, 0)');
  assert.equal(await computed(page, '.bt-card', 'boxSizing'), 'border-box');
  assert.equal(await computed(page, '.bt-card img', 'float'), 'none');
  assert.equal(await computed(page, '.bt-app', 'textAlign'), 'start');
  assert.equal(await computed(page, '.bt-app', 'fontFamily').then((f) => f.includes('Georgia')), false);
  assert.equal(await computed(page, '.bt-search-go', 'backgroundColor'), 'rgb(10, 77, 140)');
  assert.equal(await computed(page, '.bt-search-go', 'minHeight'), '44px');
  const header = await page.locator('.bt-header').first().evaluate((el) => getComputedStyle(el).borderBottomColor);
  assert.equal(header, 'rgb(10, 77, 140)');
  // Nothing of bantin's in the portal's document: no stylesheet, no attribute on <html>.
  assert.equal(await page.evaluate(() => [...document.styleSheets].filter((s) => !/hostile|theme/.test(s.href)).length), 0);
  assert.deepEqual(await page.evaluate(() => document.documentElement.getAttributeNames().sort()), ['lang']);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('reading inside the portal changes only addresses under /tin-tuc/; the portal\'s links load pages', async () => {
  const page = await portalPage();
  await page.goto(portal.url + '/tin-tuc/');
  await page.locator(cards).nth(3).waitFor({ timeout: 15000 });
  // A marker that a full page load would lose.
  await page.evaluate(() => { window.__samePage = true; });
  const title = (await page.locator(cards).nth(3).locator('.bt-card-title').textContent()).trim();
  await page.locator(cards).nth(3).locator('.bt-card-title a').click();
  await page.locator('h1.bt-article-title').waitFor();
  assert.equal((await page.locator('h1.bt-article-title').textContent()).trim(), title);
  assert.match(new URL(page.url()).pathname, /^\/tin-tuc\/bai\/[^/]+$/);
  assert.ok(await page.locator('.bt-body p').count() >= 1, 'the article text, sanitized under Trusted Types');
  assert.equal(await page.evaluate(() => window.__samePage), true, 'no page load inside the reader');
  await page.goBack();
  await page.locator(cards).nth(3).waitFor();
  assert.equal(new URL(page.url()).pathname, '/tin-tuc/');
  assert.equal(await page.evaluate(() => window.__samePage), true);

  // The portal's own link: a full page load, which bantin leaves to the browser.
  await Promise.all([page.waitForEvent('load'), page.locator('a.portal-link[href="/gioi-thieu"]').click()]);
  assert.equal(new URL(page.url()).pathname, '/gioi-thieu');
  assert.equal(await page.evaluate(() => window.__samePage), undefined);
  assert.equal(await page.locator('h1.about').textContent(), 'Giới thiệu huyện');
  assert.deepEqual(await violations(page), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a shared article link under the portal opens the article, with no policy violation', async () => {
  const first = await portalPage();
  await first.goto(portal.url + '/tin-tuc/');
  // Not the demo's hostile article (its harmless <img src=x> is a 404 in the console).
  const href = await first.locator(cards).nth(2).locator('.bt-card-title a').getAttribute('href');
  const title = (await first.locator(cards).nth(2).locator('.bt-card-title').textContent()).trim();
  await first.context().close();

  const page = await portalPage({ viewport: PHONE });
  await page.goto(portal.url + href);
  await page.locator('h1.bt-article-title').waitFor({ timeout: 15000 });
  assert.equal((await page.locator('h1.bt-article-title').textContent()).trim(), title);
  assert.ok(await page.locator('.bt-body p').count() >= 1);
  // Its config.json and feed came from /static/bantin/, not from under the deep link.
  assert.deepEqual(await violations(page), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the reader\'s text size and dark mode apply to the element only', async () => {
  // A reader whose phone is dark: the portal's page is light, and so is bantin in it, by default.
  const page = await portalPage({ viewport: DESKTOP, colorScheme: 'dark' });
  await page.goto(portal.url + '/tin-tuc/');
  await page.locator(cards).first().locator('.bt-card-title a').click();
  await page.locator('h1.bt-article-title').waitFor();
  const before = parseFloat(await computed(page, '.bt-body', 'fontSize'));
  await page.locator('.bt-tools button[data-bt-do=bigger]').click();
  await page.waitForFunction(() => document.querySelector('bantin-news:not([kind])').dataset.btSize === '1');
  const after = parseFloat(await computed(page, '.bt-body', 'fontSize'));
  assert.ok(after > before * 1.1, `${before} → ${after}`);
  assert.equal(await computed(page, 'html', 'fontSize'), '10px', 'the portal\'s own size is untouched');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.btSize), undefined);

  // Light like the portal's page until the reader chooses dark: then the reader alone is dark.
  const background = () => page.locator(READER).evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(await background(), 'rgb(255, 255, 255)');
  await page.locator('.bt-tools button[data-bt-do=theme]').click();
  await page.waitForFunction(() => document.querySelector('bantin-news:not([kind])').dataset.btTheme === 'dark');
  assert.equal(await background(), 'rgb(20, 19, 22)');
  assert.equal(await computed(page, 'body', 'backgroundColor'), 'rgba(0, 0, 0, 0)', 'the portal\'s page stays as it was');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.btTheme), undefined);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the standalone app under the same strict policy: a deep link, its service worker, no <base>', async () => {
  // bantin-server's own policy is looser (feeds and ads on other origins); here the page gets the
  // portal's, Trusted Types included. Workers allowed: registering one takes a TrustedScriptURL.
  const page = await portalPage({ serviceWorkers: 'allow' });
  await page.route((url) => url.pathname.startsWith('/bai/'), async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': STRICT_CSP } });
  });
  const list = await newPage(browser);
  await list.goto(server.url + '/');
  const href = await list.locator(cards).nth(4).locator('.bt-card-title a').getAttribute('href');
  const title = (await list.locator(cards).nth(4).locator('.bt-card-title').textContent()).trim();
  await list.context().close();

  const response = await page.goto(server.url + href);
  assert.equal(response.headers()['content-security-policy'], STRICT_CSP);
  assert.equal(await page.locator('base').count(), 0, 'base-uri \'none\' would refuse a <base>');
  await page.locator('h1.bt-article-title').waitFor({ timeout: 15000 });
  assert.equal((await page.locator('h1.bt-article-title').textContent()).trim(), title);
  assert.ok(await page.locator('.bt-body p').count() >= 1);
  // Offline reading's worker, registered through the `bantin-sw` policy.
  await page.waitForFunction(() => navigator.serviceWorker.getRegistration().then((r) => !!r?.active), null, { timeout: 15000 });
  assert.deepEqual(await violations(page), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('hostile article HTML (the DOMPurify corpus) is sanitized under the strict policy without a report', async () => {
  // Every payload an article of its own; the browser reports an inline handler, style attribute
  // or <style> even while only parsing it, so the sanitizer defuses them first (src/sanitize/defuse.rs).
  const corpus = JSON.parse(readFileSync(path.join(ROOT, '../shared/testdata/dompurify/expect.json'), 'utf8'));
  const items = corpus.map((c, i) => ({
    id: `p${i}`, url: `https://example.org/p${i}`, title: `Mẫu ${i}`,
    content_html: `<p>Mở đầu ${i}</p>${c.payload}`, date_published: '2024-01-01T08:00:00+07:00',
  }));
  const page = await portalPage();
  await page.addInitScript(() => {
    for (const name of ['alert', 'confirm', 'prompt', 'print']) window[name] = () => { (window.__xss ||= []).push(name); };
  });
  await page.route('**/static/bantin/demo/feed.json', (route) => route.fulfill({
    contentType: 'application/feed+json',
    body: JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'Mẫu', items }),
  }));
  await page.goto(portal.url + '/tin-tuc/');
  await page.locator(cards).first().waitFor({ timeout: 15000 });
  const shown = [];
  for (let i = 0; i < items.length; i++) {
    // The reader's own navigation, without a page load: as a click on a link would.
    await page.evaluate((i) => {
      history.pushState({}, '', `/tin-tuc/bai/p${i}`);
      dispatchEvent(new PopStateEvent('popstate', { state: {} }));
    }, i);
    await page.locator('h1.bt-article-title', { hasText: new RegExp(`^Mẫu ${i}$`) }).waitFor();
    await page.locator('.bt-body p', { hasText: `Mở đầu ${i}` }).or(page.locator('.bt-article .bt-error'))
      .first().waitFor();
    if (await page.locator('.bt-body p', { hasText: `Mở đầu ${i}` }).count()) shown.push(i);
    const reported = await violations(page);
    assert.deepEqual(reported, [], `payload ${i} (${corpus[i].title}): ${reported.join(', ')}`);
  }
  assert.ok(shown.length > corpus.length * 0.9, `${shown.length} of ${corpus.length} articles shown`);
  // Nothing ran: no payload's handler, script or javascript: URL.
  assert.equal(await page.evaluate(() => window.__xss ?? null), null);
  // The corpus's images point nowhere (`src=x`): their 404s are the only console errors.
  assert.deepEqual(page.errors.filter((e) => !/Failed to load resource: .*404/.test(e)), []);
  await page.context().close();
});

test('a second reader on the page stays empty and says why in the console', async () => {
  const page = await portalPage();
  await page.goto(portal.url + '/tin-tuc/');
  await page.locator(cards).first().waitFor({ timeout: 15000 });
  const said = page.waitForEvent('console', (m) => m.type() === 'error' && /one reader a page/.test(m.text()));
  await page.evaluate(() => {
    const second = document.createElement('bantin-news');
    second.id = 'second';
    second.setAttribute('src', '/static/bantin/config.json');
    document.querySelector('.portal-aside').append(second);
  });
  await said;
  assert.equal(await page.evaluate(() => document.getElementById('second').shadowRoot), null);
  // The first reader goes on as before.
  assert.ok(await page.locator(cards).count() >= 10);
  assert.deepEqual(page.errors.filter((e) => !/one reader a page/.test(e)), []);
  await page.context().close();
});
