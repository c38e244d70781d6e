#!/usr/bin/env bash
# Benchmarks (figures, not tests): bundle bytes raw/gzip/brotli and the bytes
# each optional feature (ads) adds, time to first list and memory for the demo
# and 1,000/10,000-item feeds, Lighthouse with ads on, and the counter service's
# throughput (bench/server.sh), and the search beside MiniSearch (bench/search.mjs).
# Loopback only, bounded durations.
# What a reader feels (bench/vitals.mjs): Lighthouse mobile (median of 3) and
# unthrottled figures for the list and an article, memory over navigations.
#   bash scripts/bench.sh [--vitals-only] [--reference DIST [--reference-article PATH …]]
# --reference puts another built app (served from 127.0.0.1) beside bantin,
# with ratios; --vitals-only skips the bundle, feed and counter sections.
set -euo pipefail
cd "$(dirname "$0")/.."
VITALS_ONLY=0
VITALS_ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --vitals-only) VITALS_ONLY=1 ;;
    --reference) VITALS_ARGS+=("$1" "$(realpath "$2")"); shift ;;
    --reference-*) VITALS_ARGS+=("$1" "$2"); shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
bash scripts/setup.sh >/dev/null
source scripts/env.sh
[ -f dist/index.html ] || bash scripts/build.sh
[ -x target/server/bantin-server ] || cargo build --profile server -p bantin-server

# The app as served by bantin-server (ads and the visitor box live).
DATA=$(mktemp -d)
target/server/bantin-server --addr 127.0.0.1:8765 --dist dist --data "$DATA" >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
sleep 1

if [ "$VITALS_ONLY" = 0 ]; then
echo "== bundle (first load) =="
node scripts/size.mjs dist

echo
echo "== what optional features add (wasm+js, first load) =="
bash scripts/feature-size.sh

echo
echo "== generated feeds =="
cargo run -q --release -p demo-gen -- --items 1000 --per-page 1000 --compact --out bench/out --base-name feed-1k --img-base demo/img/
cargo run -q --release -p demo-gen -- --items 10000 --per-page 10000 --compact --out bench/out --base-name feed-10k --img-base demo/img/
ls -l bench/out/feed-1k.json bench/out/feed-10k.json | awk '{print "  " $9 ": " $5 " bytes"}'

echo
echo "== app =="
node bench/app.mjs http://127.0.0.1:8765

fi

echo
echo "== what a reader feels (Lighthouse mobile, median of 3; unthrottled, median of 10) =="
LH_DIR=target/lighthouse
if [ ! -x "$LH_DIR/node_modules/.bin/lighthouse" ]; then
  mkdir -p "$LH_DIR"
  (cd "$LH_DIR" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error lighthouse@12.2.3 >/dev/null)
fi
node bench/vitals.mjs http://127.0.0.1:8765 "${VITALS_ARGS[@]}"

if [ "$VITALS_ONLY" = 0 ] && [ -f bench/server.sh ]; then
  echo
  echo "== counter service =="
  # Without wrk (not installed by scripts/setup.sh) it says so; the rest still runs.
  bash bench/server.sh || echo "(the counter service was not measured)"
fi

if [ "$VITALS_ONLY" = 0 ] && [ -f bench/search.mjs ]; then
  echo
  echo "== search: in the browser beside MiniSearch (10,000 articles), and /api/search =="
  node bench/search.mjs
fi
