// Comments on the demo (a JSON Feed source) through bantin-server's comment
// service (docs/comments.md): a reader posts, the comment waits for approval,
// the moderator approves it with the operator token, readers see it. And what
// must not work: moderation without the token, oversized or malformed posts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, startServer, PHONE } from './harness.mjs';

const TOKEN = 'moderator-secret-for-tests';
const ARTICLE = 'kien-thuy-ntm-2025';
let server, browser;
before(async () => {
  server = await startServer({ args: ['--admin-token', TOKEN] });
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

const api = (path, init = {}) => fetch(server.url + path, init);
const asModerator = (path, init = {}) => api(path, { ...init, headers: { ...init.headers, authorization: `Bearer ${TOKEN}` } });
const pending = async () => (await asModerator('/api/comments/pending')).json();
const approved = async () => (await api(`/api/comments?post=${ARTICLE}`)).json();

async function openForm(page) {
  await page.goto(`${server.url}/bai/${ARTICLE}`);
  await page.waitForSelector('h1.bt-article-title');
  await page.locator('.bt-comment-form').scrollIntoViewIfNeeded();
  // The thread has been asked for and answered (empty at first).
  await page.waitForFunction(() => document.querySelector('.bt-comment')
    || /Chưa có bình luận/.test(document.querySelector('.bt-comments-status')?.textContent ?? ''));
}

async function fill(page, { content, name = 'Trần Văn Bình', email = 'binh@example.vn' }) {
  await page.fill('#bt-c-content', content);
  await page.fill('#bt-c-name', name);
  await page.fill('#bt-c-email', email);
}

test('a reader comments, it waits for approval, the moderator approves it, readers see it', async () => {
  const page = await newPage(browser, { viewport: PHONE });
  await openForm(page);
  assert.match(await page.textContent('.bt-comments-status'), /Chưa có bình luận/);
  assert.match(await page.textContent('.bt-form-note'), /Email của bạn sẽ không được hiển thị công khai/);
  await fill(page, { content: 'Xã tôi cũng đạt chuẩn <b>nông thôn mới</b> năm nay!' });
  await page.getByRole('button', { name: 'Gửi bình luận' }).click();
  await page.waitForSelector('.bt-comment.bt-pending');
  assert.match(await page.textContent('.bt-comment.bt-pending'), /đang chờ duyệt/);

  // Held: not listed for readers; listed for the moderator, with the email.
  assert.deepEqual(await approved(), []);
  const held = await pending();
  assert.equal(held.length, 1);
  assert.equal(held[0].author_email, 'binh@example.vn');
  assert.equal(held[0].post, ARTICLE);

  const approval = await asModerator(`/api/comments/${held[0].id}/approve`, { method: 'POST' });
  assert.equal(approval.status, 200);
  const list = await approved();
  assert.equal(list.length, 1);
  assert.equal(JSON.stringify(list).includes('binh@example.vn'), false, 'the email is never public');

  const reader = await newPage(browser);
  await openForm(reader);
  await reader.waitForSelector('.bt-comment');
  assert.equal(await reader.textContent('.bt-comment-author'), 'Trần Văn Bình');
  // The markup the reader typed is text, not markup.
  assert.equal((await reader.textContent('.bt-comment-body')).trim(), 'Xã tôi cũng đạt chuẩn <b>nông thôn mới</b> năm nay!');
  assert.equal(await reader.$('.bt-comment-body b'), null);
  assert.match(await reader.textContent('#bt-comments-title'), /Bình luận \(1\)/);
  assert.deepEqual([...page.errors, ...reader.errors], []);
});

test('moderation needs the token: without it or with a wrong one the API answers 401', async () => {
  for (const headers of [{}, { authorization: 'Bearer wrong-token' }]) {
    assert.equal((await api('/api/comments/pending', { headers })).status, 401);
    assert.equal((await api('/api/comments/1/approve', { method: 'POST', headers })).status, 401);
    assert.equal((await api('/api/comments/1', { method: 'DELETE', headers })).status, 401);
  }
});

test('oversized and malformed comments are refused (400/413) and change nothing', async () => {
  const before = (await pending()).length;
  const post = (body) => api('/api/comments', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const valid = { post: ARTICLE, parent: 0, author_name: 'Lan', author_email: 'lan@example.vn', content: 'Hay' };
  assert.equal((await post('{"post": ')).status, 400, 'malformed JSON');
  assert.equal((await post(JSON.stringify({ ...valid, content: 'x'.repeat(5001) }))).status, 400, 'content over 5,000 chars');
  assert.equal((await post(JSON.stringify({ ...valid, author_email: 'not-an-email' }))).status, 400, 'bad email');
  assert.equal((await post(JSON.stringify({ ...valid, author_name: '' }))).status, 400, 'no name');
  assert.equal((await post(JSON.stringify({ ...valid, content: 'y'.repeat(20000) }))).status, 413, 'body over 16 KiB');
  assert.equal((await pending()).length, before);
});

test('offline, the comment waits in the form and is sent once the network is back', async () => {
  const page = await newPage(browser);
  await openForm(page);
  const before = (await pending()).length;
  await fill(page, { content: 'Gửi lúc mất mạng.', name: 'Hà', email: 'ha@example.vn' });
  await page.context().setOffline(true);
  await page.getByRole('button', { name: 'Gửi bình luận' }).click();
  await page.waitForFunction(() => document.querySelector('.bt-form-status')?.textContent.includes('offline'));
  assert.equal((await pending()).length, before, 'nothing sent while offline');
  assert.equal(await page.inputValue('#bt-c-content'), 'Gửi lúc mất mạng.');
  await page.context().setOffline(false);
  await page.waitForSelector('.bt-comment.bt-pending');
  const held = await pending();
  assert.equal(held.length, before + 1);
  assert.ok(held.some((c) => c.author_name === 'Hà'));
});
