// Sections, tags and search, as a reader uses them: the navigation bar and the
// phone's menu, a section's own URL and list, a tag from an article, search as
// you type with the matches marked, `?q=` surviving a reload, the archive's
// answer for an article never loaded, keyboard-only use, and offline search.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, PHONE, FIRST_TITLE, startServer, launchBrowser, newPage, waitForList } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const path = (page) => decodeURIComponent(new URL(page.url()).pathname + new URL(page.url()).search);
const cardTitles = (page) => page.$$eval('.bt-list > .bt-card .bt-card-title', (t) => t.map((e) => e.textContent.trim()));

test('a section has its own URL, title and list; back returns to the latest news', async () => {
  const page = await newPage(browser, { viewport: DESKTOP });
  await page.goto(server.url + '/');
  await waitForList(page, 5);
  const nav = page.locator('nav.bt-nav');
  assert.deepEqual(
    (await nav.locator('a').allTextContents()).map((t) => t.trim()),
    ['Trang chủ', 'Thời sự', 'Nông thôn mới', 'Kinh tế', 'Giáo dục', 'Văn hóa', 'Y tế', 'Thể thao', 'Pháp luật', 'Đã lưu'],
  );
  await nav.getByRole('link', { name: 'Nông thôn mới' }).click();
  await page.waitForURL('**/muc/nong-thon-moi');
  await page.locator('h1', { hasText: 'Nông thôn mới' }).waitFor();
  await waitForList(page, 3);
  assert.match(await page.title(), /^Nông thôn mới – /);
  assert.equal(await nav.locator('a[aria-current="page"]').textContent(), 'Nông thôn mới');
  const titles = await cardTitles(page);
  assert.ok(titles.includes(FIRST_TITLE), 'the section lists the article tagged "Nông thôn mới"');
  // Only that section's articles: the first page's sports story is not among them.
  assert.ok(!titles.some((t) => t.includes('Giải chạy')), titles.join('\n'));
  await page.goBack();
  await page.waitForURL(server.url + '/');
  await page.locator('#bt-home-title').waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a shared section link opens it directly; an unknown section is "not found"', async () => {
  const page = await newPage(browser, { viewport: DESKTOP });
  await page.goto(server.url + '/muc/the-thao');
  await waitForList(page, 3);
  assert.equal(await page.locator('h1.bt-section-title').textContent(), 'Thể thao');
  await page.goto(server.url + '/muc/khong-co');
  await page.locator('.bt-not-found').waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('on a phone the sections are a menu button, usable with the keyboard alone', async () => {
  const page = await newPage(browser, { viewport: PHONE });
  await page.goto(server.url + '/');
  await waitForList(page, 1);
  const nav = page.locator('nav.bt-nav');
  const button = page.locator('button.bt-menu-button');
  assert.equal(await button.isVisible(), true, 'a menu button on a phone');
  assert.equal(await nav.isVisible(), false, 'the sections are hidden until it is pressed');
  // Keyboard only: to the menu button, open it, down to a section, open that.
  await button.focus();
  await page.keyboard.press('Enter');
  await nav.waitFor({ state: 'visible' });
  await page.keyboard.press('Tab'); // Trang chủ
  await page.keyboard.press('Tab'); // Thời sự
  await page.keyboard.press('Tab'); // Nông thôn mới
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Nông thôn mới');
  if (process.env.SHOT_DIR) await page.screenshot({ path: `${process.env.SHOT_DIR}/phone-menu.png` });
  await page.keyboard.press('Enter');
  await page.waitForURL('**/muc/nong-thon-moi');
  await waitForList(page, 1);
  await nav.waitFor({ state: 'hidden' });
  // Escape closes it too (the browser's own popover behaviour).
  await button.focus();
  await page.keyboard.press('Enter');
  await nav.waitFor({ state: 'visible' });
  await page.keyboard.press('Escape');
  await nav.waitFor({ state: 'hidden' });
  // Nothing wider than the phone.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no sideways scrolling: ${overflow}px`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("an article's tags link to the tag's list", async () => {
  const page = await newPage(browser, { viewport: DESKTOP });
  await page.goto(server.url + '/bai/kien-thuy-ntm-2025');
  await page.locator('.bt-body p').first().waitFor();
  await page.locator('.bt-tags a', { hasText: 'Kiến Thụy' }).click();
  await page.waitForURL('**/the/Ki%E1%BA%BFn%20Th%E1%BB%A5y');
  await waitForList(page, 3);
  assert.equal(await page.locator('h1.bt-section-title').textContent(), 'Kiến Thụy');
  const titles = await cardTitles(page);
  assert.ok(titles.includes(FIRST_TITLE), titles.join('\n'));
  assert.ok(!titles.some((t) => t.includes('Kim Bảng')), 'no other district');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('search as you type, without accents, marks the matches; the query is in the address and survives a reload', async () => {
  const page = await newPage(browser, { viewport: DESKTOP });
  await page.goto(server.url + '/');
  await waitForList(page, 1);
  const box = page.locator('form.bt-search input[name="q"]');
  await box.click();
  await box.pressSequentially('kien thuy', { delay: 30 });
  await page.waitForURL((u) => u.pathname === '/tim-kiem' && u.searchParams.get('q') === 'kien thuy');
  const results = page.locator('.bt-search-results .bt-hit');
  await results.first().waitFor();
  const first = page.locator('.bt-hit', { hasText: 'tập trung thực hiện đồng bộ' });
  await first.waitFor();
  const marks = await first.locator('.bt-card-title mark').allTextContents();
  assert.ok(marks.includes('Kiến') && marks.includes('Thuỵ'), `marked in the title: ${marks}`);
  assert.equal(await box.evaluate((el) => el === document.activeElement), true, 'typing never leaves the box');
  assert.match(await page.locator('.bt-search-status').textContent(), /kết quả cho “kien thuy”/);

  await page.reload();
  await page.locator('.bt-hit', { hasText: 'tập trung thực hiện đồng bộ' }).waitFor();
  assert.equal(await box.inputValue(), 'kien thuy', 'the box shows the query again');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the archive answers what the browser never loaded, and the article opens', async () => {
  const page = await newPage(browser, { viewport: DESKTOP });
  // Only the feed's first page is loaded; "đánh bạc" is on its third.
  await page.goto(server.url + '/tim-kiem?q=' + encodeURIComponent('danh bac'));
  const hit = page.locator('.bt-hit', { hasText: 'Công an thị trấn Quế triệt phá tụ điểm đánh bạc' });
  await hit.waitFor({ timeout: 15000 });
  assert.deepEqual(await hit.locator('.bt-card-title mark').allTextContents(), ['đánh', 'bạc']);
  await hit.locator('a').click();
  await page.waitForURL('**/bai/phap-luat-00048');
  await page.locator('.bt-article-title', { hasText: 'triệt phá tụ điểm đánh bạc' }).waitFor();
  await page.locator('.bt-body p').first().waitFor();
  // A reload of that deep link finds it again (the archive, not the first page).
  await page.reload();
  await page.locator('.bt-body p').first().waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('an empty result says so and suggests fewer words or a section', async () => {
  const page = await newPage(browser, { viewport: DESKTOP });
  await page.goto(server.url + '/tim-kiem?q=' + encodeURIComponent('khủng long bạo chúa'));
  await page.locator('.bt-search-empty').waitFor({ timeout: 15000 });
  assert.match(await page.locator('.bt-search-status').textContent(), /Không tìm thấy bài nào cho “khủng long bạo chúa”/);
  assert.match(await page.locator('.bt-search-empty').textContent(), /bớt từ/);
  assert.ok(await page.locator('.bt-search-sections a').count() >= 3, 'sections offered');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('keyboard only: to the box, type, Enter, then to a result and into the article', async () => {
  const page = await newPage(browser, { viewport: DESKTOP });
  await page.goto(server.url + '/');
  await waitForList(page, 1);
  // Tab from the top of the page until the search box has the focus.
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.name === 'q')) break;
  }
  assert.equal(await page.evaluate(() => document.activeElement?.name), 'q', 'the box is reachable by Tab');
  await page.keyboard.type('thụy hương');
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.pathname === '/tim-kiem');
  await page.locator('.bt-hit').first().waitFor();
  // Into the results with Tab: the first result's link. (Had the search code
  // not arrived yet, the form's own GET loaded the page anew: Tab then starts
  // at its top, past the header.)
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => !!document.activeElement?.closest('.bt-hit'))) break;
  }
  const target = await page.evaluate(() => document.activeElement?.getAttribute('href'));
  assert.ok(target?.startsWith('/bai/'), `a result has the focus: ${target}`);
  await page.keyboard.press('Enter');
  await page.waitForURL('**' + target);
  await page.locator('.bt-article-title').waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('offline, search still finds a saved article the list no longer has, and says the archive is out of reach', async () => {
  const page = await newPage(browser, { viewport: DESKTOP, serviceWorkers: 'allow' });
  await page.goto(server.url + '/');
  await waitForList(page, 3);
  // An article of the feed's second page, saved.
  await page.getByRole('button', { name: 'Xem thêm' }).click();
  const card = page.locator('.bt-card', { hasText: 'Xã Thụy Hương về đích nông thôn mới nâng cao' });
  await card.waitFor();
  await card.locator('button.bt-save').click();
  await card.locator('button.bt-save[aria-pressed="true"]').waitFor();
  // The app works offline once the service worker keeps it.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20000 });
  await page.waitForFunction(async () => !!(await caches.match(new URL('config.json', document.baseURI).href)),
    null, { timeout: 20000, polling: 100 });
  await page.context().setOffline(true);
  await page.reload();
  await waitForList(page, 1);
  assert.equal(await page.locator('.bt-list .bt-card', { hasText: 'về đích nông thôn mới nâng cao' }).count(), 0,
    'the reloaded list is the first page only');
  const box = page.locator('form.bt-search input[name="q"]');
  await box.click();
  await box.fill('ve dich nang cao');
  await box.press('Enter');
  await page.locator('.bt-hit', { hasText: 'Xã Thụy Hương về đích nông thôn mới nâng cao' }).waitFor();
  await page.locator('.bt-search-archive', { hasText: 'offline' }).waitFor();
  await page.context().setOffline(false);
  await page.context().close();
});

test('text size: A+ grows the text, the layout holds at 200 %, the choice survives a reload', async () => {
  const page = await newPage(browser, { viewport: PHONE });
  await page.goto(server.url + '/bai/kien-thuy-ntm-2025');
  await page.locator('.bt-body p').first().waitFor();
  const bigger = page.getByRole('button', { name: 'Chữ to hơn' });
  await bigger.waitFor();
  const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.bt-body')).fontSize));
  const before = await size();
  await bigger.click();
  await bigger.click();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.btSize), '2');
  assert.ok((await size()) > before * 1.2, 'the body text is bigger');
  // Up to the largest step: 200 %.
  while (await bigger.isEnabled()) await bigger.click();
  assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize), '32px');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no sideways scrolling at 200 %: ${overflow}px`);
  if (process.env.SHOT_DIR) await page.screenshot({ path: `${process.env.SHOT_DIR}/article-200pct.png` });
  await page.reload();
  await page.locator('.bt-body p').first().waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.btSize), '5', 'remembered');
  assert.equal(await page.getByRole('button', { name: 'Chữ to hơn' }).isDisabled(), true);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('light/dark follows the system until the reader toggles it, and the toggle is remembered', async () => {
  const page = await newPage(browser, { viewport: DESKTOP, colorScheme: 'dark' });
  await page.goto(server.url + '/bai/kien-thuy-ntm-2025');
  await page.locator('.bt-body p').first().waitFor();
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(await bg(), 'rgb(20, 19, 22)', 'dark, as the system is');
  const toggle = page.getByRole('button', { name: 'Giao diện tối' });
  await toggle.waitFor();
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  await toggle.click();
  assert.equal(await bg(), 'rgb(255, 255, 255)');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  // Every page, after a reload, though the system is dark.
  await page.goto(server.url + '/');
  await waitForList(page, 1);
  assert.equal(await bg(), 'rgb(255, 255, 255)', 'still light on the list after a reload');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('reading time on the list and the article; share by copying the link, and plain share links', async () => {
  const page = await newPage(browser, { viewport: DESKTOP, permissions: ['clipboard-read', 'clipboard-write'] });
  await page.goto(server.url + '/');
  await waitForList(page, 1);
  assert.match(await page.locator('.bt-card').first().locator('.bt-reading-time').textContent(), /^\d+ phút đọc$/);
  await page.goto(server.url + '/bai/kien-thuy-ntm-2025');
  await page.locator('.bt-body p').first().waitFor();
  assert.match(await page.locator('.bt-article .bt-reading-time').textContent(), /^\d+ phút đọc$/);
  const links = await page.$$eval('.bt-share-links a', (a) => a.map((l) => [l.textContent, l.getAttribute('href')]));
  const url = server.url + '/bai/kien-thuy-ntm-2025';
  assert.deepEqual(links.map(([label]) => label), ['Facebook', 'Zalo', 'Email']);
  assert.ok(links[0][1].endsWith('?u=' + encodeURIComponent(url)), links[0][1]);
  const hasShare = await page.evaluate(() => 'share' in navigator);
  if (!hasShare) {
    await page.getByRole('button', { name: 'Sao chép liên kết' }).click();
    await page.locator('.bt-share-said', { hasText: 'Đã sao chép liên kết.' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), url);
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
