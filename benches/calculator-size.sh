#!/usr/bin/env bash
# Reports the size of what the calculator page loads for the calculator: the WebAssembly
# module, its wasm-bindgen script and the page's own modules (templates/static/calculator.js and
# templates/static/calculator/*.js), raw and gzipped (-9).
# Budget (DESIGN §6): wasm + JS ≤ 100 KB gzipped. Exits 1 when over budget.
#
# Usage: benches/calculator-size.sh   (from anywhere in the repository)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
budget=$((100 * 1024))

cargo run --quiet --manifest-path "$root/Cargo.toml" --example calculator_assets -- "$out" >"$out/list"
page_modules=(calculator.js)
cp "$root/templates/static/calculator.js" "$out/calculator.js"
mkdir -p "$out/calculator"
for module in "$root"/templates/static/calculator/*.js; do
  cp "$module" "$out/calculator/"
  page_modules+=("calculator/$(basename "$module")")
done

total_raw=0
total_gz=0
printf '%-48s %10s %10s\n' file bytes gzip
while read -r file; do
  path="$out/$file"
  raw=$(wc -c <"$path")
  gz=$(gzip -9c "$path" | wc -c)
  total_raw=$((total_raw + raw))
  total_gz=$((total_gz + gz))
  printf '%-48s %10d %10d\n' "$file" "$raw" "$gz"
done < <(grep -v '^wasm-opt:' "$out/list"; printf '%s\n' "${page_modules[@]}")
printf '%-48s %10d %10d\n' total "$total_raw" "$total_gz"
grep '^wasm-opt:' "$out/list"
printf 'budget: %d bytes gzipped; %s\n' "$budget" \
  "$([ "$total_gz" -le "$budget" ] && echo within || echo OVER)"
[ "$total_gz" -le "$budget" ]
