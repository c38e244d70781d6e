#!/usr/bin/env bash
# bench/server.sh — benchmark of bantin-server (a script, not a test).
#
# For each store (sqlite, then redis):
#   1. POST /api/stats/hit with wrk for ~10 s (10,000 visitors × 100 paths, JSON bodies):
#      hits/s and p50/p99 latency. The server runs on ONE core (taskset -c 0,
#      TOKIO_WORKER_THREADS=1); wrk (and redis-server) on the other.
#   2. RSS of the server with 1,000 open SSE connections (/api/stats/stream).
# Loopback only, temp data dirs, every process it starts is stopped at the end.
#
# Usage: bench/server.sh [seconds per wrk run, default 10]
# Needs: wrk, python3, redis-server (the Redis half is skipped without it), taskset (optional).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
LOAD_BEFORE="$(cut -d" " -f1-3 /proc/loadavg)"
DURATION="${1:-10}"
CONNS="${BENCH_CONNECTIONS:-64}"
SSE_CLIENTS="${BENCH_SSE_CLIENTS:-1000}"
WORK="$(mktemp -d /tmp/bantin-bench.XXXXXX)"
PIDS=()

cleanup() {
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

need() { command -v "$1" >/dev/null 2>&1 || { echo "bench/server.sh: $1 is missing (apt-get install -y $2)" >&2; exit 1; }; }
need wrk wrk
need python3 python3
PIN0=(); PIN1=()
if command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -ge 2 ]; then
  PIN0=(taskset -c 0); PIN1=(taskset -c 1)
fi
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
TCK="$(getconf CLK_TCK)"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

echo "== building bantin-server (profile \"server\": opt-level 3, panic=unwind)"
(cd "$ROOT" && cargo build --profile server -q -p bantin-server)
BIN="$ROOT/target/server/bantin-server"

cat > "$WORK/hit.lua" <<'LUA'
-- POST /api/stats/hit with a visitor from a pool of 10,000 and a path from 100
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) bench Chrome/124.0 Safari/537.36"
local n = 0
request = function()
  n = n + 1
  local v = string.format("bench-visitor-%05d", math.random(0, 9999))
  local p = string.format("/bai/%d", math.random(1, 100))
  return wrk.format(nil, "/api/stats/hit", nil, '{"visitor":"' .. v .. '","path":"' .. p .. '"}')
end
LUA

cat > "$WORK/sse.py" <<'PY'
# Opens N SSE connections, waits for each one's first event, reports the server's RSS, closes.
import socket, sys, time
port, n, pid = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
def rss_kib():
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
before = rss_kib()
socks, deadline = [], time.time() + 60
for i in range(n):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(b"GET /api/stats/stream HTTP/1.1\r\nHost: bench\r\nAccept: text/event-stream\r\n\r\n")
    socks.append(s)
ok = 0
for s in socks:
    buf = b""
    while b"event: stats" not in buf and time.time() < deadline:
        chunk = s.recv(4096)
        if not chunk:
            break
        buf += chunk
    ok += b"event: stats" in buf
time.sleep(0.5)
during = rss_kib()
for s in socks:
    s.close()
time.sleep(1.0)
after = rss_kib()
print(f"{ok} {before} {during} {after}")
PY

start_server() { # store extra-args...
  local store="$1"; shift
  PORT="$(free_port)"
  mkdir -p "$WORK/$store/data" "$WORK/$store/dist"
  echo '<!doctype html><title>bench</title>' > "$WORK/$store/dist/index.html"
  TOKIO_WORKER_THREADS=1 "${PIN0[@]}" "$BIN" --addr "127.0.0.1:$PORT" --store "$store" \
    --data "$WORK/$store/data" --dist "$WORK/$store/dist" --rate-limit 0 --max-streams-per-client 2000 --max-connections-per-client 2000 "$@" \
    > "$WORK/$store/server.out" 2> "$WORK/$store/server.err" &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  for _ in $(seq 100); do
    grep -q "listening on" "$WORK/$store/server.out" 2>/dev/null && return 0
    sleep 0.05
  done
  echo "server did not start:"; cat "$WORK/$store/server.err"; exit 1
}

stop_server() {
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$SERVER_PID" 2>/dev/null || return 0; sleep 0.05; done
  kill -KILL "$SERVER_PID" 2>/dev/null || true
}

