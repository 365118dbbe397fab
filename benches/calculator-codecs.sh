#!/usr/bin/env bash
# Size spike: the calculator's WebAssembly built with each way of crossing the boundary
# (inputs read by serde-wasm-bindgen, or as serde_json text with the `json-codec` feature;
# answers are serde_json text either way), after `wasm-opt -Oz`
# (npm binaryen), raw and gzipped (-9). The modules are measured before wasm-bindgen's pass
# (which drops its describe functions), so compare the codecs with each other here;
# benches/calculator-size.sh measures what the page loads.
#
# Usage: benches/calculator-codecs.sh [FEATURES...]   (default: "" and "json-codec")
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
opt="$root/node_modules/.bin/wasm-opt"
[ "$#" -gt 0 ] || set -- "" "json-codec"
printf '%-24s %10s %10s %10s %10s\n' codec raw raw.gz opt opt.gz
for features in "$@"; do
  cargo build --quiet --manifest-path "$root/Cargo.toml" -p calc-wasm --target wasm32-unknown-unknown \
    --profile wasm-release ${features:+--features "$features"}
  wasm="${CARGO_TARGET_DIR:-$root/target}/wasm32-unknown-unknown/wasm-release/calc_wasm.wasm"
  "$opt" -Oz --strip-debug --strip-producers --enable-reference-types --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals "$wasm" -o "$out/opt.wasm"
  printf '%-24s %10d %10d %10d %10d\n' "${features:-serde-wasm-bindgen-in}" \
    "$(wc -c <"$wasm")" "$(gzip -9c "$wasm" | wc -c)" \
    "$(wc -c <"$out/opt.wasm")" "$(gzip -9c "$out/opt.wasm" | wc -c)"
done
