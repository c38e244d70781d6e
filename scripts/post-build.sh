#!/usr/bin/env bash
# Trunk's post_build hook (Trunk.toml), in the staging folder, for every build
# (`trunk serve` and `trunk build` alike):
#   1. scripts/finalize.mjs: the chunks of a split build optimized, the JS of a
#      release build minified, then every immutable file named by the hash of
#      its final bytes and index.html's script, preloads and integrity hashes
#      written from them;
#   2. scripts/precache.sh: the service worker's precache list and version,
#      from the final files;
#   3. release: brotli (-q 11) and gzip (-9) copies beside the app's wasm, JS
#      and CSS, which bantin-server sends as they are (it compresses the rest
#      on the fly). Not sw.js: a copy of it would outlive an edit of it, and it
#      is small. The precache lists the files themselves, not these copies.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=${TRUNK_STAGING_DIR:?run by trunk as a post_build hook (TRUNK_STAGING_DIR unset)}
profile=${TRUNK_PROFILE:-debug}
split_dir=${CARGO_TARGET_DIR:-$here/../target}/wasm-bindgen/$profile/split
node "$here/finalize.mjs" "$dir" "$split_dir" "${TRUNK_PUBLIC_URL:-/}" $([ "$profile" = release ] && echo --release)
bash "$here/precache.sh"
if [ "$profile" = release ]; then
  find "${dir%/}" \( -name '*.wasm' -o -name '*.js' -o -name '*.css' \) ! -name sw.js \
    ! -path "${dir%/}/demo/*" -exec brotli -f -k -q 11 {} + -exec gzip -f -k -9 {} +
fi
