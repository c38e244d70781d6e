// The last step of every build (Trunk's post_build hook, scripts/post-build.sh):
// it takes what Trunk staged and gives each file that is served as immutable a
// name made from its FINAL bytes, after every change this step makes to them.
//
//   node scripts/finalize.mjs <staging dir> <split dir> <public url> [--release]
//
// Trunk builds with filehash = false (Trunk.toml), so it stages the app under
// wasm-bindgen's own names (bantin.js, bantin_bg.wasm, snippets/...) and does
// not name anything by hash (its hash of the wasm is taken before wasm-opt).
// This step then:
//   1. gathers the app's module files: the glue, the main wasm, wasm-bindgen's
//      snippets, src/boot.js and, for a split build, the chunk loader and the
//      chunks (scripts/tools/wasm-bindgen left them in <split dir>);
//   2. release: optimizes each chunk with wasm-opt, as Trunk does the main
//      module, and minifies the JS with terser;
//   3. puts them, under those unchanged names, into one folder named by the
//      hash of all their final bytes, `bantin-<16 hex>/`. The glue and the chunk
//      loader import each other, so no file of the two can carry a hash of the
//      other's: the folder's name carries them all, and no generated file is
//      edited to point at a new name;
//   4. names each stylesheet by the hash of its bytes;
//   5. writes index.html's script and preloads (and every integrity hash) from
//      the final bytes, into the one <script data-bantin-boot> that Trunk's
//      pattern_script leaves, working on the parsed document (parse5);
//   6. writes preload.json: the files of the article page's chunk, which
//      bantin-server names in a shared article link's `Link` header.
// Every JS module's imports are read from its parsed form (acorn) and must
// be relative and resolve inside the folder: an upgrade of wasm-bindgen or
// wasm-split that changes the files' shape, or a `--features split` build run
// without scripts/env.sh's wasm-bindgen wrapper (its glue imports the bare
// `__wasm_split_placeholder__`), stops the build here, loudly, instead of
// shipping an app that does not boot.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as acorn from 'acorn';
import { parse, serialize, defaultTreeAdapter as tree } from 'parse5';
import { minify } from 'terser';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const release = args.includes('--release');
const [staging, splitDir, publicUrl] = args.filter((a) => !a.startsWith('--'));
if (!staging || !splitDir || publicUrl === undefined) {
  throw new Error('usage: finalize.mjs <staging dir> <split dir> <public url> [--release]');
}
const fail = (message) => { throw new Error(`finalize: ${message}`); };
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const sri = (bytes) => 'sha384-' + createHash('sha384').update(bytes).digest('base64');
const base = publicUrl.endsWith('/') ? publicUrl : publicUrl + '/';

// The passes Trunk gives the main module (index.html's data-wasm-opt-params:
// -Oz, a second round after flattening and re-looping the control flow, a third
// knowing each function's side effects, and one more -Oz), with the features rustc's wasm32
// target emits, which wasm-opt must be told of for a module that has no
// target-features section.
const CHUNK_WASM_OPT = ['-Oz', '--flatten', '--rereloop', '-Oz', '--generate-global-effects', '-Oz', '-Oz',
  '--strip-producers', '--strip-target-features', '--enable-bulk-memory',
  '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals',
  '--enable-reference-types', '--enable-multivalue'];

// 1. The app's module files, as { name in the folder: bytes }.
const files = new Map();
const take = (name, path) => files.set(name, readFileSync(path));
for (const name of ['bantin.js', 'bantin_bg.wasm']) {
  if (!existsSync(join(staging, name))) fail(`Trunk staged no ${name} (is filehash = false in Trunk.toml?)`);
  take(name, join(staging, name));
}
const walk = (dir) => readdirSync(dir).flatMap((f) => {
  const p = join(dir, f);
  return statSync(p).isDirectory() ? walk(p) : [p];
});
if (existsSync(join(staging, 'snippets'))) {
  for (const p of walk(join(staging, 'snippets'))) take(relative(staging, p).split('\\').join('/'), p);
}
take('boot.js', join(here, '..', 'src', 'boot.js'));
// The light widgets' binaries (src/bin/widget_*.rs), which embed.js loads.
const widgetFiles = ['visitors', 'latest', 'ad']
  .flatMap((kind) => [`widget_${kind}.js`, `widget_${kind}_bg.wasm`]);
