// Puts the lazily loaded chunks of a split build (scripts/tools/wasm-bindgen)
// into Trunk's staging folder; run by scripts/post-build.sh before the JS is
// minified. Trunk copies only the main module and its glue, so this step:
//   - optimizes each chunk (release: wasm-opt -Oz, as Trunk does the main module)
//     and gives it a content-hashed name, like every other file of the build;
//   - points the chunk loader (__wasm_split.js) at the hashed glue and chunks,
//     and gives the loader a hashed name too;
//   - points the glue's import of the loader at that name, keeping index.html's
//     integrity hash of the glue true;
//   - adds a modulepreload for the loader next to the glue's, so the browser
//     fetches it with the glue instead of after it.
// Without a split folder (a build without the `split` feature) it does nothing.
//
//   node scripts/split-chunks.mjs <staging dir> <split dir> [--optimize]
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const [staging, splitDir, flag] = process.argv.slice(2);
const optimize = flag === '--optimize';
const LOADER = '__wasm_split.js';
// The features rustc's wasm32 target emits; the chunks use them as the main module does.
// The passes are the main module's (index.html's data-wasm-opt-params).
const WASM_OPT = ['-Oz', '--flatten', '--rereloop', '-Oz', '--generate-global-effects', '-Oz', '--strip-producers',
  '--strip-target-features', '--enable-bulk-memory', '--enable-nontrapping-float-to-int',
  '--enable-sign-ext', '--enable-mutable-globals', '--enable-reference-types',
  '--enable-multivalue'];

if (!staging || !splitDir) throw new Error('usage: split-chunks.mjs <staging> <split dir> [--optimize]');
if (!existsSync(join(splitDir, LOADER))) {
  console.log('split: no chunks in this build');
  process.exit(0);
}

const hash = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);
const sri = (bytes) => 'sha384-' + createHash('sha384').update(bytes).digest('base64');
const replaceOnce = (text, from, to, where) => {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`split: expected one ${from} in ${where}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
};

// The glue is the staged module that imports the loader.
const glues = readdirSync(staging).filter((f) => f.endsWith('.js')
  && readFileSync(join(staging, f), 'utf8').includes(`./${LOADER}`));
if (glues.length !== 1) throw new Error(`split: expected one glue module importing ${LOADER}, found ${glues}`);
const glue = glues[0];

let loader = readFileSync(join(splitDir, LOADER), 'utf8');
loader = loader.replace(/from "\.\/[^"]+\.js";/, `from "./${glue}";`);
if (!loader.includes(`from "./${glue}";`)) throw new Error(`split: ${LOADER} does not import the glue`);

let total = 0;
for (const file of readdirSync(splitDir).filter((f) => /^(split|chunk)_.+\.wasm$/.test(f)).sort()) {
  let path = join(splitDir, file);
  if (optimize) {
    const out = join(tmpdir(), `bantin-${process.pid}-${file}`);
    execFileSync('wasm-opt', [...WASM_OPT, path, '-o', out], { stdio: 'inherit' });
    path = out;
  }
  const bytes = readFileSync(path);
  const stem = file.replace(/\.wasm$/, '');
  const name = `${stem}-${hash(bytes)}.wasm`;
  writeFileSync(join(staging, name), bytes);
  loader = replaceOnce(loader, `"./${file}"`, `"./${name}"`, LOADER);
  total += bytes.length;
  console.log(`split: ${name} ${bytes.length} bytes`);
}

const loaderName = `__wasm_split-${hash(loader)}.js`;
writeFileSync(join(staging, loaderName), loader);

const gluePath = join(staging, glue);
const before = readFileSync(gluePath);
// The imports only (wasm-bindgen may write one per group of functions): the
// imports object keeps the module name the wasm asks for.
const after = before.toString('utf8').replace(
  /(\bfrom\s*["'])\.\/__wasm_split\.js(["'])/g, `$1./${loaderName}$2`);
if (after === before.toString('utf8')) throw new Error(`split: ${glue} does not import ${LOADER}`);
writeFileSync(gluePath, after);

const htmlPath = join(staging, 'index.html');
let html = readFileSync(htmlPath, 'utf8');
html = html.replaceAll(sri(before), sri(Buffer.from(after)));
// Trunk's modulepreload of the glue, as Trunk writes it (minified or not, any
// attribute order).
const preload = (html.match(/<link\b[^>]*>/g) ?? [])
  .find((tag) => /\bmodulepreload\b/.test(tag) && tag.includes(glue));
const href = preload?.match(/\bhref=("([^"]*)"|([^\s>]*))/);
if (!href) throw new Error(`split: no modulepreload of ${glue} in index.html`);
const prefix = (href[2] ?? href[3]).slice(0, -glue.length);
const tag = `<link rel="modulepreload" crossorigin href="${prefix}${loaderName}" integrity="${sri(Buffer.from(loader))}">`;
html = html.replace(preload, preload + tag);
writeFileSync(htmlPath, html);
console.log(`split: ${loaderName}; chunks ${total} bytes`);
