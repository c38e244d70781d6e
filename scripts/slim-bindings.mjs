// Takes the bytes out of wasm-bindgen's output that only name things; run by
// scripts/tools/wasm-bindgen right after the real wasm-bindgen, before Trunk
// optimizes and hashes the files (so Trunk's hashes and integrity attributes
// describe the slim files).
//
// wasm-bindgen names each JS import after the function it wraps plus a 16-digit
// hash (`__wbg_set_innerHTML_a9d3a267967b5117`), and the glue's import object
// spells each name again: about 200 imports, 10 KB of names in the wasm and as
// many in the glue, and the hashes do not compress. Binaryen's
// --minify-imports would rename them too, but it renames every module's imports
// (the chunk loader's and the snippets' are ES module namespaces whose names we
// cannot change), so this does it for the glue's own module only:
//   - the glue's imports get short names ("a", "b", ...), in the wasm and in
//     the glue's import object;
//   - the wasm's exports that only the glue calls get short names too; the ones
//     the chunk loader reads (memory, the function table, shared globals) keep
//     theirs;
//   - the wasm-streams classes (IntoUnderlyingSource, ...Sink, ...ByteSource)
//     that `server_fn`, a hard dependency of `leptos`, exports for streaming
//     server functions are taken out: a client-side app never makes them, and
//     their exports would keep their code and imports alive. Their code then
//     goes (wasm-opt --remove-unused-module-elements), and so do the glue's
//     functions for the imports only that code used.
//
//   node scripts/slim-bindings.mjs <name>_bg.wasm <name>.js [__wasm_split.js]
// (the chunk loader of a split build, which reads some exports by name)
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { basename } from 'node:path';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [wasmPath, gluePath, loaderPath] = process.argv.slice(2);
if (!wasmPath || !gluePath) throw new Error('usage: slim-bindings.mjs <name>_bg.wasm <name>.js');
const OWN_MODULE = `./${basename(wasmPath, '.wasm')}.js`;
// What the chunk loader (__wasm_split.js) takes from the main module by name:
// `const { a, b, … } = initSync(…)`. Those exports keep their names.
const keepExports = new Set(['memory']);
if (loaderPath) {
  const taken = readFileSync(loaderPath, 'utf8').match(/const\s*\{([^}]*)\}\s*=\s*initSync\(/);
  if (!taken) throw new Error(`slim: ${loaderPath} does not take exports from initSync as expected`);
  for (const name of taken[1].split(',').map((n) => n.trim()).filter(Boolean)) keepExports.add(name);
}
const STREAMS = /^(__wbg_)?intounderlying/;
// The features rustc's wasm32 target emits.
const FEATURES = ['--enable-bulk-memory', '--enable-nontrapping-float-to-int',
  '--enable-sign-ext', '--enable-mutable-globals', '--enable-reference-types',
  '--enable-multivalue'];

// --- the wasm binary format, as much as this needs: sections, imports, exports.
const readU32 = (b, at) => {
  let value = 0, shift = 0, byte;
  do { byte = b[at++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
  return [value, at];
};
const u32 = (n) => {
  const out = [];
  do { let byte = n & 0x7f; n = Math.floor(n / 128); if (n) byte |= 0x80; out.push(byte); } while (n);
  return Buffer.from(out);
};
const readName = (b, at) => {
  const [len, start] = readU32(b, at);
  return [b.subarray(start, start + len).toString('utf8'), start + len];
};
const name = (s) => { const bytes = Buffer.from(s, 'utf8'); return Buffer.concat([u32(bytes.length), bytes]); };
// The bytes of an import's description (after its two names), by kind.
const skipImportDesc = (b, at) => {
  const kind = b[at++];
  if (kind === 0) return readU32(b, at)[1]; // function: type index
  if (kind === 1) { at += 1; const flags = b[at++]; at = readU32(b, at)[1]; return flags & 1 ? readU32(b, at)[1] : at; } // table
  if (kind === 2) { const flags = b[at++]; at = readU32(b, at)[1]; return flags & 1 ? readU32(b, at)[1] : at; } // memory
  if (kind === 3) return at + 2; // global: type, mutability
  if (kind === 4) return readU32(b, at + 1)[1]; // tag
  throw new Error(`slim: unknown import kind ${kind}`);
};

function sections(bytes) {
  const out = [];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, start] = readU32(bytes, at + 1);
    out.push({ id, body: bytes.subarray(start, start + size) });
    at = start + size;
  }
  return out;
}
const assemble = (header, list) => Buffer.concat([header, ...list.flatMap((s) => [Buffer.from([s.id]), u32(s.body.length), s.body])]);

function imports(body) {
  const [count, first] = readU32(body, 0);
  const list = [];
  let at = first;
  for (let i = 0; i < count; i++) {
    const [module, a] = readName(body, at);
    const [field, b] = readName(body, a);
    const end = skipImportDesc(body, b);
    list.push({ module, field, desc: body.subarray(b, end) });
    at = end;
  }
  return list;
}
function exports(body) {
  const [count, first] = readU32(body, 0);
  const list = [];
  let at = first;
  for (let i = 0; i < count; i++) {
    const [field, a] = readName(body, at);
    const end = readU32(body, a + 1)[1];
    list.push({ field, desc: body.subarray(a, end) });
    at = end;
  }
  return list;
}
const importSection = (list) => Buffer.concat([u32(list.length), ...list.map((i) => Buffer.concat([name(i.module), name(i.field), i.desc]))]);
const exportSection = (list) => Buffer.concat([u32(list.length), ...list.map((e) => Buffer.concat([name(e.field), e.desc]))]);

