#!/usr/bin/env bash
# Reports the size of the calculator's JavaScript and WebAssembly, raw and gzipped (-9), in two
# groups: what the page loads for its first results (the first-results WebAssembly module and its
# bindings, templates/static/calculator.js and the modules it imports statically) and what it
# loads later or on first use (the on-use module for plan files, posts CSV and the projection;
# the modules calculator.js imports with `import()`: panels, charts, board report).
# Budget (DESIGN §6): wasm + JS ≤ 100 KB gzipped for the first results. Exits 1 when over budget.
#
# Usage: benches/calculator-size.sh   (from anywhere in the repository)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
budget=$((100 * 1024))
static="$root/templates/static"

cargo run --quiet --manifest-path "$root/Cargo.toml" --example calculator_assets -- "$out" >"$out/list"
cp "$static/calculator.js" "$out/calculator.js"
mkdir -p "$out/calculator"
cp "$static"/calculator/*.js "$out/calculator/"

# The page modules reached from calculator.js through static imports (`… from './x.js'`).
first_modules=(calculator.js)
queue=(calculator.js)
while [ "${#queue[@]}" -gt 0 ]; do
  module="${queue[0]}"
  queue=("${queue[@]:1}")
  dir="$(dirname "$module")"
  for name in $(grep -oE "from '\./[a-z/-]+\.js'" "$out/$module" | sed -E "s/from '\.\/(.*)'/\1/"); do
    target="$(realpath -m --relative-to="$out" "$out/$dir/$name")"
    if [[ ! " ${first_modules[*]} " =~ " $target " ]]; then
      first_modules+=("$target")
      queue+=("$target")
    fi
  done
done

first=()
later=()
while read -r file; do
  case "$file" in
    wasm-opt:*) ;;
    *calc_on_use*) later+=("$file") ;;
    *) first+=("$file") ;;
  esac
done <"$out/list"
first+=("${first_modules[@]}")
for module in "$out"/calculator/*.js; do
  name="calculator/$(basename "$module")"
  [[ " ${first_modules[*]} " =~ " $name " ]] || [[ " ${later[*]} " =~ " $name " ]] || later+=("$name")
done

report() {
  local label="$1"
  shift
  local raw gz sum_raw=0 sum_gz=0
  for file in "$@"; do
    raw=$(wc -c <"$out/$file")
    gz=$(gzip -9c "$out/$file" | wc -c)
    sum_raw=$((sum_raw + raw))
    sum_gz=$((sum_gz + gz))
    printf '%-48s %10d %10d\n' "$file" "$raw" "$gz"
  done
  printf '%-48s %10d %10d\n\n' "$label" "$sum_raw" "$sum_gz"
  echo "$sum_gz" >"$out/$label.total"
}

printf '%-48s %10s %10s\n' file bytes gzip
report "first results" "${first[@]}"
report "later or on first use" "${later[@]}"
first_gz=$(cat "$out/first results.total")
later_gz=$(cat "$out/later or on first use.total")
printf '%-48s %21d\n' "every feature used" "$((first_gz + later_gz))"
grep '^wasm-opt:' "$out/list"
printf 'budget: %d bytes gzipped for the first results; %s\n' "$budget" \
  "$([ "$first_gz" -le "$budget" ] && echo within || echo OVER)"
[ "$first_gz" -le "$budget" ]
