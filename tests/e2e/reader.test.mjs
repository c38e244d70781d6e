// The reader, as a person uses it: read the list, open an article, reload its
// address, go back, load more, use a phone, meet a broken or failing server,
// and read hostile article HTML without anything running.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, PHONE, DESKTOP, FIRST_TITLE, startServer, launchBrowser, newPage, waitForList, afterFrames, until } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('the list shows the latest news with title, summary, date and author', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '/');
  await waitForList(page, 20);
  assert.equal(await page.locator('h1').first().textContent(), 'Tin mới');
  const first = page.locator('.bt-list > .bt-card').first();
  assert.equal((await first.locator('.bt-card-title').textContent()).trim(), FIRST_TITLE);
  assert.match(await first.locator('time').textContent(), /^14\/08\/2023 08:30$/);
  assert.equal(await first.locator('.bt-author').textContent(), 'Mai Chi');
  assert.ok((await first.locator('.bt-card-summary').textContent()).startsWith('Tiếp tục hành trình'));
  assert.ok(await first.locator('img').getAttribute('width'), 'thumbnails reserve their space');
  assert.equal(await page.locator('.bt-list > .bt-card').count(), 20);
  assert.match(await page.title(), /Tin mới/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the lead cards load their images at once and first; the rest load lazily', async () => {
  const page = await newPage(browser, { viewport: PHONE });
  await page.goto(server.url + '/');
  await waitForList(page, 20);
  const images = await page.locator('.bt-list > .bt-card img').evaluateAll((imgs) =>
    imgs.map((i) => [i.getAttribute('loading'), i.getAttribute('fetchpriority')]));
  assert.ok(images.length > 3, `${images.length} card images`);
  assert.deepEqual(images.slice(0, 2), [['eager', 'high'], ['eager', 'high']]);
  for (const [i, attrs] of images.slice(2).entries()) assert.deepEqual(attrs, ['lazy', 'auto'], `card ${i + 3}`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the app runs under bantin-server\'s Content-Security-Policy (no inline script) with no violation', async () => {
  // No instrumentation (it would be inline script): the page as a reader gets it.
  const page = await newPage(browser, { bypassCSP: false });
  const response = await page.goto(server.url + '/');
  assert.match(response.headers()['content-security-policy'] ?? '', /script-src 'self' 'wasm-unsafe-eval';/);
  await waitForList(page, 5);
  await page.locator('.bt-list > .bt-card').first().locator('.bt-card-title a').click();
  await page.waitForSelector('.bt-body p');
  assert.deepEqual(page.errors.filter((e) => /Content Security Policy|Refused to/i.test(e)), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('open an article, reload its address, then go back to the same place in the list', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '/');
  await waitForList(page, 20);
  // Scroll down to an item further down, remember where we are, and open it.
  const target = page.locator('.bt-list > .bt-card').nth(12).locator('.bt-card-title a');
  await target.scrollIntoViewIfNeeded();
  const title = (await target.textContent()).trim();
  const scrollBefore = await page.evaluate(() => window.scrollY);
  assert.ok(scrollBefore > 300, `scrolled to ${scrollBefore}`);
  await target.click();
  await page.waitForSelector('h1.bt-article-title');
  assert.equal(await page.locator('h1').textContent(), title);
  assert.match(page.url(), /\/bai\/[a-z0-9-]+$/);
  assert.match(await page.title(), new RegExp(title.slice(0, 20)));
  assert.ok(await page.locator('.bt-body p').count() >= 2, 'the body is there');

  // A reload (or a shared link) opens the same article.
  const articleUrl = page.url();
  await page.reload();
  await page.waitForSelector('h1.bt-article-title');
  assert.equal(await page.locator('h1').textContent(), title);
  assert.equal(page.url(), articleUrl);

  // Back from the list's own navigation: open from list, then back.
  await page.goto(server.url + '/');
  await waitForList(page, 20);
  await page.locator('.bt-list > .bt-card').nth(12).locator('.bt-card-title a').scrollIntoViewIfNeeded();
  const y = await page.evaluate(() => window.scrollY);
  await page.locator('.bt-list > .bt-card').nth(12).locator('.bt-card-title a').click();
  await page.waitForSelector('h1.bt-article-title');
  await page.goBack();
  await waitForList(page, 20);
  await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 5, y, { timeout: 5000 });
  assert.equal(new URL(page.url()).pathname, '/');
  await page.goForward();
  await page.waitForSelector('h1.bt-article-title');
  assert.equal(await page.locator('h1').textContent(), title);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('an article shows its date in the site time zone, author, tags and related articles', async () => {
  const page = await newPage(browser, { timezoneId: 'America/New_York' });
  await page.goto(server.url + '/bai/kien-thuy-ntm-2025');
  await page.waitForSelector('h1.bt-article-title');
  assert.equal(await page.locator('h1').textContent(), FIRST_TITLE);
  // 08:30 in Hồ Chí Minh city even though this browser lives in New York.
  assert.equal(await page.locator('.bt-article .bt-meta time').first().textContent(), '14/08/2023 08:30');
  assert.match(await page.locator('.bt-article .bt-author').textContent(), /Mai Chi/);
  // The demo's summary is the opening of the body: not repeated as a lead.
  assert.equal(await page.locator('.bt-lead').count(), 0);
  assert.ok(await page.locator('.bt-tags li').count() >= 1);
  // Related articles come after the text and its hero image (their own chunk).
  await page.locator('.bt-related li a').first().waitFor({ timeout: 10000 });
  await page.context().close();
});

test('"Xem thêm" loads the next pages until the end of the feed', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '/');
  await waitForList(page, 20);
  await page.getByRole('button', { name: 'Xem thêm' }).click();
  await waitForList(page, 40);
  await page.getByRole('button', { name: 'Xem thêm' }).click();
  await waitForList(page, 60);
  await page.getByText('Bạn đã xem hết tin.').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Xem thêm' }).count(), 0);
  await page.context().close();
});

test('while "Xem thêm" fetches the next page the button says so and takes no second press; then it is ready again', async () => {
  const page = await newPage(browser);
  let release;
  const gate = new Promise((r) => { release = r; });
  await page.route('**/demo/feed-2.json', async (r) => { await gate; await r.continue(); });
  await page.goto(server.url + '/');
  await waitForList(page, 20);
  await page.getByRole('button', { name: 'Xem thêm' }).click();
  const busy = page.getByRole('button', { name: 'Đang tải thêm…' });
  await busy.waitFor();
  assert.ok(await busy.isDisabled(), 'the busy button cannot be pressed');
  assert.equal(await busy.getAttribute('aria-busy'), 'true');
  assert.equal(await page.locator('.bt-list > .bt-card').count(), 20, 'the list stays as it was meanwhile');
  release();
  await waitForList(page, 40);
  const ready = page.getByRole('button', { name: 'Xem thêm' });
  await ready.waitFor();
  assert.ok(await ready.isEnabled());
  assert.equal(await ready.getAttribute('aria-busy'), null);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a deep link to an article on a later page of the feed finds it', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '/bai/thoi-su-00058');
  await page.waitForSelector('h1.bt-article-title', { timeout: 15000 });
  assert.ok((await page.locator('h1').textContent()).length > 10);
  await page.context().close();
});

test('an unknown article and an unknown path get a proper not-found page', async () => {
  const page = await newPage(browser);
  for (const p of ['/bai/khong-ton-tai', '/trang-khong-co']) {
    await page.goto(server.url + p);
    await page.getByRole('heading', { level: 1, name: 'Không tìm thấy trang' }).waitFor({ timeout: 15000 });
    await page.getByRole('link', { name: 'Về trang tin mới' }).click();
    await waitForList(page, 1);
  }
  await page.context().close();
});

for (const width of [320, 390]) {
  test(`a ${width}px phone never scrolls sideways, on the list and on an article`, async () => {
    const page = await newPage(browser, { viewport: { width, height: 844 }, isMobile: true, hasTouch: true });
    for (const p of ['/', '/bai/kien-thuy-ntm-2025', '/bai/kiem-thu-an-toan']) {
      await page.goto(server.url + p);
      await page.waitForSelector('.bt-list, h1.bt-article-title');
      await page.waitForLoadState('networkidle');
      const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
      assert.ok(scroll <= inner, `${p}: page is ${scroll}px wide in a ${inner}px viewport`);
    }
    await page.context().close();
  });
}

test('a feed that is not JSON gets a clear message', async () => {
  const page = await newPage(browser);
  await page.route('**/demo/feed.json', (r) => r.fulfill({ status: 200, contentType: 'text/html', body: '<html>Bad Gateway</html>' }));
  await page.goto(server.url + '/');
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /không đúng định dạng/);
  await page.context().close();
});

