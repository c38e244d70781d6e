// bantin reading a WordPress site (issue "WordPress as a source, and comments"):
// the release build served by bantin-server with a config.json pointing at a
// small fake WordPress on another loopback port (tests/e2e/fake-wordpress.mjs),
// which answers with real captured REST responses, real headers and statuses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, newPage, servedCopy, waitForList, PHONE } from './harness.mjs';
import { startWordPress } from './fake-wordpress.mjs';

let browser;
const cleanup = [];
before(async () => { browser = await launchBrowser(); });
after(async () => {
  for (const f of cleanup.reverse()) await f();
  await browser?.close();
});

/** A fake WordPress (options as `startWordPress`) and a served copy of the app reading it. */
async function portal(options = {}, configure = () => {}) {
  const wp = await startWordPress(options);
  cleanup.push(wp.stop);
  const { url } = await servedCopy(cleanup, (dir) => {
    const file = path.join(dir, 'config.json');
    const config = JSON.parse(readFileSync(file, 'utf8'));
    config.source = { kind: 'wordpress', url: options.configured?.(wp) ?? wp.api, per_page: 5 };
    delete config.comments;
    configure(config);
    writeFileSync(file, JSON.stringify(config));
  });
  return { wp, url };
}

/** A page whose images on the captured sites' hosts (unreachable here) get a small picture. */
async function wpPage(options) {
  const page = await newPage(browser, options);
  await page.context().route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.fulfill({
    contentType: 'image/svg+xml',
    body: '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"><rect width="4" height="3" fill="#8a8"/></svg>',
  }));
  return page;
}

const titles = (page) => page.$$eval('.bt-list > .bt-card .bt-card-title', (els) => els.map((e) => e.textContent.trim()));

