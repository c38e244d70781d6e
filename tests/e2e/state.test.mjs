// The feed state in the browser: a request the reader no longer needs is
// cancelled when the page that asked for it goes away (src/state: the pure
// transitions, the shell's AbortController per request).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, waitForList } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('leaving a deep link that is still paging through the feed aborts its request', async () => {
  const page = await newPage(browser);
  // Each request's AbortSignal, as the app hands it to fetch.
  await page.addInitScript(() => {
    const fetch = window.fetch;
    window.__requests = [];
    window.fetch = (url, init) => {
      window.__requests.push({ url: String(url), signal: init && init.signal });
      return fetch(url, init);
    };
  });
  // The second page never answers: the deep link waits on it.
  let asked;
  const held = new Promise((resolve) => { asked = resolve; });
  await page.route('**/demo/feed-2.json', () => asked());
  await page.goto(server.url + '/bai/thoi-su-00058');
  await held;
  const secondAborted = () => page.evaluate(() =>
    window.__requests.filter((r) => r.url.endsWith('/demo/feed-2.json')).map((r) => (r.signal ? r.signal.aborted : 'no signal')));
  assert.deepEqual(await secondAborted(), [false], 'asked with a signal, not aborted yet');
  // Still looking: the skeleton, neither an error nor "not found".
  await page.waitForSelector('.bt-article.bt-skeleton');
  assert.equal(await page.getByRole('alert').count(), 0);
  // The reader gives up and goes to the list: the request is cancelled.
  await page.locator('.bt-brand').click();
  await waitForList(page, 20);
  await page.waitForFunction(() => window.__requests.some((r) => r.url.endsWith('/demo/feed-2.json') && r.signal?.aborted));
  // The list is not affected, and "Xem thêm" asks for the page again.
  await page.unroute('**/demo/feed-2.json');
  await page.getByRole('button', { name: 'Xem thêm' }).click();
  await waitForList(page, 40);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