test('a feed whose items is not a list is explained', async () => {
  const page = await newPage(browser);
  await page.route('**/demo/feed.json', (r) => r.fulfill({ status: 200, contentType: 'application/json', body: '{"version":"https://jsonfeed.org/version/1.1","title":"x","items":{"a":1}}' }));
  await page.goto(server.url + '/');
  await page.getByRole('alert').waitFor();
  assert.match(await page.getByRole('alert').textContent(), /Nguồn tin không hợp lệ/);
  await page.context().close();
});

test('HTTP 500 shows a message, and "Thử lại" recovers once the server is back', async () => {
  const page = await newPage(browser);
  let failing = true;
  await page.route('**/demo/feed.json', (r) => failing ? r.fulfill({ status: 500, body: 'boom' }) : r.continue());
  await page.goto(server.url + '/');
  await page.getByRole('alert').waitFor();
  assert.match(await page.getByRole('alert').textContent(), /sự cố.*500/);
  failing = false;
  await page.getByRole('button', { name: 'Thử lại' }).click();
  await waitForList(page, 20);
  assert.equal(await page.getByRole('alert').count(), 0);
  await page.context().close();
});

test('an unreachable feed says so; a failing "Xem thêm" keeps the list', async () => {
  const page = await newPage(browser);
  await page.route('**/demo/feed-2.json', (r) => r.abort('connectionrefused'));
  await page.goto(server.url + '/');
  await waitForList(page, 20);
  await page.getByRole('button', { name: 'Xem thêm' }).click();
  await page.getByRole('alert').waitFor();
  assert.match(await page.getByRole('alert').textContent(), /Không kết nối được/);
  assert.equal(await page.locator('.bt-list > .bt-card').count(), 20, 'what was read stays');
  await page.unroute('**/demo/feed-2.json');
  await page.getByRole('button', { name: 'Thử lại' }).click();
  await waitForList(page, 40);
  await page.context().close();
});

