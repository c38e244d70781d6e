// A small fake WordPress for the end-to-end tests: the real REST API answers in
// ../shared/testdata/wordpress/ (frontity's captures of real sites), served on
// 127.0.0.1 the way WordPress serves them: JSON with `\/`-escaped slashes, the
// X-WP-Total / X-WP-TotalPages headers (exposed to other origins, as WordPress's
// own CORS headers do), 400 `rest_post_invalid_page_number` past the last page,
// and both URL forms: `/wp-json/wp/v2/…` and, on a site without pretty
// permalinks, only `/?rest_route=/wp/v2/…` (`/wp-json/` is then an HTML 404).
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './harness.mjs';

const DATA = path.join(ROOT, '../shared/testdata/wordpress');
const read = (name) => JSON.parse(readFileSync(path.join(DATA, name), 'utf8'));

/** The list: the two captured pages of category 7, five posts each. */
export const PAGES = [read('posts-from-category-7.json'), read('posts-from-category-7-page-2.json')];
/** A post that is in no page of the list: only a look-up by slug finds it. */
export const LONE_POST = read('post-60.json');
const ALL_POSTS = [...PAGES.flat(), LONE_POST];
const COMMENTS = { 60: read('post-60-comments.json') };
/** The site's categories: both captured pages of the list. */
export const CATEGORIES = [...read('categories-list.json'), ...read('categories-list-page-2.json')];
const text = (post) => `${post.title.rendered} ${post.excerpt?.rendered ?? ''} ${post.content?.rendered ?? ''}`.toLowerCase();

/** WordPress's compact answer: slashes escaped as `\/`, as PHP's json_encode writes them. */
const wpJson = (value) => JSON.stringify(value).replace(/\//g, '\\/');

/**
 * Starts the fake site. Options:
 * - `pretty` (default true): `/wp-json/` answers; false = only `?rest_route=`.
 * - `comments`: what POST /wp/v2/comments answers: 'hold' (default: 201, awaiting
 *   moderation), 'login' (401 rest_comment_login_required), 'duplicate' (409).
 * - `delay`: ms before every API answer (a slow site).
 * Resolves with `{ origin, api, requests, posted, stop }`: `api` is the URL an
 * operator puts in config.json for the form the site answers.
 */
export async function startWordPress({ pretty = true, comments = 'hold', delay = 0 } = {}) {
  const requests = [];
  const posted = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    requests.push(req.method + ' ' + req.url);
    const cors = {
      'access-control-allow-origin': '*',
      'access-control-expose-headers': 'X-WP-Total, X-WP-TotalPages, Link',
      'access-control-allow-headers': 'Content-Type, Authorization',
      'access-control-allow-methods': 'GET, POST, OPTIONS',
    };
    if (req.method === 'OPTIONS') { res.writeHead(204, cors); return res.end(); }
    let route = null;
    if (url.pathname.startsWith('/wp-json/') && pretty) route = url.pathname.slice('/wp-json'.length);
    else if ((url.pathname === '/' || url.pathname === '/index.php') && url.searchParams.has('rest_route')) {
      route = url.searchParams.get('rest_route');
    }
    if (route === null) {
      res.writeHead(404, { 'content-type': 'text/html; charset=UTF-8' });
      return res.end('<!doctype html><title>Page not found</title><h1>Oops! That page can’t be found.</h1>');
    }
    // Unref'd: a slow answer never keeps the test process alive.
    if (delay) await new Promise((r) => setTimeout(r, delay).unref());
    if (res.destroyed) return;
    const send = (status, body, headers = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...cors, ...headers });
      res.end(wpJson(body));
    };
    const error = (status, code, message) => send(status, { code, message, data: { status } });
    const q = url.searchParams;

    if (route === '/wp/v2/posts' && req.method === 'GET') {
      if (q.has('slug')) return send(200, ALL_POSTS.filter((p) => p.slug === q.get('slug')));
      const page = Number(q.get('page') ?? 1);
      // The captured pages are category 7's; another category or a search
      // is the matching posts, one page of them (as WordPress pages them).
      let pages = PAGES;
      if (q.has('search')) {
        const words = q.get('search').toLowerCase().split(/\s+/).filter(Boolean);
        pages = [ALL_POSTS.filter((p) => words.every((w) => text(p).includes(w)))];
      } else if (q.has('categories') && q.get('categories') !== '7') {
        pages = [ALL_POSTS.filter((p) => p.categories?.includes(Number(q.get('categories'))))];
      }
      pages = pages.filter((p) => p.length);
      if (!pages[page - 1] && !(page === 1 && pages.length === 0)) return error(400, 'rest_post_invalid_page_number', 'The page number requested is larger than the number of pages available.');
      const total = pages.flat().length;
      return send(200, pages[page - 1] ?? [], { 'X-WP-Total': String(total), 'X-WP-TotalPages': String(pages.length) });
    }
    if (route === '/wp/v2/categories' && req.method === 'GET') {
      let list = CATEGORIES;
      if (q.has('slug')) list = list.filter((c) => c.slug === q.get('slug'));
      if (q.get('hide_empty') === 'true') list = list.filter((c) => c.count > 0);
      if (q.get('orderby') === 'count') list = [...list].sort((a, b) => (q.get('order') === 'desc' ? b.count - a.count : a.count - b.count));
      return send(200, list, { 'X-WP-Total': String(list.length), 'X-WP-TotalPages': '1' });
    }
    if (route === '/wp/v2/comments' && req.method === 'GET') {
      const list = COMMENTS[q.get('post')] ?? [];
      return send(200, list, { 'X-WP-Total': String(list.length), 'X-WP-TotalPages': list.length ? '1' : '0' });
    }
    if (route === '/wp/v2/comments' && req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += chunk;
      let comment;
      try { comment = JSON.parse(body); } catch { return error(400, 'rest_invalid_json', 'Invalid JSON body passed.'); }
      posted.push(comment);
      if (comments === 'login') return error(401, 'rest_comment_login_required', 'Sorry, you must be logged in to comment.');
      if (comments === 'duplicate') return error(409, 'comment_duplicate', 'Duplicate comment detected; it looks as though you’ve already said that!');
      const post = ALL_POSTS.find((p) => p.id === comment.post);
      if (!post) return error(404, 'rest_post_invalid_id', 'Invalid post ID.');
      if (post.comment_status === 'closed') return error(403, 'rest_comment_closed', 'Sorry, comments are closed for this item.');
      return send(201, {
        id: 900 + posted.length, post: comment.post, parent: comment.parent ?? 0,
        author_name: comment.author_name, date: '2026-12-06T10:00:00', date_gmt: '2026-12-06T03:00:00',
        content: { rendered: `<p>${String(comment.content).replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c])}</p>\n` },
        status: 'hold', type: 'comment',
      });
    }
    return error(404, 'rest_no_route', 'No route was found matching the URL and request method.');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    api: pretty ? `${origin}/wp-json` : `${origin}/?rest_route=`,
    requests,
    posted,
    stop: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }),
  };
}
