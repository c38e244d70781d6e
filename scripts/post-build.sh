#!/usr/bin/env bash
# Trunk post_build hook (Trunk.toml), in the staging folder: put the lazily
# loaded wasm chunks of a split build into it (scripts/split-chunks.mjs), minify
# the JS glue and snippets of a release build (scripts/minify-glue.mjs, keeping
# index.html's integrity hashes true), write the service worker's precache list
# (scripts/precache.sh), which must see the final bytes, then precompress a
# release build's wasm, JS and CSS.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=${TRUNK_STAGING_DIR:?run by trunk as a post_build hook (TRUNK_STAGING_DIR unset)}
profile=${TRUNK_PROFILE:-debug}
split_dir=${CARGO_TARGET_DIR:-$here/../target}/wasm-bindgen/$profile/split
node "$here/split-chunks.mjs" "$dir" "$split_dir" $([ "$profile" = release ] && echo --optimize)
if [ "$profile" = release ]; then
  mapfile -t js < <(find "${dir%/}" -name '*.js' ! -name sw.js ! -path "${dir%/}/demo/*")
  [ "${#js[@]}" -eq 0 ] || node "$here/minify-glue.mjs" --html "$dir/index.html" "${js[@]}"
fi
bash "$here/precache.sh"
# Release: brotli (-q 11) and gzip (-9) copies beside the app's hashed wasm, JS
# and CSS, which bantin-server sends as they are (it compresses the rest on the
# fly, at brotli quality 5). Not sw.js: a copy of it would outlive an edit of it
# (a new deploy's worker, or none), and it is small. The precache lists the
# files themselves, not these copies.
if [ "$profile" = release ]; then
  find "${dir%/}" \( -name '*.wasm' -o -name '*.js' -o -name '*.css' \) ! -name sw.js \
    ! -path "${dir%/}/demo/*" -exec brotli -f -k -q 11 {} + -exec gzip -f -k -9 {} +
fi