test('a missing config.json gives a clear message, not a blank page', async () => {
  const page = await newPage(browser);
  await page.route('**/config.json', (r) => r.fulfill({ status: 404, body: 'not found' }));
  await page.goto(server.url + '/');
  await page.getByRole('alert').waitFor();
  assert.match(await page.getByRole('alert').textContent(), /config\.json/);
  // Once config.json is back, "Thử lại" boots the portal without a reload.
  await page.unroute('**/config.json');
  await page.evaluate(() => { window.__sameDocument = true; });
  await page.getByRole('button', { name: /Thử lại/ }).click();
  await waitForList(page, 20);
  assert.equal(await page.getByRole('alert').count(), 0);
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no reload');
  // The browser's own note of the 404; nothing thrown by the app.
  assert.deepEqual(page.errors.filter((e) => !/Failed to load resource/.test(e)), []);
  await page.context().close();
});

test('hostile article HTML is shown harmlessly: nothing runs, nothing dangerous survives', async () => {
  const page = await newPage(browser);
  await page.addInitScript(() => {
    window.__xss = [];
    window.alert = (m) => window.__xss.push(String(m));
  });
  page.on('dialog', (d) => { page.errors.push('dialog opened'); d.dismiss(); });
  const hostile = {
    version: 'https://jsonfeed.org/version/1.1', title: 'x',
    items: [{
      id: 'doc-hai', title: '<img src=x onerror=alert(1)>Tiêu đề', summary: '<script>alert(2)</script>Tóm tắt',
      authors: [{ name: '<b onmouseover=alert(3)>Kẻ xấu</b>' }],
      content_html: '<p>Đoạn đầu</p><script>alert(4)</script><img src=x onerror="alert(5)"><a href="javascript:alert(6)">bấm</a>' +
        '<iframe src="javascript:alert(7)"></iframe><svg onload=alert(8)></svg><form action="javascript:alert(9)"><button>x</button></form>' +
        '<p style="position:fixed" onclick="alert(10)" id="bantin">Đoạn hai</p><math><mi xlink:href="javascript:alert(11)">m</mi></math>' +
        '<object data="javascript:alert(12)"></object><base href="javascript:alert(13)//"><meta http-equiv="refresh" content="0;url=javascript:alert(14)">',
    }],
  };
  await page.route('**/demo/feed.json', (r) => r.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(hostile) }));
  await page.goto(server.url + '/bai/doc-hai');
  await page.waitForSelector('h1.bt-article-title');
  // Every image has loaded or failed: an onerror that got through would have run by now.
  await page.waitForFunction(() => [...document.images].every((i) => i.complete));
  const body = page.locator('.bt-body');
  assert.match(await body.textContent(), /Đoạn đầu/);
  assert.match(await body.textContent(), /Đoạn hai/);
  const report = await page.evaluate(() => {
    const root = document.querySelector('.bt-body');
    const bad = root.querySelectorAll('script,style,iframe,object,embed,form,svg,math,base,meta,link,button');
    const attrs = [...root.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => a.name))
      .filter((n) => n.startsWith('on') || n === 'style' || n === 'id' || n === 'name');
    const urls = [...root.querySelectorAll('[href],[src]')].map((el) => el.getAttribute('href') ?? el.getAttribute('src'))
      .filter((u) => /^\s*(javascript|data|vbscript):/i.test(u));
    return { bad: bad.length, attrs, urls, xss: window.__xss, mount: !!document.getElementById('bantin') };
  });
  assert.deepEqual(report, { bad: 0, attrs: [], urls: [], xss: [], mount: true });
  // Titles and names are text, never markup.
  assert.equal(await page.locator('h1').textContent(), 'Tiêu đề');
  assert.equal(await page.locator('h1 img').count(), 0);
  assert.ok(!page.errors.includes('dialog opened'));
  await page.context().close();
});