RESULTS=()
run_one() { # store
  local store="$1"
  echo "== $store: wrk -c $CONNS -d ${DURATION}s POST /api/stats/hit"
  local cpu0; cpu0="$(cpu_ticks "$SERVER_PID")"
  timeout $((DURATION + 30)) "${PIN1[@]}" wrk -t1 -c "$CONNS" -d "${DURATION}s" --latency --timeout 5s \
    -s "$WORK/hit.lua" "http://127.0.0.1:$PORT" > "$WORK/$store/wrk.txt" 2>&1 || true
  local cpu1; cpu1="$(cpu_ticks "$SERVER_PID")"
  sed 's/^/   /' "$WORK/$store/wrk.txt"
  local rps p50 p99 errors total
  rps="$(awk '/^Requests\/sec:/ {print $2}' "$WORK/$store/wrk.txt")"
  p50="$(awk '$1 == "50%" {print $2}' "$WORK/$store/wrk.txt")"
  p99="$(awk '$1 == "99%" {print $2}' "$WORK/$store/wrk.txt")"
  errors="$(awk '/Non-2xx/ {print $NF}' "$WORK/$store/wrk.txt")"
  local reqs cpu_s per_cpu
  reqs="$(awk '/requests in/ {print $1}' "$WORK/$store/wrk.txt")"
  cpu_s="$(awk -v a="$cpu0" -v b="$cpu1" -v t="$TCK" 'BEGIN {printf "%.2f", (b - a) / t}')"
  per_cpu="$(awk -v r="${reqs:-0}" -v c="$cpu_s" 'BEGIN {printf "%d", (c > 0 ? r / c : 0)}')"
  total="$(python3 -c 'import json,sys,urllib.request; print(json.load(urllib.request.urlopen(sys.argv[1]))["total"])' "http://127.0.0.1:$PORT/api/stats")"
  echo "== $store: $SSE_CLIENTS SSE connections"
  local sse
  sse="$(timeout 120 python3 "$WORK/sse.py" "$PORT" "$SSE_CLIENTS" "$SERVER_PID")"
  read -r sse_ok rss_before rss_during rss_after <<< "$sse"
  local per_conn=$(( (rss_during - rss_before) * 1024 / (SSE_CLIENTS > 0 ? SSE_CLIENTS : 1) ))
  RESULTS+=("$(printf '%-7s %9s hits/s  p50 %-7s p99 %-8s non-2xx %s  server CPU %ss = %s hits per CPU-second  (visits counted: %s)' \
    "$store" "${rps:-?}" "${p50:-?}" "${p99:-?}" "${errors:-0}" "$cpu_s" "$per_cpu" "$total")")
  RESULTS+=("$(printf '%-7s SSE: %s/%s connections open, server RSS %d KiB -> %d KiB (+%d bytes per connection), %d KiB after closing' \
    "$store" "$sse_ok" "$SSE_CLIENTS" "$rss_before" "$rss_during" "$per_conn" "$rss_after")")
}

start_server sqlite
run_one sqlite
stop_server

if command -v redis-server >/dev/null 2>&1; then
  RPORT="$(free_port)"
  mkdir -p "$WORK/redis-data"
  # AOF with fsync every second: the same ≤ 1 s crash window as the SQLite store.
  "${PIN1[@]}" redis-server --port "$RPORT" --bind 127.0.0.1 --dir "$WORK/redis-data" \
    --save "" --appendonly yes --appendfsync everysec --daemonize no --loglevel warning \
    > "$WORK/redis.log" 2>&1 &
  PIDS+=("$!")
  for _ in $(seq 100); do (echo > "/dev/tcp/127.0.0.1/$RPORT") 2>/dev/null && break; sleep 0.05; done
  start_server redis --redis-url "redis://127.0.0.1:$RPORT"
  run_one redis
  stop_server
else
  RESULTS+=("redis   skipped: redis-server is not installed (apt-get install -y redis-server)")
fi

echo
echo "== bantin-server benchmark ($(nproc) cores, load average $LOAD_BEFORE before, $(cut -d' ' -f1-3 /proc/loadavg) after; server pinned to 1 core, ${DURATION}s, $CONNS connections)"
printf '%s\n' "${RESULTS[@]}"
