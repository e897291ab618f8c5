#!/usr/bin/env bash
# The first page's JavaScript and CSS as a browser fetches them: every script and stylesheet that
# index.html names (src="/…", href="/….js|.css", module preloads included), each gzipped at level 9
# as web_server sends it (static_files.cc: Z_BEST_COMPRESSION). Prints each file and the total.
# Usage: bench/page_size.sh STATIC_DIR   (default: build/services/web/static)
set -euo pipefail
dir="${1:-build/services/web/static}"
total=0 raw=0
for url in $(grep -oE '(src|href)="/[^"]+\.(js|css)"' "$dir/index.html" | sed -E 's/^(src|href)="//; s/"$//' | sort -u); do
  f="$dir$url"
  size=$(wc -c <"$f") gz=$(gzip -9 -c "$f" | wc -c)
  printf '%-40s %9d B %9d B gzip\n' "$url" "$size" "$gz"
  total=$((total + gz)) raw=$((raw + size))
done
printf '%-40s %9d B %9d B gzip\n' total "$raw" "$total"
