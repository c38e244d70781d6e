// A small static server for benchmarks on 127.0.0.1: a built dist, a path
// that is not a file answered with index.html (client-side routes), brotli
// when the client takes it (compressed once, kept in memory), the query string
// ignored (so a JSON fixture file can answer `/api/news?page=1`).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { brotliCompressSync } from 'node:zlib';

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.webp': 'image/webp',
  '.ico': 'image/x-icon', '.webmanifest': 'application/manifest+json',
};
const compressible = /^(text\/|application\/(javascript|json|wasm|manifest))|svg/;

export async function serve(dir) {
  const root = resolve(dir);
  const cache = new Map();
  const server = createServer(async (req, res) => {
    try {
      const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
      let file = join(root, path);
      if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
      const isFile = await stat(file).then((s) => s.isFile(), () => false);
      if (!isFile) file = join(root, 'index.html');
      const type = types[extname(file)] ?? 'application/json';
      let body = await readFile(file);
      const headers = { 'content-type': type, 'cache-control': 'no-cache' };
      if (compressible.test(type) && /\bbr\b/.test(req.headers['accept-encoding'] ?? '')) {
        if (!cache.has(file)) cache.set(file, brotliCompressSync(body));
        body = cache.get(file);
        headers['content-encoding'] = 'br';
      }
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(500).end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

// Alone: node bench/static-server.mjs DIR — prints its URL, serves until killed.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { url } = await serve(process.argv[2] ?? 'dist');
  console.log(url);
}
