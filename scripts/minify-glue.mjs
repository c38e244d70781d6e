// Minifies the JS that Trunk leaves as written: wasm-bindgen's glue module and
// the app's JS snippets (Trunk 0.21 minifies HTML and CSS, not these). Each file
// is rewritten in place, and with --html, the `integrity` hashes index.html
// holds for them are updated to match.
//
//   node scripts/minify-glue.mjs [--html dist/index.html] file.js...
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { minify } from 'terser';

const args = process.argv.slice(2);
let html = null;
if (args[0] === '--html') { html = args[1]; args.splice(0, 2); }

let page = html ? readFileSync(html, 'utf8') : null;
const sri = (bytes) => 'sha384-' + createHash('sha384').update(bytes).digest('base64');
for (const file of args) {
  const before = readFileSync(file);
  const out = await minify(before.toString('utf8'), {
    module: true,
    ecma: 2020,
    compress: { passes: 2 },
    mangle: true,
    format: { comments: false },
  });
  if (typeof out.code !== 'string') throw new Error(`terser gave nothing for ${file}`);
  writeFileSync(file, out.code);
  if (page !== null) {
    const old = sri(before);
    if (page.includes(old)) {
      page = page.replaceAll(old, sri(Buffer.from(out.code)));
    } else if (page.includes(basename(file)) && page.includes('integrity=')) {
      // A hash we cannot match would block the minified file in the browser.
      throw new Error(`minify: ${html} names ${basename(file)} but not its sha384 integrity`);
    }
  }
  console.log(`minify: ${basename(file)} ${before.length} -> ${Buffer.byteLength(out.code)} bytes`);
}
if (html) writeFileSync(html, page);
