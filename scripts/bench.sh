#!/usr/bin/env bash
# Benchmarks (figures, not tests): bundle bytes raw/gzip/brotli and the bytes
# each optional feature (ads) adds, time to first list and memory for the demo
# and 1,000/10,000-item feeds, Lighthouse with ads on, and the counter service's
# throughput (bench/server.sh). Loopback only, bounded durations.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null
source scripts/env.sh
[ -f dist/index.html ] || bash scripts/build.sh
[ -x target/server/bantin-server ] || cargo build --profile server -p bantin-server

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
DATA=$(mktemp -d)
target/server/bantin-server --addr 127.0.0.1:8765 --dist dist --data "$DATA" >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
sleep 1
node bench/app.mjs http://127.0.0.1:8765

echo
echo "== Lighthouse (mobile preset, list and article, demo with ads on in every placement) =="
LH_DIR=target/lighthouse
if [ ! -x "$LH_DIR/node_modules/.bin/lighthouse" ]; then
  mkdir -p "$LH_DIR"
  (cd "$LH_DIR" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error lighthouse@12.2.3 >/dev/null)
fi
for path in / /bai/kien-thuy-ntm-2025; do
  CHROME_PATH=/usr/bin/chromium "$LH_DIR/node_modules/.bin/lighthouse" "http://127.0.0.1:8765$path" \
    --quiet --output=json --output-path="$LH_DIR/report.json" --only-categories=performance,accessibility \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run" \
    >/dev/null 2>&1 || { echo "  lighthouse failed on $path"; continue; }
  node -e '
    const r = require(process.argv[1]); const a = r.audits;
    console.log(`  ${process.argv[2].padEnd(26)} performance ${Math.round(r.categories.performance.score * 100)}  accessibility ${Math.round(r.categories.accessibility.score * 100)}  FCP ${a["first-contentful-paint"].displayValue}  LCP ${a["largest-contentful-paint"].displayValue}  TBT ${a["total-blocking-time"].displayValue}  CLS ${a["cumulative-layout-shift"].displayValue}`);
  ' "$PWD/$LH_DIR/report.json" "$path"
done

if [ -f bench/server.sh ]; then
  echo
  echo "== counter service =="
  bash bench/server.sh
fi
