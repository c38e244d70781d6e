#!/usr/bin/env bash
# Benchmarks (figures, not tests): bundle bytes raw/gzip/brotli, time to first
# list and memory for the demo and 1,000/10,000-item feeds, and the counter
# service's throughput (bench/server.sh). Loopback only, bounded durations.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null
source scripts/env.sh
[ -f dist/index.html ] || bash scripts/build.sh
[ -x target/release/bantin-server ] || cargo build --release -p bantin-server

echo "== bundle (first load) =="
bash scripts/size.sh dist

echo
echo "== generated feeds =="
cargo run -q --release -p demo-gen -- --items 1000 --per-page 1000 --compact --out bench/out --base-name feed-1k --img-base demo/img/
cargo run -q --release -p demo-gen -- --items 10000 --per-page 10000 --compact --out bench/out --base-name feed-10k --img-base demo/img/
ls -l bench/out/feed-1k.json bench/out/feed-10k.json | awk '{print "  " $9 ": " $5 " bytes"}'

echo
echo "== app =="
DATA=$(mktemp -d)
target/release/bantin-server --addr 127.0.0.1:8765 --dist dist --data "$DATA" >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
sleep 1
node bench/app.mjs http://127.0.0.1:8765

if [ -f bench/server.sh ]; then
  echo
  echo "== counter service =="
  bash bench/server.sh
fi
