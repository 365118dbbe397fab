#!/usr/bin/env bash
# Load and memory benchmark of `arrs-guide serve` (issue 14's goals: from a cold start, under 50
# keep-alive connections on loopback for 20 s, at least 1,000 requests/s with p99 under 50 ms;
# a 100 MB request line refused without memory growth).
#
# 1. Starts `arrs-guide serve` on the site and, as soon as it says it is serving, runs
#    `wrk -t2 -c50 -d20s --latency` over a mix of the home page, the pages and assets it links
#    to, and one missing page (the site's 404 page).
# 2. Sends one request line of 100 MB on a new connection and reports the server's resident
#    memory (VmRSS, and its peak VmHWM) before and after, and whether it still answers.
#
# Usage: benches/serve-load.sh [SITE_ROOT]      (default: the repository, i.e. the real site)
#   ARRS_BIN=path/to/arrs-guide   the binary to measure (default: a release build of this tree)
#   ARRS_BENCH_SECONDS=20         wrk's duration
# Needs wrk (Debian: apt-get install wrk), curl and python3. Prints figures; asserts nothing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
site="${1:-$root}"
seconds="${ARRS_BENCH_SECONDS:-20}"
if [ -z "${ARRS_BIN:-}" ]; then
  cargo build --quiet --release --manifest-path "$root/Cargo.toml" --bin arrs-guide
  ARRS_BIN="$root/target/release/arrs-guide"
fi
for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "error: $tool is needed (apt-get install $tool)" >&2; exit 1; }
done

work="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill -INT "$server"
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

"$ARRS_BIN" serve --root "$site" --port 0 >"$work/stdout" 2>"$work/stderr" &
server=$!
for _ in $(seq 1200); do
  grep -q '^serving the site at ' "$work/stdout" 2>/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat "$work/stderr" >&2; exit 1; }
  sleep 0.1
done
base="$(sed -n 's/^serving the site at \(http:\/\/[^/]*\)\/.*/\1/p' "$work/stdout")"
[ -n "$base" ] || { echo "error: the server did not start" >&2; cat "$work/stderr" >&2; exit 1; }

# The request mix: the home page, what it links to on the site, and a missing page.
curl -s "$base/" -o "$work/home.html"
{
  echo /
  grep -o '\(href\|src\)="/[^"#]*"' "$work/home.html" | sed 's/^[a-z]*="//; s/"$//' |
    grep -v '^/__arrs/'
} | awk '!seen[$0]++' | head -n 9 >"$work/paths"
echo /no-such-page/ >>"$work/paths"
cat >"$work/mix.lua" <<'LUA'
local paths = {}
for line in io.lines(os.getenv("ARRS_BENCH_PATHS")) do paths[#paths + 1] = line end
local next_path = 0
request = function()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path])
end
LUA

echo "binary: $ARRS_BIN"
echo "site:   $site ($(grep -c . "$work/paths") URLs in the mix: $(tr '\n' ' ' <"$work/paths"))"
echo
echo "== wrk -t2 -c50 -d${seconds}s --latency, started as soon as the server printed its address"
ARRS_BENCH_PATHS="$work/paths" wrk -t2 -c50 -d"${seconds}s" --latency -s "$work/mix.lua" "$base/"

memory() {
  awk '/^VmRSS|^VmHWM/ { printf "%s %d MB  ", $1, $2 / 1024 }' "/proc/$server/status"
  echo
}
echo
echo "== one 100 MB request line"
echo "before: $(memory)"
python3 - "$base" <<'PY'
import socket, sys
host, port = sys.argv[1].removeprefix("http://").rsplit(":", 1)
sock = socket.create_connection((host, int(port)))
sock.settimeout(30)
sent, chunk = 0, b"a" * (1 << 20)
outcome = "all sent"
try:
    sock.sendall(b"GET /")
    for _ in range(100):
        sock.sendall(chunk)
        sent += len(chunk)
    sock.sendall(b" HTTP/1.1\r\nHost: x\r\n\r\n")
except OSError as error:
    outcome = f"the server closed the connection ({error.strerror})"
try:
    reply = sock.recv(200).split(b"\r\n")[0].decode() or "none (closed)"
except OSError as error:
    reply = f"none ({error.strerror})"
print(f"sent {sent / (1 << 20):.0f} MB; {outcome}; reply: {reply}")
PY
sleep 1
echo "after:  $(memory)"
echo "then GET /: $(curl -s -o /dev/null -w '%{http_code} in %{time_total} s' "$base/")"
