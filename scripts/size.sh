#!/usr/bin/env bash
# Prints the first-load bytes of a built dist/ (wasm + js + css): raw, gzip -9, brotli -q 11.
set -euo pipefail
DIST=${1:-dist}
total_raw=0; total_gz=0; total_br=0
for f in "$DIST"/*.wasm "$DIST"/*.js "$DIST"/*.css; do
  [ -f "$f" ] || continue
  raw=$(stat -c%s "$f"); gz=$(gzip -9c "$f" | wc -c); br=$(brotli -c -q 11 "$f" | wc -c)
  printf '%-44s raw %8d  gzip %7d  brotli %7d\n' "$(basename "$f")" "$raw" "$gz" "$br"
  case "$f" in *.css) ;; *) total_raw=$((total_raw+raw)); total_gz=$((total_gz+gz)); total_br=$((total_br+br));; esac
done
printf '%-44s raw %8d  gzip %7d  brotli %7d\n' "wasm+js (first load)" "$total_raw" "$total_gz" "$total_br"
