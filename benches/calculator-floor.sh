#!/usr/bin/env bash
# Size floor of the calculator's WebAssembly: benches/calculator-floor/ is the smallest module that
# reads one year's rules and a plan file and computes the plan with the rules core (no glue, no
# share links, no summary, CSV or recruit). Built like the site's modules (opt-level z, LTO,
# wasm-opt -O1 from npm binaryen when installed) and reported raw and gzipped (-9), answering the
# total claim only and the whole plan as JSON. Compare with the page's first-results module in
# benches/calculator-size.sh.
#
# Usage: benches/calculator-floor.sh   (from anywhere in the repository)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
crate="$root/benches/calculator-floor"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}/calculator-floor"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
opt="$root/node_modules/.bin/wasm-opt"
printf '%-28s %10s %10s\n' module raw gzip-9
for features in "" whole-plan; do
  cargo build --quiet --manifest-path "$crate/Cargo.toml" --release --target wasm32-unknown-unknown \
    ${features:+--features "$features"}
  wasm="$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/calculator_floor.wasm"
  if [ -x "$opt" ]; then
    "$opt" -O1 --strip-debug --strip-producers --enable-bulk-memory --enable-sign-ext \
      --enable-nontrapping-float-to-int --enable-mutable-globals "$wasm" -o "$out/floor.wasm"
  else
    cp "$wasm" "$out/floor.wasm"
  fi
  printf '%-28s %10d %10d\n' "${features:-total claim only}" "$(wc -c <"$out/floor.wasm")" "$(gzip -9c "$out/floor.wasm" | wc -c)"
done
[ -x "$opt" ] || echo "(wasm-opt not installed: sizes before wasm-opt)"
