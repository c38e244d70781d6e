#!/usr/bin/env bash
# What each optional feature (the `default` list in Cargo.toml) costs: builds
# the app with all of them, without each one, and without any (the
# release profile, wasm-bindgen and wasm-opt -Oz, as Trunk does) and prints the
# first-load wasm+js bytes of each build and the difference. Builds go to
# target/feature-size so they do not disturb dist/ or Trunk's cache.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
TARGET=target/feature-size
OUT=$TARGET/out
WASM_BINDGEN_FLAGS=(--target web --no-typescript)
WASM_OPT_FLAGS=(-Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types --enable-multivalue)

# build NAME CARGO-FEATURE-ARGS...: prints "raw brotli" of wasm + js glue.
build() {
  local name=$1; shift
  local dir=$OUT/$name
  rm -rf "$dir"; mkdir -p "$dir"
  cargo build -q --release --target wasm32-unknown-unknown -p bantin --target-dir "$TARGET" "$@"
  wasm-bindgen "${WASM_BINDGEN_FLAGS[@]}" --out-dir "$dir" "$TARGET/wasm32-unknown-unknown/release/bantin.wasm"
  wasm-opt "${WASM_OPT_FLAGS[@]}" "$dir/bantin_bg.wasm" -o "$dir/bantin_bg.wasm"
  find "$dir" -name "*.js" -exec node scripts/minify-glue.mjs {} + >/dev/null
  local raw=0 br=0
  while IFS= read -r f; do
    raw=$((raw + $(stat -c%s "$f"))); br=$((br + $(brotli -c -q 11 "$f" | wc -c)))
  done < <(find "$dir" -type f ! -name "*.d.ts" \( -name '*.wasm' -o -name '*.js' \))
  echo "$raw $br"
}

sizes=$(build all)   # a failed build stops the script here (set -e)
read -r all_raw all_br <<<"$sizes"
printf '%-28s raw %8d  brotli %7d\n' "all features" "$all_raw" "$all_br"
features=$(sed -n 's/^default = \[\(.*\)\]/\1/p' Cargo.toml | tr -d '" ' | tr ',' ' ')
for feature in $features; do
  others=$(echo "$features" | tr ' ' '\n' | { grep -vx "$feature" || true; } | paste -sd, -)
  sizes=$(build "no-$feature" --no-default-features --features "$others")
  read -r raw br <<<"$sizes"
  printf '%-28s raw %8d  brotli %7d\n' "without $feature" "$raw" "$br"
  printf '%-28s raw %8d  brotli %7d\n' "$feature add" "$((all_raw - raw))" "$((all_br - br))"
done
sizes=$(build none --no-default-features)
read -r raw br <<<"$sizes"
printf '%-28s raw %8d  brotli %7d\n' "no optional feature" "$raw" "$br"