test('the list: posts of a WordPress site, entities decoded, pages from X-WP-TotalPages, then the end; the visitor box as with any source', async () => {
  const { wp, url } = await portal();
  const page = await wpPage();
  await page.goto(url + '/');
  await waitForList(page, 5);
  // The visitor box gets its four figures from bantin-server, whatever the source.
  await page.waitForFunction(() => {
    const figures = [...document.querySelectorAll('.bt-visitors-row dd')].map((d) => d.textContent.trim());
    return figures.length === 4 && figures.every((f) => /^\d[\d.]*$/.test(f));
  }, null, { timeout: 15000 });
  assert.deepEqual(await titles(page), ['Shinjuku Gyoen National Garden', 'Antelope Canyon', 'Kebumen City',
    'Banff National Park', 'The Al Hajar Mountains']);
  // The author and the featured image (with the sizes WordPress made) come from _embedded.
  const thumb = await page.$eval('.bt-list > .bt-card img', (img) => ({ src: img.getAttribute('src'), srcset: img.getAttribute('srcset') }));
  assert.match(thumb.src, /^https?:\/\//);
  await page.getByRole('button', { name: 'Xem thêm' }).click();
  await waitForList(page, 10);
  const all = await titles(page);
  assert.ok(all.includes('Switzerland’s Mountains'), all.join(' | '));
  assert.ok(all.includes('The Land of Fire & Ice'), all.join(' | '));
  // Two pages said the header: the list ends there, and no third page is asked for.
  await page.waitForFunction(() => !document.querySelector('.bt-more button'));
  assert.ok(wp.requests.some((r) => r.includes('/wp-json/wp/v2/posts') && r.includes('page=2')));
  assert.ok(!wp.requests.some((r) => r.includes('page=3')), wp.requests.join('\n'));
  assert.ok(wp.requests.every((r) => !r.startsWith('GET') || r.includes('_fields=') || !r.includes('/posts')), 'only the fields used are asked for');
  assert.deepEqual(page.errors, []);
});

test('on a phone the cards and the article fetch the sized copies WordPress made, never the 3,000–5,800 px originals', async () => {
  const { url } = await portal();
  const page = await wpPage({ viewport: PHONE });
  // The captured posts all have pictures in their text, and then the article shows no
  // picture of its own above it: here their text goes without them.
  await page.route((u) => u.pathname.includes('/wp/v2/posts') || u.searchParams.get('rest_route')?.startsWith('/wp/v2/posts'), async (route) => {
    const response = await route.fetch();
    const strip = (post) => {
      if (post?.content?.rendered) post.content.rendered = post.content.rendered.replace(/<img[^>]*>/g, '');
      return post;
    };
    const body = await response.json();
    await route.fulfill({ response, json: Array.isArray(body) ? body.map(strip) : strip(body) });
  });
  const pictures = [];
  page.on('request', (r) => { if (r.resourceType() === 'image' && !r.url().startsWith(url)) pictures.push(r.url()); });
  await page.goto(url + '/');
  await waitForList(page, 5);
  const copy = /-\d+x\d+\.jpg$/;
  const cards = () => page.$$eval('.bt-list > .bt-card img', (imgs) => imgs.map((i) => ({
    srcset: i.getAttribute('srcset'), sizes: i.getAttribute('sizes'), current: i.currentSrc, lazy: i.loading === 'lazy',
  })));
  await page.waitForFunction(() => [...document.querySelectorAll('.bt-list > .bt-card img')].slice(0, 2).every((i) => i.complete));
  const shown = await cards();
  for (const card of shown) {
    // Every copy of the picture's shape, by width (the square thumbnail is another picture).
    assert.match(card.srcset, /-300x\d+\.jpg 300w, .*-768x\d+\.jpg 768w, .*-1024x\d+\.jpg 1024w/);
    assert.doesNotMatch(card.srcset, /150x150/);
  }
  // The lead card is the column's width on a phone, the others a small square's.
  assert.equal(shown[0].sizes, '(min-width: 600px) 200px, 100vw');
  assert.equal(shown[2].sizes, '(min-width: 600px) 200px, 7.5rem');
  assert.match(shown[0].current, /-768x\d+\.jpg$/, 'a 390px column: the 768px copy');
  // Scrolled into view, a small card takes the smallest copy.
  await page.locator('.bt-list > .bt-card').nth(3).scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelectorAll('.bt-list > .bt-card img')[3].currentSrc);
  assert.match((await cards())[3].current, /-300x\d+\.jpg$/);
  // The article's picture, its largest paint, from the copies too.
  await page.locator('.bt-list > .bt-card .bt-card-title a').first().click();
  const hero = page.locator('.bt-hero img');
  await hero.waitFor();
  await page.waitForFunction(() => document.querySelector('.bt-hero img')?.complete);
  assert.match(await hero.getAttribute('srcset'), /-1200x800\.jpg 1200w, .*japan\.jpg 4173w$/);
  assert.match(await hero.evaluate((i) => i.currentSrc), copy);
  assert.ok(pictures.length >= 3, pictures.join(' '));
  assert.deepEqual(pictures.filter((u) => !copy.test(u)), [], 'no original asked for');
  assert.deepEqual(page.errors, []);
});

test('a shared link to a post in no page of the list opens it by its slug, with its comments threaded', async () => {
  const { wp, url } = await portal();
  const page = await wpPage({ viewport: PHONE });
  await page.goto(url + '/bai/the-beauties-of-gullfoss');
  await page.waitForSelector('h1.bt-article-title');
  assert.equal(await page.textContent('h1.bt-article-title'), 'The Beauties of Gullfoss');
  assert.match(await page.textContent('.bt-author'), /Alan Martin/);
  assert.ok(wp.requests.some((r) => r.includes('slug=the-beauties-of-gullfoss')), 'looked up by slug');
  assert.ok(!wp.requests.some((r) => r.includes('page=2')), 'no paging through the list for it');
  // Comments load when the reader comes near them, not with the article.
  assert.ok(!wp.requests.some((r) => r.includes('/comments')), 'no comments before the reader scrolls');
  await page.locator('.bt-comments').scrollIntoViewIfNeeded();
  await page.waitForSelector('.bt-comment');
  const thread = await page.$$eval('.bt-comment', (els) => els.map((e) => ({
    author: e.querySelector('.bt-comment-author').textContent,
    body: e.querySelector('.bt-comment-body').textContent.trim(),
    reply: e.classList.contains('bt-depth-1'),
  })));
  assert.deepEqual(thread, [
    { author: 'Reyes Martinez', body: 'Nice post, Alan! Iceland must be amazing. Thanks for sharing 🙂', reply: false },
    { author: 'Mario', body: 'Hola David', reply: false },
    { author: 'David Arenas', body: 'Hola Mario', reply: true },
  ]);
  assert.match(await page.textContent('#bt-comments-title'), /Bình luận \(3\)/);
  assert.deepEqual(page.errors, []);
});

