#!/usr/bin/env bash
# Runs every test of bantin, in three layers plus the service:
#   1. native `cargo test --workspace` (parsing, sanitizer policy, formatting, ads,
#      stats logic, the counter service with SQLite and Redis, the demo generator)
#   2. wasm-bindgen tests in headless Chromium (components, the sanitizer on the
#      DOMPurify corpus)
#   3. the release builds (the default, one under a base path, one without the
#      optional features), the first load checked against the size budget, the
#      build's names checked against their bytes (tests/build), then end-to-end
#      tests: the builds served by bantin-server, driven by Playwright in
#      Debian's Chromium
# Every layer runs even when an earlier one fails; the exit code is non-zero if
# any failed, and the runners' summaries are printed at the end.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
source scripts/env.sh
# The first-load budget in brotli bytes, every optional feature on (docs/size.md).
FIRST_LOAD_BUDGET=110000

LOGS=$(mktemp -d)
status=0
declare -a summary

run_layer() { # name, command...
  local name=$1; shift
  echo
  echo "==================== $name ===================="
  if "$@" 2>&1 | tee "$LOGS/$name.log"; then
    summary+=("$name: ok")
  else
    summary+=("$name: FAILED")
    status=1
  fi
}

run_layer native cargo test --workspace --color never

wasm_tests=()
for f in tests/wasm_*.rs; do wasm_tests+=(--test "$(basename "$f" .rs)"); done
run_layer wasm cargo test --target wasm32-unknown-unknown --color never "${wasm_tests[@]}"

# Also the same app built for a base path, and without the optional features
# (tests/e2e/base-path.test.mjs and lean-build.test.mjs serve them).
build() {
  bash scripts/build.sh && cargo build --profile server -p bantin-server --color never \
    && bash scripts/build.sh --public-url /tin-tuc/ --dist target/dist-tin-tuc \
    && bash scripts/build.sh --no-default-features --dist target/dist-lean
}
run_layer build build

# The first load (what the first list waits for) against the budget; bytes are
# deterministic, so this is a check, not a benchmark.
run_layer size node scripts/size.mjs dist --check "$FIRST_LOAD_BUDGET"

# A test that hangs fails after five minutes instead of holding CI up.
run_layer e2e node --test --test-concurrency=1 --test-timeout=300000 --test-reporter=spec tests/build/ tests/e2e/

echo
echo "==================== summary ===================="
for line in "${summary[@]}"; do echo "$line"; done
passed=0; failed=0
for layer in native wasm; do
  while read -r p f; do passed=$((passed + p)); failed=$((failed + f)); done < <(
    grep -hE '^test result:' "$LOGS/$layer.log" 2>/dev/null | sed -E 's/.* ([0-9]+) passed; ([0-9]+) failed.*/\1 \2/')
done
e2e_pass=$(grep -hE '^ℹ pass [0-9]+' "$LOGS/e2e.log" 2>/dev/null | awk '{print $3}' | tail -1)
e2e_fail=$(grep -hE '^ℹ fail [0-9]+' "$LOGS/e2e.log" 2>/dev/null | awk '{print $3}' | tail -1)
echo "cargo (native + wasm): $passed passed, $failed failed"
echo "end-to-end: ${e2e_pass:-0} passed, ${e2e_fail:-0} failed"
grep -hE '^test result:' "$LOGS/native.log" "$LOGS/wasm.log" 2>/dev/null | sed 's/^/  /'
passed=$((passed + ${e2e_pass:-0})); failed=$((failed + ${e2e_fail:-0}))
[ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
echo "$passed passed, $failed failed"
rm -rf "$LOGS"
exit $status