test('the demo article that carries hostile markup is readable and inert', async () => {
  const page = await newPage(browser);
  await page.addInitScript(() => { window.__xss = 0; window.alert = () => { window.__xss++; }; });
  await page.goto(server.url + '/bai/kiem-thu-an-toan');
  await page.waitForSelector('.bt-body p');
  await page.waitForFunction(() => [...document.images].every((i) => i.complete));
  assert.equal(await page.evaluate(() => window.__xss), 0);
  assert.equal(await page.locator('.bt-body script, .bt-body [onerror]').count(), 0);
  await page.context().close();
});

test('English UI when the site language is en', async () => {
  const page = await newPage(browser);
  const en = readFileSync(path.join(ROOT, 'demo/config.en.json'), 'utf8');
  await page.route('**/config.json', (r) => r.fulfill({ status: 200, contentType: 'application/json', body: en }));
  await page.goto(server.url + '/');
  await waitForList(page, 1);
  assert.equal(await page.locator('h1').first().textContent(), 'Latest news');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.match(await page.locator('.bt-list time').first().textContent(), /^14 Aug 2023, 08:30$/);
  await page.context().close();
});

test('items without an id are skipped and counted; the rest of the feed is shown', async () => {
  const page = await newPage(browser);
  const feed = { version: 'https://jsonfeed.org/version/1.1', title: 'x', items: [
    { id: 'a', title: 'Tin một', content_text: 'Một.' },
    { title: 'Không có mã', content_text: 'Bỏ qua.' },
    { id: 'b', title: 'Tin hai', content_text: 'Hai.' },
    { id: { nested: true }, title: 'Mã sai kiểu' },
  ] };
  await page.route('**/demo/feed.json', (r) => r.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(feed) }));
  await page.goto(server.url + '/');
  await waitForList(page, 2);
  assert.deepEqual(await page.locator('.bt-card-title').allTextContents(), ['Tin một', 'Tin hai']);
  assert.equal((await page.locator('.bt-notice').textContent()).trim(), '2 bài trong nguồn tin bị lỗi và đã được bỏ qua.');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a feed page over 2 MB shows its first 1,000 items without taking its size in memory', async () => {
  const page = await newPage(browser);
  // 3,000 items of Vietnamese text: 2.9 million characters.
  const body = 'Người dân xã Tân Phong góp đất, góp công làm đường bê tông liên thôn. '.repeat(12);
  const items = Array.from({ length: 3000 }, (_, i) => ({ id: `tin-${i}`, url: `https://bao.vn/tin-${i}`, title: `Tin số ${i}`, content_text: body }));
  const feed = JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'Bản tin', items });
  assert.ok(feed.length > 2_000_000);
  await page.addInitScript(() => addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail.wasm; }));
  await page.route('**/demo/feed.json', (r) => r.fulfill({ status: 200, contentType: 'application/json', body: feed }));
  await page.goto(server.url + '/');
  await waitForList(page, 20);
  assert.equal((await page.locator('.bt-card-title').first().textContent()).trim(), 'Tin số 0');
  // The browser cut the page before it crossed into wasm (platform::http::cut_if_large):
  // 5.8 MiB of wasm memory. The build before the cut took 11.9 MiB here (the whole page
  // crossing), and wasm memory never shrinks.
  const mib = await page.evaluate(() => window.__wasm.memory.buffer.byteLength / 1048576);
  assert.ok(mib < 9, `${mib.toFixed(1)} MiB of wasm memory`);
  // The last item the page keeps opens from a link; the text made the round trip whole.
  await page.goto(server.url + '/bai/tin-999');
  await page.locator('h1.bt-article-title').waitFor();
  assert.equal((await page.locator('h1.bt-article-title').textContent()).trim(), 'Tin số 999');
  assert.match(await page.locator('.bt-article .bt-body').textContent(), /góp công làm đường bê tông liên thôn/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('an empty feed says there is no news yet', async () => {
  const page = await newPage(browser);
  await page.route('**/demo/feed.json', (r) => r.fulfill({ status: 200, contentType: 'application/json', body: '{"version":"https://jsonfeed.org/version/1.1","title":"x","items":[]}' }));
  await page.goto(server.url + '/');
  await page.getByText('Chưa có tin nào').waitFor();
  await page.context().close();
});

test('the skeleton holds the list’s place while the feed loads', async () => {
  const page = await newPage(browser);
  let release;
  const gate = new Promise((r) => { release = r; });
  await page.route('**/demo/feed.json', async (r) => { await gate; await r.continue(); });
  await page.goto(server.url + '/');
  await page.locator('.bt-skeleton-list').waitFor();
  assert.equal(await page.locator('.bt-skeleton-list').getAttribute('aria-busy'), 'true');
  release();
  await waitForList(page, 20);
  assert.equal(await page.locator('.bt-skeleton-list').count(), 0);
  await page.context().close();
});

test('keyboard only: skip link, then open an article with Enter', async () => {
  const page = await newPage(browser, { viewport: DESKTOP });
  await page.goto(server.url + '/');
  await waitForList(page, 20);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'bt-skip');
  // The skip link jumps past the header (its sections and search box): from
  // there, Tab on until the first article title link has focus.
  await page.keyboard.press('Enter');
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    const inTitle = await page.evaluate(() => !!document.activeElement.closest('.bt-card-title'));
    if (inTitle) break;
  }
  assert.ok(await page.evaluate(() => !!document.activeElement.closest('.bt-card-title')), 'reached a title by Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'focus is visible');
  await page.keyboard.press('Enter');
  await page.waitForSelector('h1.bt-article-title');
  await page.context().close();
});

