#!/usr/bin/env bash
# Prints the first-load bytes of a built dist/ (wasm + js, with wasm-bindgen snippets; css
# listed apart): raw, gzip -9, brotli -q 11. Then the service worker (fetched after the
# page has loaded, so not first-load) and the bytes it precaches.
set -euo pipefail
DIST=${1:-dist}
total_raw=0; total_gz=0; total_br=0
row() { # file, label
  local raw gz br
  raw=$(stat -c%s "$1"); gz=$(gzip -9c "$1" | wc -c); br=$(brotli -c -q 11 "$1" | wc -c)
  printf '%-44s raw %8d  gzip %7d  brotli %7d\n' "$2" "$raw" "$gz" "$br"
  last=("$raw" "$gz" "$br")
}
while IFS= read -r f; do
  row "$f" "${f#"$DIST"/}"
  case "$f" in *.css) ;; *) total_raw=$((total_raw+last[0])); total_gz=$((total_gz+last[1])); total_br=$((total_br+last[2]));; esac
done < <(find "$DIST" \( -path "$DIST/demo" -prune \) -o -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' \) ! -name sw.js -print | LC_ALL=C sort)
printf '%-44s raw %8d  gzip %7d  brotli %7d\n' "wasm+js (first load)" "$total_raw" "$total_gz" "$total_br"
if [ -f "$DIST/sw.js" ]; then
  row "$DIST/sw.js" "sw.js (service worker, after load)"
  precache=0; n=0
  for f in $(sed -n 's/^const PRECACHE = \[\(.*\)\];$/\1/p' "$DIST/sw.js" | tr -d '"' | tr ',' ' '); do
    precache=$((precache + $(stat -c%s "$DIST/$f"))); n=$((n+1))
  done
  printf '%-44s %d files, %d bytes (as stored; sent compressed)\n' "precache" "$n" "$precache"
fi