test('a site without pretty permalinks: /wp-json answers 404 HTML, the other form is used', async () => {
  const { wp, url } = await portal({ pretty: false, configured: (wp) => `${wp.origin}/wp-json` });
  const page = await wpPage();
  page.on('console', () => {});
  await page.goto(url + '/');
  await waitForList(page, 5);
  assert.equal((await titles(page))[0], 'Shinjuku Gyoen National Garden');
  assert.ok(wp.requests.some((r) => r.includes('/?rest_route=/wp/v2/posts')), wp.requests.join('\n'));
  // Later pages follow the form that answered.
  await page.getByRole('button', { name: 'Xem thêm' }).click();
  await waitForList(page, 10);
  assert.ok(wp.requests.some((r) => r.includes('rest_route=/wp/v2/posts') && r.includes('page=2')));
});

test('without "sections", the site\'s categories are the sections: fullest first, each its own list, also from a shared link', async () => {
  const { wp, url } = await portal({}, (config) => { delete config.sections; });
  const page = await wpPage();
  await page.goto(url + '/');
  await waitForList(page, 5);
  // The categories come once the first list is in, between "Trang chủ" and "Đã lưu".
  const nav = page.locator('nav.bt-nav a');
  await page.locator('nav.bt-nav a', { hasText: 'Architecture' }).waitFor();
  assert.deepEqual((await nav.allTextContents()).map((t) => t.trim()),
    ['Trang chủ', 'Nature', 'Travel', 'Cities', 'Photography', 'Culture', 'Architecture', 'Đã lưu']);
  assert.ok(wp.requests.some((r) => r.includes('/wp/v2/categories') && r.includes('hide_empty=true')), wp.requests.join('\n'));

  await nav.filter({ hasText: 'Travel' }).click();
  await page.waitForURL('**/muc/travel');
  await page.locator('h1.bt-section-title', { hasText: 'Travel' }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.bt-list > .bt-card').length === 5);
  assert.deepEqual(await titles(page), ['Antelope Canyon', 'The Al Hajar Mountains', 'Switzerland’s Mountains',
    'The Land of Fire & Ice', 'The Beauties of Gullfoss']);
  assert.equal(await nav.filter({ hasText: 'Travel' }).getAttribute('aria-current'), 'page');
  assert.ok(wp.requests.some((r) => r.includes('/wp/v2/posts') && r.includes('categories=8')), 'the category\'s own posts');
  assert.match(await page.title(), /^Travel – /);

  // A shared link to a category opens it directly; an unknown slug is not found.
  await page.goto(url + '/muc/photography');
  await page.locator('h1.bt-section-title', { hasText: 'Photography' }).waitFor();
  await waitForList(page, 5);
  await page.goto(url + '/muc/khong-co-muc-nay');
  await page.locator('.bt-not-found').waitFor();
  assert.deepEqual(page.errors, []);
});

test('search asks WordPress (?search=) too: a post the list never loaded is found, marked, and opens', async () => {
  const { wp, url } = await portal({}, (config) => { delete config.search; });
  const page = await wpPage();
  await page.goto(url + '/');
  await waitForList(page, 5);
  const box = page.locator('form.bt-search input[name="q"]');
  await box.click();
  await box.pressSequentially('gullfoss', { delay: 30 });
  const hit = page.locator('.bt-hit', { hasText: 'The Beauties of Gullfoss' });
  await hit.waitFor({ timeout: 15000 });
  assert.deepEqual(await hit.locator('.bt-card-title mark').allTextContents(), ['Gullfoss']);
  assert.ok(wp.requests.some((r) => r.includes('/wp/v2/posts') && r.includes('search=gullfoss')), wp.requests.join('\n'));
  await hit.locator('a').first().click();
  await page.waitForURL('**/bai/the-beauties-of-gullfoss');
  await page.locator('h1.bt-article-title', { hasText: 'The Beauties of Gullfoss' }).waitFor();
  assert.deepEqual(page.errors, []);
});

test('offline, a saved WordPress post still opens from "Đã lưu"', async () => {
  const { url } = await portal();
  const page = await wpPage({ serviceWorkers: 'allow' });
  await page.goto(url + '/');
  await waitForList(page, 5);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20000 });
  const card = page.locator('.bt-list > .bt-card').first();
  const title = (await card.locator('.bt-card-title').textContent()).trim();
  await card.locator('button.bt-save').click();
  await page.waitForFunction((el) => el.getAttribute('aria-pressed') === 'true', await card.locator('button.bt-save').elementHandle());

  await page.context().setOffline(true);
  await page.goto(url + '/da-luu');
  const item = page.locator('.bt-saved-list .bt-card');
  await item.first().waitFor();
  assert.equal((await item.locator('.bt-card-title').textContent()).trim(), title);
  await item.locator('.bt-card-title a').click();
  await page.locator('h1.bt-article-title', { hasText: title }).waitFor();
  assert.ok((await page.locator('.bt-body p').count()) >= 1, 'the body is there, from the stored copy');
  assert.deepEqual(page.errors.filter((e) => e.startsWith('pageerror')), [], 'no panic');
});

