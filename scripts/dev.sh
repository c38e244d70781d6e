#!/usr/bin/env bash
# The dev loop: `trunk serve` at http://127.0.0.1:8080 rebuilds on every save
# and reloads the page, every feature on (a debug build, unsplit: one wasm, so
# a rebuild takes seconds). The counter service runs beside it on :8081, and
# Trunk passes /api/ to it (Trunk.toml [[proxy]]), so the visitor box, ads'
# events and (later) comments have real answers.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
cargo build --profile server -p bantin-server
mkdir -p target/dev-dist target/dev-data
target/server/bantin-server --addr 127.0.0.1:8081 --dist target/dev-dist --data target/dev-data &
server=$!
trap 'kill $server 2>/dev/null' EXIT
trunk serve "$@"
