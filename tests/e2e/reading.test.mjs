// Reading tools, as a reader uses them: printing an article.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, startServer, launchBrowser, newPage } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

/** Whether each selector's first element takes part in the layout (is rendered at all). */
const rendered = (page, selectors) => page.evaluate((selectors) => Object.fromEntries(selectors.map((s) => {
  const el = document.querySelector(s);
  return [s, !!el && getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0];
})), selectors);

test('printing an article prints the article alone: no ads, navigation or widgets; link URLs written out', async () => {
  const page = await newPage(browser, { viewport: DESKTOP });
  await page.goto(server.url + '/bai/kiem-thu-an-toan');
  await page.locator('.bt-body p').first().waitFor();
  // The page as a reader sees it on screen: everything is there.
  await page.locator('aside[data-slot="top"] .bt-ad-box').waitFor();
  await page.locator('#bt-visitors').waitFor();
  const chrome = ['.bt-nav', '.bt-sidebar', 'aside[data-slot="top"]', '.bt-footer', '.bt-back', '.bt-save'];
  const onScreen = await rendered(page, [...chrome, '.bt-article-title', '.bt-body']);
  for (const [s, shown] of Object.entries(onScreen)) assert.ok(shown, `${s} on screen`);

  await page.emulateMedia({ media: 'print' });
  const printed = await rendered(page, [...chrome, '.bt-article-title', '.bt-body']);
  for (const s of chrome) assert.equal(printed[s], false, `${s} is not printed`);
  assert.ok(printed['.bt-article-title'] && printed['.bt-body'], 'the title and the body are printed');
  const link = await page.evaluate(() => {
    const a = [...document.querySelectorAll('.bt-body a[href^="http"]')][0];
    return a && { href: a.getAttribute('href'), after: getComputedStyle(a, '::after').content };
  });
  assert.ok(link, 'the test article has an outside link');
  assert.ok(link.after.includes(link.href), `the link's URL is written after it: ${link.after}`);
  const images = await page.evaluate(() => ({
    right: Math.max(...[...document.querySelectorAll('.bt-body img')].map((i) => i.getBoundingClientRect().right)),
    page: document.documentElement.clientWidth,
  }));
  assert.ok(images.right > 0 && images.right <= images.page, `images stay within the page: ${JSON.stringify(images)}`);
  // A look at the printout (headless Chromium prints to PDF).
  if (process.env.SHOT_DIR) {
    await page.pdf({ path: `${process.env.SHOT_DIR}/article-print.pdf` });
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.screenshot({ path: `${process.env.SHOT_DIR}/article-print.png` });
  }
  // The test article carries a dead image on purpose (its hostile-markup part): that 404 only.
  assert.deepEqual(page.errors.filter((e) => !/status of 404/.test(e)), []);
  await page.context().close();
});
