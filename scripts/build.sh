#!/usr/bin/env bash
# Release build of the app into dist/ (opt-level z, LTO, wasm-opt -Oz), then
# (Trunk's post-build hook) the JS minified and the service worker's precache
# list written from the files Trunk produced. Extra arguments go to trunk.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
# wasm-bindgen's output folder is shared by every build: a JS snippet left by a
# build with more features would be shipped (and preloaded) by one without.
rm -rf target/wasm-bindgen/release/snippets
trunk build --release "$@"