for (const name of widgetFiles) {
  if (!existsSync(join(staging, name))) fail(`Trunk staged no ${name} (index.html's widget links)`);
  take(name, join(staging, name));
}
// The <bantin-news> element, for portals' pages (docs/embed.md).
take('embed.js', join(here, '..', 'src', 'embed.js'));

// The static and dynamic imports (`module: true`: a module specifier) and the
// `new URL('…', import.meta.url)` (a URL, relative without './' too) of a module.
function importsOf(name, source) {
  let ast;
  try {
    ast = acorn.parse(source, { ecmaVersion: 'latest', sourceType: 'module' });
  } catch (e) {
    fail(`${name} is not a JS module acorn can read: ${e.message}`);
  }
  const found = [];
  const visit = (node) => {
    if (!node || typeof node.type !== 'string') return;
    if ((node.type === 'ImportDeclaration' || node.type === 'ExportAllDeclaration'
      || node.type === 'ExportNamedDeclaration') && node.source) {
      found.push({ spec: node.source.value, module: true });
    }
    if (node.type === 'ImportExpression' && node.source.type === 'Literal') {
      found.push({ spec: node.source.value, module: true });
    }
    if (node.type === 'NewExpression' && node.callee.name === 'URL' && node.arguments.length === 2
      && node.arguments[0].type === 'Literal' && node.arguments[1].type === 'MetaProperty') {
      found.push({ spec: node.arguments[0].value, module: false });
    }
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object') visit(value);
    }
  };
  visit(ast);
  return found.filter((i) => typeof i.spec === 'string');
}
const relativeSpec = (spec) => spec.startsWith('./') || spec.startsWith('../');

// A split build's glue imports the chunk loader; only then are the chunks this build's.
const LOADER = '__wasm_split.js';
const glueImports = importsOf('bantin.js', files.get('bantin.js').toString('utf8')).map((i) => i.spec);
if (glueImports.includes(`./${LOADER}`)) {
  if (!existsSync(join(splitDir, LOADER))) fail(`the glue imports ${LOADER}, but ${splitDir} has none`);
  take(LOADER, join(splitDir, LOADER));
  for (const f of readdirSync(splitDir).filter((f) => /^(split|chunk)_.+\.wasm$/.test(f)).sort()) {
    let path = join(splitDir, f);
    // 2. The chunks optimized as the main module is.
    if (release) {
      const out = join(splitDir, `opt-${f}`);
      execFileSync('wasm-opt', [...CHUNK_WASM_OPT, path, '-o', out], { stdio: 'inherit' });
      path = out;
    }
    take(f, path);
  }
}

// 2. The JS minified (Trunk 0.21 minifies HTML and CSS, not wasm-bindgen's output).
if (release) {
  for (const [name, bytes] of files) {
    if (!name.endsWith('.js')) continue;
    const out = await minify(bytes.toString('utf8'), {
      module: true, ecma: 2020, compress: { passes: 2 }, mangle: true, format: { comments: false },
    });
    if (typeof out.code !== 'string') fail(`terser gave nothing for ${name}`);
    files.set(name, Buffer.from(out.code));
  }
}

// Every module specifier of every module must be relative (a bare one such as
// `__wasm_split_placeholder__` resolves in no browser without an import map;
// an absolute one is not this build's), and every relative import a file of
// the folder.
for (const [name, bytes] of files) {
  if (!name.endsWith('.js')) continue;
  for (const { spec, module } of importsOf(name, bytes.toString('utf8'))) {
    // A folder's URL (boot.js and embed.js find the app's base as '../').
    if (!module && spec.endsWith('/')) continue;
    if (!relativeSpec(spec)) {
      if (!module) continue;
      if (spec === '__wasm_split_placeholder__') {
        fail(`${name} imports the bare specifier ${spec}: a --features split build whose wasm was not `
          + 'cut by wasm-split (build with bash scripts/build.sh: scripts/env.sh puts the '
          + 'wasm-bindgen wrapper, scripts/tools/wasm-bindgen, first on PATH)');
      }
      fail(`${name} imports ${spec}, which is not a relative path into the build (a bare specifier `
        + 'resolves in no browser here; an absolute one is not this build\'s file)');
    }
    const target = posix.normalize(posix.join(posix.dirname(name), spec));
    if (!files.has(target)) fail(`${name} imports ${spec}, which is not in the build`);
  }
}

