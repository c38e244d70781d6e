#!/usr/bin/env bash
# Prints the bytes of a built dist/: raw, gzip -9, brotli -q 11.
#   - first load: what the first list waits for — the main wasm module, the JS glue,
#     the chunk loader and wasm-bindgen snippets (css listed apart);
#   - after the first list: the lazily loaded wasm chunks (src/lazy.rs) and
#     offline.js (imported by the offline chunk), fetched once the first list is
#     in or when first needed, so not first-load;
#   - the service worker (fetched after the page has loaded) and what it precaches.
# `size.sh --first-load DIST` prints only "raw brotli" of the first load (for
# scripts/feature-size.sh).
set -euo pipefail
brief=false
if [ "${1:-}" = --first-load ]; then brief=true; shift; fi
DIST=${1:-dist}
is_chunk() { [[ $(basename "$1") =~ ^(split|chunk)_.*\.wasm$ || $1 == "$DIST/offline.js" ]]; }
total=(0 0 0); chunks=(0 0 0); n_chunks=0
row() { # file, label
  local raw gz br
  raw=$(stat -c%s "$1"); gz=$(gzip -9c "$1" | wc -c); br=$(brotli -c -q 11 "$1" | wc -c)
  $brief || printf '%-44s raw %8d  gzip %7d  brotli %7d\n' "$2" "$raw" "$gz" "$br"
  last=("$raw" "$gz" "$br")
}
while IFS= read -r f; do
  is_chunk "$f" && continue
  row "$f" "${f#"$DIST"/}"
  case "$f" in *.css) ;; *) for i in 0 1 2; do total[i]=$((total[i] + last[i])); done ;; esac
done < <(find "$DIST" \( -path "$DIST/demo" -prune \) -o -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' \) ! -name sw.js -print | LC_ALL=C sort)
if $brief; then echo "${total[0]} ${total[2]}"; exit 0; fi
printf '%-44s raw %8d  gzip %7d  brotli %7d\n' "wasm+js (first load)" "${total[@]}"
while IFS= read -r f; do
  row "$f" "  ${f#"$DIST"/}"
  for i in 0 1 2; do chunks[i]=$((chunks[i] + last[i])); done
  n_chunks=$((n_chunks + 1))
done < <(find "$DIST" -maxdepth 1 -type f \( -name 'split_*.wasm' -o -name 'chunk_*.wasm' -o -name offline.js \) | LC_ALL=C sort)
if [ "$n_chunks" -gt 0 ]; then
  printf '%-44s raw %8d  gzip %7d  brotli %7d\n' "$n_chunks files after the first list" "${chunks[@]}"
fi
if [ -f "$DIST/sw.js" ]; then
  row "$DIST/sw.js" "sw.js (service worker, after load)"
  precache=0; n=0
  for f in $(sed -n 's/^const PRECACHE = \[\(.*\)\];$/\1/p' "$DIST/sw.js" | tr -d '"' | tr ',' ' '); do
    precache=$((precache + $(stat -c%s "$DIST/$f"))); n=$((n+1))
  done
  printf '%-44s %d files, %d bytes (as stored; sent compressed)\n' "precache" "$n" "$precache"
fi
