#!/usr/bin/env bash
# Installs what building and testing bantin needs, skipping what is there:
# the wasm32 target, trunk 0.21.14, wasm-bindgen-cli at the Cargo.lock version,
# wasm-split-cli (cuts the wasm into lazily loaded chunks, scripts/tools/wasm-bindgen),
# Debian's chromium + chromedriver + redis-server, and the npm packages
# (binaryen's wasm-opt, playwright-core, axe-core). Nothing downloads a browser
# or a prebuilt binary: everything comes from crates.io, npm or Debian.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

TRUNK_VERSION=0.21.14
WASM_SPLIT_VERSION=0.2.4
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)

if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The two cargo installs are slow (~13 min together on 2 cores): run them (and the quick
# third) side by side.
pids=()
if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  log "installing trunk $TRUNK_VERSION (a few minutes)"
  cargo install trunk --version "$TRUNK_VERSION" --locked >/tmp/bantin-trunk-install.log 2>&1 &
  pids+=($!)
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes)"
  # Not --locked: its own lock file pins crates that no longer build on this toolchain.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" >/tmp/bantin-wbcli-install.log 2>&1 &
  pids+=($!)
fi

if ! cargo install --list | grep -q "^wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  log "installing wasm-split-cli $WASM_SPLIT_VERSION (about a minute)"
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary \
    --locked >/tmp/bantin-wasm-split-install.log 2>&1 &
  pids+=($!)
fi

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
[ -x /usr/bin/chromedriver ] || need_apt+=(chromium-driver)
command -v redis-server >/dev/null || need_apt+=(redis-server)
command -v brotli >/dev/null || need_apt+=(brotli)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing Debian packages: ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ package.json -nt node_modules/.installed ]; then
  log "installing npm packages (binaryen, playwright-core, axe-core)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
  touch node_modules/.installed
fi

for pid in "${pids[@]}"; do
  if ! wait "$pid"; then
    log "a cargo install failed; see /tmp/bantin-*-install.log"
    exit 1
  fi
done
log "ready"