test('with the browser set to twice the text size, a phone still needs no sideways scrolling and the skip link stays hidden until focused', async () => {
  const page = await newPage(browser, { viewport: PHONE });
  // What a reader's "very large" font setting does: the root font size doubles.
  await page.addInitScript(() => {
    document.addEventListener('DOMContentLoaded', () => { document.documentElement.style.fontSize = '200%'; });
  });
  await page.goto(server.url + '/');
  await waitForList(page, 1);
  await page.locator('#bt-visitors').waitFor();
  assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize), '32px');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no sideways scrolling: ${overflow}px`);
  const skip = page.locator('.bt-skip');
  assert.ok((await skip.boundingBox()).y + (await skip.boundingBox()).height <= 0, 'the skip link is above the page');
  await page.keyboard.press('Tab');
  assert.ok((await skip.boundingBox()).y >= 0, 'and in view once focused');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('no serious or critical axe-core violations on the list and an article', async () => {
  const axe = readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
  for (const viewport of [PHONE, DESKTOP]) {
    const page = await newPage(browser, { viewport });
    for (const p of ['/', '/bai/kien-thuy-ntm-2025']) {
      await page.goto(server.url + p);
      await page.waitForSelector('.bt-list, h1.bt-article-title');
      await page.waitForLoadState('networkidle');
      await page.addScriptTag({ content: axe });
      const violations = await page.evaluate(async () => {
        const r = await window.axe.run(document, { resultTypes: ['violations'] });
        return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
      });
      assert.deepEqual(violations, [], `${p} at ${viewport.width}px`);
    }
    await page.context().close();
  }
});

test('a long feed page is shown in steps of 20, without fetching again', async () => {
  const page = await newPage(browser);
  const items = Array.from({ length: 45 }, (_, i) => ({ id: `bai-${i}`, title: `Tin số ${i + 1}`, content_text: 'Nội dung.' }));
  let fetches = 0;
  await page.route('**/demo/feed.json', (r) => { fetches++; return r.fulfill({ contentType: 'application/json', body: JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'x', items }) }); });
  await page.goto(server.url + '/');
  await waitForList(page, 20);
  assert.equal(await page.locator('.bt-list > .bt-card').count(), 20);
  await page.getByRole('button', { name: 'Xem thêm' }).click();
  await waitForList(page, 40);
  await page.getByRole('button', { name: 'Xem thêm' }).click();
  await waitForList(page, 45);
  await page.getByText('Bạn đã xem hết tin.').waitFor();
  assert.equal(await page.locator('.bt-list > .bt-card').count(), 45);
  assert.equal(fetches, 1);
  await page.context().close();
});

test('nothing moves while the list or an article loads (layout shift 0)', async () => {
  for (const viewport of [PHONE, DESKTOP]) {
    const page = await newPage(browser, { viewport });
    await page.addInitScript(() => {
      window.__cls = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    for (const p of ['/', '/bai/kien-thuy-ntm-2025']) {
      await page.goto(server.url + p);
      await page.waitForSelector('.bt-list > .bt-card, .bt-body p');
      await page.waitForLoadState('networkidle');
      // The frames after the last load: a shift is recorded with the frame that made it.
      await afterFrames(page);
      assert.equal(await page.evaluate(() => window.__cls), 0, `${p} at ${viewport.width}px`);
    }
    await page.context().close();
  }
});

test('bantin-server\'s page names the feed and the first card\'s picture to preload: each fetched with the page\'s first files, once', async () => {
  const page = await newPage(browser);
  const asked = new Map();
  page.on('request', (r) => {
    const p = new URL(r.url()).pathname;
    asked.set(p, (asked.get(p) ?? 0) + 1);
  });
  const answer = await page.goto(server.url + '/');
  assert.deepEqual(await answer.headerValues('link'), [
    '</demo/feed.json>; rel=preload; as=fetch; crossorigin=anonymous',
    '</demo/img/ruong-lua.svg>; rel=preload; as=image; fetchpriority=high',
  ]);
  await waitForList(page, 5);
  // The picture the header named is the one the first card shows.
  assert.equal(new URL(await page.locator('.bt-list > .bt-card').first().locator('img').getAttribute('src'), server.url).pathname,
    '/demo/img/ruong-lua.svg');
  await page.waitForLoadState('networkidle');
  for (const p of ['/demo/feed.json', '/demo/img/ruong-lua.svg']) assert.equal(asked.get(p), 1, `${p} asked for ${asked.get(p)} times`);
  // Asked for by the header, before the wasm had arrived (not by the app, after its config or
  // once it had drawn the list).
  const { early, wasm } = await page.evaluate(() => {
    const at = (re) => performance.getEntriesByType('resource').find((e) => re.test(e.name));
    const early = [/\/demo\/feed\.json$/, /\/demo\/img\/ruong-lua\.svg$/].map(at)
      .map((e) => ({ name: e.name, start: e.startTime, by: e.initiatorType }));
    return { early, wasm: at(/_bg\.wasm$/).responseEnd };
  });
  for (const e of early) {
    assert.equal(e.by, 'link', e.name);
    assert.ok(e.start < wasm, `${e.name} asked at ${e.start} ms, wasm in at ${wasm} ms`);
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('on a host that sends no such header the feed is still asked for once: boot.js preloads it while the wasm downloads', async () => {
  const page = await newPage(browser);
  const feedRequests = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname === '/demo/feed.json') feedRequests.push(r.url()); });
  await withoutLinkHeader(page);
  // The wasm as late as on a phone network (on loopback it can beat the hint): held until the
  // hint's request for the feed has gone out (if it never does, the assertions below say so).
  await page.route('**/*_bg.wasm', async (route) => {
    await until(() => feedRequests.length > 0, { what: 'the hint to ask for the feed' }).catch(() => {});
    await route.continue();
  });
  await page.goto(server.url + '/');
  await waitForList(page, 5);
  // Nothing left to come in: a second request for the feed would have gone out.
  await page.waitForLoadState('networkidle');
  assert.equal(await page.locator('link[rel=preload][href$="demo/feed.json"]').count(), 1, 'the hint preloaded the feed');
  assert.equal(feedRequests.length, 1, feedRequests.join(' '));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

/** A static file host: the page without bantin-server's Link header. */
async function withoutLinkHeader(page) {
  await page.route(server.url + '/', async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    delete headers.link;
    await route.fulfill({ response, headers });
  });
}

test('a hint that arrives after the app started preloads nothing, so no old copy can answer a refresh', async () => {
  const page = await newPage(browser);
  await withoutLinkHeader(page);
  let release;
  const appStarted = new Promise((r) => { release = r; });
  await page.exposeFunction('__appStarted', () => release());
  await page.addInitScript(() => addEventListener('TrunkApplicationStarted', () => window.__appStarted()));
  await page.route('**/config.json?hint', async (route) => { await appStarted; await route.continue(); });
  const feedRequests = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname === '/demo/feed.json') feedRequests.push(r.url()); });
  await page.goto(server.url + '/');
  await waitForList(page, 5);
  // The late hint has come in and been read (a preload it added would be in the page by then).
  await page.waitForLoadState('networkidle');
  assert.equal(await page.locator('link[rel=preload][href$="demo/feed.json"]').count(), 0);
  assert.equal(feedRequests.length, 1);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
