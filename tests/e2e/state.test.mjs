// The feed state in the browser: a request the reader no longer needs is
// cancelled when the page that asked for it goes away (src/state: the pure
// transitions, the shell's AbortController per request).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, waitForList } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

/** Resolves when `promise` does; fails (instead of hanging) after `ms`. */
const within = (promise, ms, what) => Promise.race([promise, new Promise((_, reject) =>
  setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms).unref())]);

/** A page whose fetches are recorded with their AbortSignal, as the app hands it to fetch. */
async function recordedPage() {
  const page = await newPage(browser);
  await page.addInitScript(() => {
    const fetch = window.fetch;
    window.__requests = [];
    window.fetch = (url, init) => {
      window.__requests.push({ url: String(url), signal: init && init.signal });
      return fetch(url, init);
    };
  });
  return page;
}

const aborted = (page, suffix) => page.evaluate((suffix) =>
  window.__requests.filter((r) => r.url.endsWith(suffix)).map((r) => (r.signal ? r.signal.aborted : 'no signal')), suffix);

/** Holds every request for `feedPage` unanswered; `asked` resolves the first time it is asked for. */
async function hold(page, feedPage) {
  let resolve;
  const asked = new Promise((r) => { resolve = r; });
  await page.route(`**/demo/${feedPage}`, () => resolve());
  return { asked };
}

/** The reader gives up on the deep link and goes to the list: `feedPage`'s request is cancelled. */
async function leaveAndCheck(page, feedPage) {
  assert.deepEqual(await aborted(page, `/demo/${feedPage}`), [false], 'asked with a signal, not aborted yet');
  // Still looking: the skeleton, neither an error nor "not found".
  await page.waitForSelector('.bt-article.bt-skeleton');
  assert.equal(await page.getByRole('alert').count(), 0);
  await page.locator('.bt-brand').click();
  await waitForList(page, 20);
  await page.waitForFunction((suffix) => window.__requests.some((r) => r.url.endsWith(suffix) && r.signal?.aborted), `/demo/${feedPage}`);
  await page.unroute(`**/demo/${feedPage}`);
}

test('leaving a deep link that is still paging through the feed aborts its request', async () => {
  const page = await recordedPage();
  // Without the archive's look-up (bantin-server's /api/search?id= failing), the
  // article page pages through the feed; its second page never answers.
  await page.route('**/api/search?id=*', (r) => r.fulfill({ status: 503, body: '' }));
  const held = await hold(page, 'feed-2.json');
  await page.goto(server.url + '/bai/thoi-su-00058');
  await within(held.asked, 15000, 'asking for the feed\'s second page');
  await leaveAndCheck(page, 'feed-2.json');
  // The list is not affected, and "Xem thêm" asks for the page again.
  await page.getByRole('button', { name: 'Xem thêm' }).click();
  await waitForList(page, 40);
  // The browser's own line for the refused look-up is the only message.
  assert.deepEqual(page.errors.filter((e) => !e.includes('status of 503')), []);
  await page.context().close();
});

test('leaving a deep link whose page the archive named, still on its way, aborts that request', async () => {
  const page = await recordedPage();
  // The archive says the article is on the feed's third page, which never answers.
  const held = await hold(page, 'feed-3.json');
  await page.goto(server.url + '/bai/thoi-su-00058');
  await within(held.asked, 15000, 'asking for the page the archive named');
  assert.ok(await page.evaluate(() => window.__requests.some((r) => r.url.includes('/api/search?id=thoi-su-00058'))), 'the archive was asked');
  assert.equal((await aborted(page, '/demo/feed-2.json')).length, 0, 'no paging through the feed');
  await leaveAndCheck(page, 'feed-3.json');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
