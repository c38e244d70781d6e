# Sourced by the other scripts: tools on PATH, Chromium for the tests.
# scripts/tools first: its wasm-bindgen runs wasm-split before the real one.
export PATH="$PWD/scripts/tools:$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver
export CHROMIUM=/usr/bin/chromium
