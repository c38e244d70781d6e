#!/usr/bin/env bash
# Release build of the app into dist/ (opt-level z, LTO, wasm-opt -Oz), then
# the service worker's precache list from the files Trunk produced.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
trunk build --release "$@"
