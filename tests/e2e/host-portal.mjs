// A portal that embeds bantin (tests/e2e/embed.test.mjs): its own pages, its
// own hostile theme (hosts/), and bantin's files under /static/bantin/ and its
// counter under /api/, both passed through to a bantin-server on loopback, as
// a portal's web server would. Serves 127.0.0.1 only.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const HOSTS = path.join(import.meta.dirname, 'hosts');

/** The policy of issue "Embedding", the strictest a careful portal uses. */
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
  + "img-src 'self' https: data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
  + "require-trusted-types-for 'script'";

const ABOUT = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Giới thiệu</title>
<link rel="icon" href="/static/bantin/icons/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/hostile.css"></head><body><h1 class="about">Giới thiệu huyện</h1>
<a href="/tin-tuc/">Tin tức</a></body></html>`;

/** Starts the portal in front of `bantin` (a started bantin-server's URL); `csp` is sent with its
 *  pages. Its home page `/` shows the light widgets (hosts/widgets.html), `/tin-tuc/…` the reader.
 *  `assets`: where its pages take bantin from (default its own `/static/bantin/`; another
 *  origin's URL for a CDN). */
export async function startPortal({ bantin, csp = STRICT_CSP, assets = '/static/bantin/' }) {
  const page = (name) => readFileSync(path.join(HOSTS, name), 'utf8').replaceAll('/static/bantin/', assets);
  const upstream = new URL(bantin);
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://host');
    const send = (status, type, body) => {
      res.writeHead(status, { 'content-type': type, 'content-security-policy': csp, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (pathname === '/hostile.css' || pathname === '/theme.css') {
      return send(200, 'text/css', readFileSync(path.join(HOSTS, pathname.slice(1))));
    }
    if (pathname === '/resize.js') return send(200, 'text/javascript', readFileSync(path.join(HOSTS, 'resize.js')));
    if (pathname === '/khung' || pathname === '/khung-co-dinh') {
      // The iframe forms, with the portal's one-line resize script, and without any script.
      const html = page('frames.html');
      return send(200, 'text/html; charset=utf-8',
        pathname === '/khung' ? html : html.replace('<script src="/resize.js"></script>', ''));
    }
    if (pathname === '/gioi-thieu') return send(200, 'text/html; charset=utf-8', ABOUT);
    if (pathname === '/') return send(200, 'text/html; charset=utf-8', page('widgets.html'));
    if (pathname === '/tin-tuc' || pathname.startsWith('/tin-tuc/')) {
      return send(200, 'text/html; charset=utf-8', page('portal.html'));
    }
    let target;
    if (pathname.startsWith('/static/bantin/')) target = req.url.slice('/static/bantin'.length);
    else if (pathname.startsWith('/api/')) target = req.url;
    else return send(404, 'text/plain', 'not found');
    // Passed through as they are (an event stream too: piped, not buffered), with the
    // portal's Host, as a reverse proxy sends it: the counter takes hits from its own origin.
    const headers = { ...req.headers };
    const out = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: target, headers }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    out.on('error', () => { if (!res.headersSent) res.writeHead(502); res.end(); });
    req.pipe(out);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}
