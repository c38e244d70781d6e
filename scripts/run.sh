#!/usr/bin/env bash
# Sets up, builds and serves the demo portal at http://127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
source scripts/env.sh
cargo build --profile server -p bantin-server
ADDR=${BANTIN_ADDR:-127.0.0.1:8080}
echo
echo "bantin: http://$ADDR"
echo
exec target/server/bantin-server --addr "$ADDR" --dist dist --data data
