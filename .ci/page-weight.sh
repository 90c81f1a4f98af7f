#!/usr/bin/env bash
# What each page costs a browser in scripts: the JS and wasm files the page refers to, as
# sent with brotli (bytes on the wire).   .ci/page-weight.sh http://127.0.0.1:3000 / /inloggen
set -euo pipefail
base=${1:?the base URL}
shift
for path in "$@"; do
  html=$(curl -fsS "$base$path")
  total=0
  files=""
  for asset in $(grep -oE '/pkg/[^"'"'"' ]+\.(js|wasm)' <<<"$html" | sort -u); do
    bytes=$(curl -fsS -H 'Accept-Encoding: br' -o /dev/null -w '%{size_download}' "$base$asset")
    total=$((total + bytes))
    files="$files ${asset##*/}=$bytes"
  done
  echo "$path: $total bytes of JS + wasm (brotli)${files:+ —$files}"
done
