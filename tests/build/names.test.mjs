// The build's promise to browsers and bantin-server: every file served as
// immutable is named by the hash of its final bytes, and every integrity hash
// in index.html is that of the bytes served.
//   - on the real builds (dist/, and the base-path and lean builds when there);
//   - on a small staged build run through scripts/finalize.mjs twice, once as
//     is and once with only a post-build step changed (release minification):
//     every file whose bytes changed gets a new name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const sha256 = (b) => createHash('sha256').update(b).digest('hex');
const sri = (b) => 'sha384-' + createHash('sha384').update(b).digest('base64');
const walk = (dir) => readdirSync(dir).flatMap((f) => {
  const p = join(dir, f);
  return statSync(p).isDirectory() ? walk(p) : [p];
});

// Every (url, integrity) pair of index.html's <link>/<script>, and the checks.
function checkBuild(dist, base = '/') {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/<(?:link|script)\b[^>]*>/g)].map(([tag]) => ({
    url: tag.match(/\b(?:href|src)="([^"]+)"/)?.[1],
    integrity: tag.match(/\bintegrity="([^"]+)"/)?.[1],
  })).filter((r) => r.integrity);
  assert.ok(refs.length >= 4, `index.html has integrity-checked scripts, preloads and stylesheets: ${JSON.stringify(refs)}`);
  for (const { url, integrity } of refs) {
    assert.ok(url.startsWith(base), `${url} is under ${base}`);
    const bytes = readFileSync(join(dist, url.slice(base.length)));
    assert.equal(integrity, sri(bytes), `the integrity of ${url} is that of its bytes`);
  }
  const folders = readdirSync(dist).filter((f) => /^bantin-[0-9a-f]{16}$/.test(f));
  assert.equal(folders.length, 1, `one app folder in ${dist}: ${folders}`);
  const folder = join(dist, folders[0]);
  const files = walk(folder).filter((p) => !/\.(br|gz)$/.test(p))
    .map((p) => relative(folder, p).split('\\').join('/')).sort();
  const hash = createHash('sha256');
  for (const f of files) hash.update(f).update('\0').update(readFileSync(join(folder, f))).update('\0');
  assert.equal(folders[0], `bantin-${hash.digest('hex').slice(0, 16)}`, 'the folder is named by its files');
  for (const f of readdirSync(dist).filter((f) => /-[0-9a-f]{16}\.css$/.test(f))) {
    assert.equal(f.match(/-([0-9a-f]{16})\.css$/)[1], sha256(readFileSync(join(dist, f))).slice(0, 16), f);
  }
  return { html, folder: folders[0], files };
}

for (const [dist, base] of [['dist', '/'], ['target/dist-tin-tuc', '/tin-tuc/'], ['target/dist-lean', '/']]) {
  test(`${dist}: names and integrity hashes follow the final bytes`, { skip: !existsSync(join(ROOT, dist, 'index.html')) && 'not built' }, () => {
    const { html, files } = checkBuild(join(ROOT, dist), base);
    assert.ok(files.includes('bantin.js') && files.includes('bantin_bg.wasm') && files.includes('boot.js'));
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
  });
}

// A staged build as Trunk leaves it (filehash = false), small enough to read.
function stage() {
  const dir = mkdtempSync(join(tmpdir(), 'bantin-finalize-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html><head><base href="/">'
    + '<link rel="stylesheet" href="/main.css" integrity="sha384-stale"><script data-bantin-boot></script>'
    + '</head><body></body></html>');
  writeFileSync(join(dir, 'main.css'), '.bt-x { color: red; }\n');
  writeFileSync(join(dir, 'bantin.js'), [
    "import { hint } from './snippets/bantin-0/inline0.js';",
    '/** The glue, with comments and long names that minification takes out. */',
    'export default async function init(options) {',
    '  const someLongName = options && options.module_or_path;',
    '  return { someLongName, hint: hint() };',
    '}', ''].join('\n'));
  writeFileSync(join(dir, 'bantin_bg.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  // The light widgets' binaries (src/bin/widget_*.rs).
  for (const kind of ['visitors', 'latest', 'ad']) {
    writeFileSync(join(dir, `widget_${kind}.js`), 'export default async function init() { return {}; }\n');
    writeFileSync(join(dir, `widget_${kind}_bg.wasm`), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  }
  cpSync(join(ROOT, 'tests', 'build', 'snippet.js'), join(dir, 'snippets', 'bantin-0', 'inline0.js'));
  return dir;
}
const finalize = (dir, ...flags) => execFileSync('node',
  [join(ROOT, 'scripts', 'finalize.mjs'), dir, join(dir, 'no-split'), '/', ...flags], { cwd: ROOT, encoding: 'utf8' });
const served = (dir) => {
  const out = new Map();
  for (const p of walk(dir)) {
    const f = relative(dir, p).split('\\').join('/');
    // index.html and embed.js are the stable addresses (served no-cache), not immutable files.
    if (f !== 'index.html' && f !== 'embed.js') out.set(f, sha256(readFileSync(p)));
  }
  return out;
};

test('finalize: a change to a post-build step alone gives every changed file a new name', () => {
  const plain = stage();
  const minified = stage();
  finalize(plain);
  finalize(minified, '--release');
  checkBuild(plain);
  checkBuild(minified);
  const a = served(plain);
  const b = served(minified);
  // The glue's bytes changed, so its URL did; no URL of the first build
  // names other bytes in the second.
  assert.ok([...a.keys()].some((f) => f.endsWith('/bantin.js')));
  for (const [name, hash] of a) {
    if (b.has(name)) assert.equal(b.get(name), hash, `${name} names the same bytes in both builds`);
  }
  assert.ok([...a.keys()].filter((f) => f.endsWith('/bantin.js')).every((f) => !b.has(f)), 'the glue moved');
  // The stylesheet's bytes did not change, and neither did its name.
  assert.deepEqual([...a.keys()].filter((f) => f.endsWith('.css')), [...b.keys()].filter((f) => f.endsWith('.css')));
});

test('finalize: the same staged build twice gives the same names (deterministic)', () => {
  const one = stage();
  const two = stage();
  finalize(one);
  finalize(two);
  assert.deepEqual([...served(one)], [...served(two)]);
});

test('finalize: a module importing a file the build does not have stops the build, loudly', () => {
  const dir = stage();
  writeFileSync(join(dir, 'bantin.js'), "import { x } from './missing.js'; export default x;\n");
  assert.throws(() => finalize(dir), /imports \.\/missing\.js, which is not in the build/);
});

test('finalize: a bare import specifier stops the build, loudly', () => {
  // What the glue of a `--features split` build imports when its wasm was not
  // cut by wasm-split (built without scripts/env.sh's wasm-bindgen wrapper).
  const dir = stage();
  writeFileSync(join(dir, 'bantin.js'),
    "import * as __wbg_star0 from '__wasm_split_placeholder__'; export default __wbg_star0;\n");
  assert.throws(() => finalize(dir), /imports the bare specifier __wasm_split_placeholder__/);
  // Any other bare (or absolute) specifier, static or dynamic, in any module.
  const other = stage();
  writeFileSync(join(other, 'snippets', 'bantin-0', 'inline0.js'),
    "export const hint = () => import('some-package');\n");
  assert.throws(() => finalize(other), /inline0\.js imports some-package, which is not a relative path into the build/);
});

test('finalize: without the boot element Trunk leaves, the build stops', () => {
  const dir = stage();
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
  assert.throws(() => finalize(dir), /one <script data-bantin-boot>/);
});