// --- the glue: wasm-bindgen's unminified output, one import per entry of the
// import object at eight spaces' indent, exports called as `wasm.<name>`.
const replaceAll = (text, pattern, to, expect, what) => {
  const n = [...text.matchAll(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g'))].length;
  if (expect !== undefined && n !== expect) throw new Error(`slim: ${what}: ${n} matches, expected ${expect}`);
  return text.replace(pattern, to);
};
// The import object: `const import0 = {`, `__proto__: null,`, then one entry
// per import, `        <field>: function(...) {` up to the next entry or the
// object's end.
function importObject(text) {
  const start = text.match(/^ {4}const import0 = \{\n {8}__proto__: null,\n/m);
  if (!start) throw new Error('slim: no import object in the glue');
  const from = start.index + start[0].length;
  const to = text.indexOf('\n    };\n', from);
  if (to < 0) throw new Error('slim: the import object does not end');
  const entries = text.slice(from, to + 1).split(/(?=^ {8}\w+: function\()/m)
    .map((body) => ({ field: body.match(/^ {8}(\w+): function\(/)?.[1], body }));
  if (entries.some((e) => !e.field)) throw new Error('slim: an import object entry the script does not know');
  return { before: text.slice(0, from), entries, after: text.slice(to + 1) };
}

let bytes = readFileSync(wasmPath);
let glue = readFileSync(gluePath, 'utf8');
const header = bytes.subarray(0, 8);

// 1. The wasm-streams classes.
let list = sections(bytes);
const exportsOf = (l) => exports(l.find((s) => s.id === 7).body);
const streams = exportsOf(list).filter((e) => STREAMS.test(e.field));
if (streams.length > 0) {
  const classes = [...glue.matchAll(/^export class (IntoUnderlying\w*) \{$/gm)].map((m) => m[1]);
  for (const cls of classes) {
    glue = replaceAll(glue, new RegExp(`^export class ${cls} \\{\\n.*?^\\}\\n`, 'ms'), '', 1, `class ${cls}`);
    glue = replaceAll(glue, new RegExp(`^if \\(Symbol\\.dispose\\) ${cls}\\.prototype.*\\n`, 'm'), '', 1, `${cls} dispose`);
    glue = replaceAll(glue, new RegExp(`^const ${cls}Finalization = [^;]*;\\n`, 'm'), '', 1, `${cls} finalization`);
  }
  if (/IntoUnderlying/.test(glue)) throw new Error('slim: the glue still uses a wasm-streams class; leaving it would break it');
  list = list.map((s) => (s.id === 7
    ? { id: 7, body: exportSection(exportsOf(list).filter((e) => !STREAMS.test(e.field))) } : s));
  const tmpIn = join(tmpdir(), `slim-${process.pid}-in.wasm`);
  const tmpOut = join(tmpdir(), `slim-${process.pid}-out.wasm`);
  writeFileSync(tmpIn, assemble(header, list));
  execFileSync('wasm-opt', [...FEATURES, '-g', '--remove-unused-module-elements', tmpIn, '-o', tmpOut], { stdio: 'inherit' });
  bytes = readFileSync(tmpOut);
  rmSync(tmpIn); rmSync(tmpOut);
  list = sections(bytes);
}

// 2. The glue's import object: entries for imports the wasm no longer has go,
// the rest get short names.
const importList = imports(list.find((s) => s.id === 2).body);
const imported = new Set(importList.filter((i) => i.module === OWN_MODULE).map((i) => i.field));
if (imported.size === 0) throw new Error(`slim: the wasm imports nothing from ${OWN_MODULE}; is this wasm-bindgen's output?`);
const ALPHA = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const short = (k) => { let s = ALPHA[k % 52]; k = Math.floor(k / 52); while (k) { s += ALPHA[k % 52]; k = Math.floor(k / 52); } return s; };
const importNames = new Map([...imported].map((field, k) => [field, short(k)]));
const object = importObject(glue);
const missing = [...imported].filter((f) => !object.entries.some((e) => e.field === f));
if (missing.length) throw new Error(`slim: the glue has no entry for ${missing}`);
glue = object.before + object.entries.filter((e) => imported.has(e.field))
  .map((e) => e.body.replace(e.field, importNames.get(e.field))).join('') + object.after;

// 3. The exports only the glue calls.
const exportList = exportsOf(list);
const missingKept = [...keepExports].filter((name) => !exportList.some((e) => e.field === name));
if (missingKept.length) throw new Error(`slim: the chunk loader needs exports the wasm does not have: ${missingKept}`);
const calledByGlue = new Set([...glue.matchAll(/\bwasm\.(\w+)/g)].map((m) => m[1]));
const exportNames = new Map(exportList
  .filter((e) => !keepExports.has(e.field) && calledByGlue.has(e.field))
  .map((e, k) => [e.field, `_${short(k)}`]));
glue = glue.replace(/\bwasm\.(\w+)/g, (m, field) => (exportNames.has(field) ? `wasm.${exportNames.get(field)}` : m));

list = list.map((s) => {
  if (s.id === 2) {
    return { id: 2, body: importSection(importList.map((i) => (i.module === OWN_MODULE ? { ...i, field: importNames.get(i.field) } : i))) };
  }
  if (s.id === 7) {
    return { id: 7, body: exportSection(exportList.map((e) => ({ ...e, field: exportNames.get(e.field) ?? e.field }))) };
  }
  return s;
});
const out = assemble(header, list);
writeFileSync(wasmPath, out);
writeFileSync(gluePath, glue);
console.log(`slim: ${importNames.size} imports and ${exportNames.size} exports renamed, `
  + `${streams.length} wasm-streams exports removed; wasm ${out.length} bytes`);
