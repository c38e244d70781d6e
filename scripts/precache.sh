#!/usr/bin/env bash
# Trunk post_build hook (Trunk.toml): writes the service worker's precache list and version into
# the staged sw.js, from the files this build actually produced (hashed names) — never a
# hand-kept list. The version is a hash of those files' names and contents plus the worker's own
# source, so any change to the app or the worker gives new cache names and an update prompt.
#
# Precached (the app shell): index.html, the wasm/js/css Trunk made (with wasm-bindgen snippets),
# config.json, the web manifest and its icons. Not the demo content (feed pages and images are
# cached at run time as the reader sees them) and not sw.js itself.
set -euo pipefail
dir=${TRUNK_STAGING_DIR:?run by trunk as a post_build hook (TRUNK_STAGING_DIR unset)}
cd "$dir"
if [ ! -f sw.js ]; then
  echo "precache: no sw.js in this build, nothing to do"
  exit 0
fi

mapfile -t files < <(
  find . -type f \( -name index.html -o -name '*.wasm' -o -name '*.js' -o -name '*.css' \
    -o -name config.json -o -name manifest.webmanifest -o -path './icons/*' \) \
    ! -name sw.js ! -path './demo/*' ! -name '*.br' ! -name '*.gz' \
    ! -name embed.js ! -name 'widget_*' \
    | sed 's|^\./||' | LC_ALL=C sort
)
[ "${#files[@]}" -gt 0 ] || { echo "precache: no files found in $dir" >&2; exit 1; }

list=""
for f in "${files[@]}"; do
  # Trunk's names are plain; anything else would need JSON escaping (and sed quoting).
  [[ $f =~ ^[A-Za-z0-9._/-]+$ ]] || { echo "precache: unexpected file name: $f" >&2; exit 1; }
  list+="\"$f\","
done
list="[${list%,}]"

version=$( { sha256sum "${files[@]}"; sha256sum sw.js; } | sha256sum | cut -c1-16)
bytes=$(cat "${files[@]}" | wc -c)

sed -i -e "s|^const VERSION = .*|const VERSION = '$version';|" \
       -e "s|^const PRECACHE = .*|const PRECACHE = $list;|" sw.js
grep -q "^const VERSION = '$version';" sw.js && grep -q '^const PRECACHE = \["' sw.js \
  || { echo "precache: could not write the list into sw.js" >&2; exit 1; }
echo "precache: ${#files[@]} files, $bytes bytes, version $version"