// The files a chunk's first load fetches, in the order its loader asks for
// them. The loader is run (in node, with a `fetch` that only writes the URL
// down and never answers), not read by pattern: it is asked exactly as the
// main module asks it, so what it lists is what the browser will fetch, and a
// wasm-split whose loader changes shape fails here, loudly.
async function chunkFiles(chunk) {
  const dir = mkdtempSync(join(tmpdir(), 'bantin-loader-'));
  const realFetch = globalThis.fetch;
  try {
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
    // What the loader imports from the glue: the main module's exports, asked
    // for before a chunk is instantiated, which here never happens.
    writeFileSync(join(dir, 'bantin.js'), 'export function initSync() { return {}; }\n');
    writeFileSync(join(dir, LOADER), files.get(LOADER));
    const asked = [];
    globalThis.fetch = (input) => { asked.push(String(input)); return new Promise(() => {}); };
    const load = (await import(pathToFileURL(join(dir, LOADER)).href))[`__wasm_split_load_${chunk}`];
    if (typeof load !== 'function') fail(`${LOADER} has no loader for the chunk ${chunk}`);
    load(0, 0); // settles never: the fetches are what is wanted
    const names = asked.map((u) => relative(dir, fileURLToPath(u)).split('\\').join('/'));
    if (names.length === 0 || names.some((n) => !files.has(n))) {
      fail(`the loader of ${chunk} asks for ${names.join(', ') || 'nothing'}, not files of the build`);
    }
    return names;
  } finally {
    globalThis.fetch = realFetch;
    rmSync(dir, { recursive: true, force: true });
  }
}
// The article page's chunk (src/lazy.rs): a shared article link's text waits
// for it (6. below).
const articleChunk = files.has(LOADER) ? await chunkFiles('article') : [];

