#!/usr/bin/env bash
# The release build of the app into dist/: `trunk build --release` with the
# `split` feature (lazily loaded chunks, src/lazy.rs), then Trunk's post-build
# hook (scripts/post-build.sh). Extra arguments go to trunk (--public-url,
# --dist, --no-default-features, --features …). Steps: docs/ARCHITECTURE.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
# wasm-bindgen's output folder is shared by every build: a JS snippet left by a
# build with more features would be shipped (and preloaded) by one without.
rm -rf target/wasm-bindgen/release/snippets
# The reader is made of `views` and is cut by `split`: both are always on,
# added to whatever --features the caller gives (Trunk takes one list).
features=split,views
args=()
while (($#)); do
  case $1 in
    --features) features+=",$2"; shift 2 ;;
    --features=*) features+=",${1#*=}"; shift ;;
    *) args+=("$1"); shift ;;
  esac
done
trunk build --release --features "$features" "${args[@]}"