test('posting a comment: checked first, sent, shown awaiting moderation; the draft survives a reload', async () => {
  const { wp, url } = await portal();
  const page = await wpPage();
  await page.goto(url + '/bai/the-beauties-of-gullfoss');
  await page.locator('.bt-comment-form').scrollIntoViewIfNeeded();
  // Nothing filled in: every required field says so, nothing is sent.
  await page.getByRole('button', { name: 'Gửi bình luận' }).click();
  await page.waitForSelector('.bt-field-error');
  const errors = await page.$$eval('.bt-field-error', (els) => els.map((e) => e.textContent));
  assert.deepEqual(errors, ['Vui lòng nhập nội dung bình luận.', 'Vui lòng nhập tên.', 'Vui lòng nhập email.']);
  assert.equal(wp.posted.length, 0);
  // Typed, then the page reloads: nothing is lost.
  await page.fill('#bt-c-content', 'Cảnh đẹp quá! Thác Gullfoss mùa đông thế nào?');
  await page.fill('#bt-c-name', 'Nguyễn Thị Hoà');
  await page.fill('#bt-c-email', 'hoa@example.vn');
  await page.reload();
  await page.locator('.bt-comment-form').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelector('#bt-c-content')?.value.startsWith('Cảnh đẹp'));
  assert.equal(await page.inputValue('#bt-c-name'), 'Nguyễn Thị Hoà');
  assert.equal(await page.inputValue('#bt-c-email'), 'hoa@example.vn');
  await page.getByRole('button', { name: 'Gửi bình luận' }).click();
  await page.waitForSelector('.bt-comment.bt-pending');
  assert.deepEqual(wp.posted, [{ post: 60, parent: 0, author_name: 'Nguyễn Thị Hoà', author_email: 'hoa@example.vn',
    content: 'Cảnh đẹp quá! Thác Gullfoss mùa đông thế nào?' }]);
  assert.match(await page.textContent('.bt-comment.bt-pending'), /đang chờ duyệt/);
  assert.match(await page.textContent('.bt-form-status'), /đang chờ duyệt/);
  // Sent: the comment's text is no longer kept as a draft.
  assert.equal(await page.inputValue('#bt-c-content'), '');
  assert.deepEqual(page.errors, []);
});