// 3. The folder, named by the hash of every name and byte in it.
const hash = createHash('sha256');
for (const name of [...files.keys()].sort()) hash.update(name).update('\0').update(files.get(name)).update('\0');
const folder = `bantin-${hash.digest('hex').slice(0, 16)}`;
for (const name of ['bantin.js', 'bantin_bg.wasm', ...widgetFiles]) rmSync(join(staging, name));
rmSync(join(staging, 'snippets'), { recursive: true, force: true });
for (const [name, bytes] of files) {
  const path = join(staging, folder, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
}

// 5. index.html, parsed.
const htmlPath = join(staging, 'index.html');
const document = parse(readFileSync(htmlPath, 'utf8'));
const elements = (node, out = []) => {
  if (node.tagName) out.push(node);
  for (const child of tree.getChildNodes(node) ?? []) elements(child, out);
  if (node.content) elements(node.content, out); // <template>
  return out;
};
const attr = (el, name) => el.attrs.find((a) => a.name === name)?.value;
const setAttr = (el, name, value) => {
  const a = el.attrs.find((x) => x.name === name);
  if (a) a.value = value; else el.attrs.push({ name, value });
};
const all = elements(document);
const boots = all.filter((el) => el.tagName === 'script' && attr(el, 'data-bantin-boot') !== undefined);
if (boots.length !== 1) fail(`index.html must hold one <script data-bantin-boot> (Trunk's pattern_script), found ${boots.length}`);
const boot = boots[0];

// 4. Stylesheets: the `<link rel=stylesheet href={base}name.css>` Trunk wrote, one a source
// file (style/), become one file, their bytes in the page's order (the same cascade), named by
// its hash: each stylesheet holds the first paint back and is a request of its own, and on a
// phone's link every request before the first paint costs (docs/perf.md, session 16).
const sheets = [];
for (const el of all.filter((e) => e.tagName === 'link' && attr(e, 'rel') === 'stylesheet')) {
  const href = attr(el, 'href') ?? '';
  if (!href.startsWith(base) || !href.endsWith('.css')) continue;
  const name = href.slice(base.length);
  const path = join(staging, name);
  if (!existsSync(path)) fail(`index.html links ${href}, which is not in the build`);
  const css = readFileSync(path, 'utf8');
  // Only the first rule of a file may be @charset or @import: in the middle of one file they would be dropped.
  if (/@(charset|import)\b/i.test(css)) fail(`${name} has @charset or @import, which cannot be joined to another stylesheet`);
  sheets.push({ el, path, css });
}
const stylesheets = [];
if (sheets.length > 0) {
  const bytes = Buffer.from(sheets.map((s) => s.css).join('\n'));
  const hashed = `style-${sha256(bytes).slice(0, 16)}.css`;
  writeFileSync(join(staging, hashed), bytes);
  for (const s of sheets) rmSync(s.path);
  setAttr(sheets[0].el, 'href', base + hashed);
  setAttr(sheets[0].el, 'integrity', sri(bytes));
  for (const s of sheets.slice(1)) tree.detachNode(s.el);
  stylesheets.push([hashed, sri(bytes)]);
}

const url = (name) => `${base}${folder}/${name}`;
const element = (tagName, attrs) => tree.createElement(tagName, '', Object.entries(attrs)
  .map(([name, value]) => ({ name, value })));
const parent = tree.getParentNode(boot);
const before = (el) => tree.insertBefore(parent, el, boot);
// What the first list waits for, fetched in parallel: the glue and the modules
// it imports (the chunk loader, wasm-bindgen's snippets), and the main wasm.
const firstLoadJs = ['bantin.js', ...[...files.keys()].filter((n) => n === LOADER
  || (n.startsWith('snippets/') && n.endsWith('.js'))).sort()];
for (const name of firstLoadJs) {
  before(element('link', { rel: 'modulepreload', href: url(name), crossorigin: 'anonymous', integrity: sri(files.get(name)) }));
}
before(element('link', {
  rel: 'preload', href: url('bantin_bg.wasm'), as: 'fetch', type: 'application/wasm',
  crossorigin: 'anonymous', integrity: sri(files.get('bantin_bg.wasm')),
}));
// No <base>: a strict policy's `base-uri 'none'` ignores it (and reports it),
// so the page names its files by absolute paths under the public URL, and
// boot.js gives the app its base from its own URL (docs/embed.md).
for (const el of all.filter((e) => e.tagName === 'base')) tree.detachNode(el);
for (const el of all.filter((e) => e.tagName === 'link')) {
  const href = attr(el, 'href');
  if (href !== undefined && !/^([a-z][a-z0-9+.-]*:|\/)/i.test(href)) setAttr(el, 'href', base + href);
}
boot.attrs = boot.attrs.filter((a) => a.name !== 'data-bantin-boot');
setAttr(boot, 'type', 'module');
setAttr(boot, 'src', url('boot.js'));
setAttr(boot, 'crossorigin', 'anonymous');
setAttr(boot, 'integrity', sri(files.get('boot.js')));
writeFileSync(htmlPath, serialize(document));

// 6. preload.json: what the page of an article route should have the browser
// fetch at once, beside the main wasm rather than after it has started: the
// article page's chunk. bantin-server sends it as `Link` preloads with a deep
// link to an article (server/src/static_files.rs); another host may do the
// same. Not immutable (its names change with each build): read at each request.
writeFileSync(join(staging, 'preload.json'), `${JSON.stringify({ article: articleChunk.map(url) }, null, 1)}\n`);

// 7. embed.js, the snippet's stable address (a portal's page names it; it is
// not immutable): the folder's embed.js, told the stylesheets index.html has.
writeFileSync(join(staging, 'embed.js'), [
  '// bantin for a portal\'s page (docs/embed.md). Written by scripts/finalize.mjs.',
  `import { define } from './${folder}/embed.js';`,
  `define(${JSON.stringify(stylesheets)});`,
  '',
].join('\n'));

const total = [...files.values()].reduce((n, b) => n + b.length, 0);
console.log(`finalize: ${folder}/ ${files.size} files, ${total} bytes`);
