#!/usr/bin/env bash
# What each optional feature (the `default` list in Cargo.toml) costs in the
# first load: builds the app as scripts/build.sh does (release, wasm-split,
# wasm-opt -Oz, minified glue) with all of them, without each one, and without
# any, into target/feature-size/<name> (dist/ is left alone), and prints the
# first-load wasm+js bytes of each build (scripts/size.mjs --first-load) and the
# difference. The lazily loaded chunks are not first-load, so a feature whose
# code sits in them costs little here.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
OUT=target/feature-size

# build NAME TRUNK-FEATURE-ARGS...: prints "raw brotli" of the first load.
build() {
  local name=$1; shift
  bash scripts/build.sh --dist "$OUT/$name" "$@" >"$OUT/$name.log" 2>&1 \
    || { echo "feature-size: the build '$name' failed, see $OUT/$name.log" >&2; exit 1; }
  node scripts/size.mjs --first-load "$OUT/$name"
}

mkdir -p "$OUT"
features=$(sed -n 's/^default = \[\(.*\)\]/\1/p' Cargo.toml | tr -d '" ' | tr ',' ' ')
sizes=$(build all)
read -r all_raw all_br <<<"$sizes"
printf '%-28s raw %8d  brotli %7d\n' "all features" "$all_raw" "$all_br"
# `views` is the reader itself, not an option of it (scripts/build.sh adds it).
features=$(echo "$features" | tr ' ' '\n' | { grep -vx views || true; } | paste -sd' ' -)
for feature in $features; do
  others=$(echo "$features split" | tr ' ' '\n' | { grep -vx "$feature" || true; } | paste -sd, -)
  sizes=$(build "no-$feature" --no-default-features --features "$others")
  read -r raw br <<<"$sizes"
  printf '%-28s raw %8d  brotli %7d\n' "without $feature" "$raw" "$br"
  printf '%-28s raw %8d  brotli %7d\n' "$feature add" "$((all_raw - raw))" "$((all_br - br))"
done
sizes=$(build none --no-default-features)
read -r raw br <<<"$sizes"
printf '%-28s raw %8d  brotli %7d\n' "no optional feature" "$raw" "$br"