for (const [mode, message] of [
  ['login', 'Trang này chỉ nhận bình luận từ thành viên đã đăng nhập.'],
  ['duplicate', 'Bạn đã gửi bình luận này rồi.'],
]) {
  test(`WordPress refusing a comment (${mode}) is explained, and what was typed stays`, async () => {
    const { url } = await portal({ comments: mode });
    const page = await wpPage();
    page.on('console', () => {});
    await page.goto(url + '/bai/the-beauties-of-gullfoss');
    await page.locator('.bt-comment-form').scrollIntoViewIfNeeded();
    await page.fill('#bt-c-content', 'Bài hay.');
    await page.fill('#bt-c-name', 'Minh');
    await page.fill('#bt-c-email', 'minh@example.vn');
    await page.getByRole('button', { name: 'Gửi bình luận' }).click();
    await page.waitForFunction((m) => document.querySelector('.bt-form-status')?.textContent.includes(m), message);
    assert.equal(await page.inputValue('#bt-c-content'), 'Bài hay.');
  });
}

test('a post whose comments are closed shows them closed and no form', async () => {
  const { url } = await portal();
  const page = await wpPage();
  await page.goto(url + '/');
  await waitForList(page, 5);
  await page.getByRole('button', { name: 'Xem thêm' }).click();
  await page.getByRole('link', { name: 'The Land of Fire & Ice' }).first().click();
  await page.waitForSelector('h1.bt-article-title');
  assert.match(await page.textContent('.bt-comments'), /Bài viết này đã đóng bình luận\./);
  assert.equal(await page.$('.bt-comment-form'), null);
});

test('a broken WordPress (500, then an HTML page) gets an explained error and "Thử lại" recovers', async () => {
  const { url } = await portal();
  const page = await wpPage();
  page.on('console', () => {});
  let mode = 'error';
  // Both URL forms fail: the other form is tried too before the reader is told.
  await page.route(/wp\/v2\/posts/, (route) => {
    if (mode === 'error') return route.fulfill({ status: 500, contentType: 'application/json', body: '{"code":"internal_server_error","message":"Critical error","data":{"status":500}}' });
    if (mode === 'html') return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><p>REST API disabled</p>' });
    return route.continue();
  });
  await page.goto(url + '/');
  await page.waitForSelector('.bt-error');
  assert.ok(await page.getByRole('button', { name: 'Thử lại' }).isVisible());
  mode = 'html';
  await page.getByRole('button', { name: 'Thử lại' }).click();
  await page.waitForFunction(() => document.querySelector('.bt-error') && !document.querySelector('.bt-card'));
  mode = 'ok';
  await page.getByRole('button', { name: 'Thử lại' }).click();
  await waitForList(page, 5);
  assert.deepEqual(page.errors.filter((e) => e.startsWith('pageerror')), [], 'no panic');
});

test('a WordPress that does not answer is given up after 20 s, explained, with "Thử lại"', async () => {
  const { url } = await portal({ delay: 10 * 60 * 1000 });
  const page = await wpPage();
  page.on('console', () => {});
  // Time is the subject: Playwright's clock, not a real wait.
  await page.clock.install();
  await page.goto(url + '/');
  await page.waitForSelector('.bt-skeleton');
  // Without the time-out the answer would take ten minutes.
  await page.clock.runFor(21000);
  await page.waitForSelector('.bt-error');
  assert.ok(await page.getByRole('button', { name: 'Thử lại' }).isVisible());
  assert.deepEqual(page.errors.filter((e) => e.startsWith('pageerror')), [], 'no panic');
});
