#!/usr/bin/env bash
# Batch benchmark (not run in CI): throughput against a mock model with 100 ms latency,
# accuracy of --rpm against a mock that enforces the same limit, and peak memory on large mboxes.
#
#   benches/batch.sh [RESULT.md]
# Env: N (threads for the throughput run, default 10000), RPM_N (threads for the rpm run,
# default 3000), MBOX_MB (sizes of the memory runs, default "100 1000"), SKIP_BUILD=1.
# Everything listens on 127.0.0.1 only; every process is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-10000}
RPM_N=${RPM_N:-3000}
MBOX_MB=${MBOX_MB:-"100 1000"}
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

[ "${SKIP_BUILD:-0}" = 1 ] || cargo build --release --locked >&2
bin=target/release/reframe

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
  for _ in $(seq 1 200); do
    (echo > "/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05
  done
  echo "port $1 never opened" >&2; exit 1
}
# Starts a mock in this shell (not a subshell, so its pid is remembered) and sets $port.
start_mock() { # delay_ms [rpm]
  port=$(free_port)
  local extra=()
  [ -n "${2:-}" ] && extra=(--rpm "$2")
  "$bin" mock-llm --addr "127.0.0.1:$port" --delay-ms "$1" "${extra[@]}" >/dev/null 2>&1 &
  pids+=($!)
  wait_port "$port"
}
threads() { # n file
  python3 - "$1" "$2" <<'PY'
import json, sys
n, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w") as f:
    for i in range(n):
        f.write(json.dumps({"id": f"t{i}", "messages": [{"role": "customer",
            "text": f"Ticket {i}: honestly the renewal looks too expensive for our budget this year."}]}) + "\n")
PY
}
# Runs a batch job under GNU time; prints "seconds peak_rss_kb summary_json".
timed_batch() {
  local out=$1; shift
  /usr/bin/time -f '%e %M' -o "$work/time" "$bin" batch "$@" --out "$out" > "$work/summary.json" 2>"$work/stderr" || true
  echo "$(cat "$work/time") $(tr -d '\n ' < "$work/summary.json")"
}

rows=()

# 1. Throughput: N threads, concurrency 64, 100 ms upstream. Ideal: 64 / 0.1 s = 640 items/s.
start_mock 100
threads "$N" "$work/t.jsonl"
read -r secs rss summary < <(OPENAI_BASE_URL="http://127.0.0.1:$port/v1" timed_batch "$work/o1.jsonl" "$work/t.jsonl" --concurrency 64)
answered=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["answered"])' "$summary")
rate=$(python3 -c "print(round($answered/$secs,1))")
rows+=("| throughput, $N threads, concurrency 64, 100 ms upstream | $answered answered in ${secs} s | $rate items/s ($(python3 -c "print(round(100*$rate/640,1))")% of the ideal 640) | $((rss/1024)) MiB |")

# 2. --rpm 6000 against a mock that answers 429 beyond 6000/min.
start_mock 100 6000
threads "$RPM_N" "$work/r.jsonl"
read -r secs rss summary < <(OPENAI_BASE_URL="http://127.0.0.1:$port/v1" timed_batch "$work/o2.jsonl" "$work/r.jsonl" --concurrency 64 --rpm 6000)
read -r answered limited < <(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(d["answered"], d["rate_limited"])' "$summary")
per_min=$(python3 -c "print(round($answered/$secs*60))")
rows+=("| --rpm 6000, $RPM_N threads, mock enforcing 6000/min | $answered answered in ${secs} s, $limited answers were 429 | $per_min requests/min ($(python3 -c "print(round(100*$per_min/6000,1))")% of the limit) | $((rss/1024)) MiB |")

# 3. Peak memory on large mboxes (builtin engine: the model is not the point here).
for mb in $MBOX_MB; do
  python3 - "$mb" "$work/big.mbox" <<'PY'
import sys
mb, path = int(sys.argv[1]), sys.argv[2]
body = ("We would like to understand the renewal price before we decide. " * 70 + "\n")
target = mb * 1024 * 1024
i = 0
with open(path, "w") as f:
    while f.tell() < target:
        f.write(f"From customer{i}@client.example Mon Nov  2 10:00:00 2026\n")
        f.write(f"From: Customer {i} <customer{i}@client.example>\nTo: rep@vendor.example\n")
        f.write(f"Subject: Renewal question {i}\nMessage-ID: <m{i}@client.example>\n")
        f.write("Date: Mon, 2 Nov 2026 10:00:00 +0000\n\n")
        for _ in range(10):
            f.write(body)
        f.write("\n")
        i += 1
print(i, file=sys.stderr)
PY
  size=$(du -m "$work/big.mbox" | cut -f1)
  read -r secs rss summary < <(timed_batch "$work/o3.jsonl" "$work/big.mbox" --provider builtin --concurrency 8 --rep-domain vendor.example)
  answered=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["answered"])' "$summary")
  rows+=("| mbox of ${size} MiB, builtin engine | $answered conversations in ${secs} s | — | $((rss/1024)) MiB |")
  rm -f "$work/big.mbox" "$work/o3.jsonl" "$work/o3.errors.jsonl"
done

table="| run | result | rate | peak RSS |
|---|---|---|---|"
for r in "${rows[@]}"; do table+=$'\n'"$r"; done
echo "$table"
[ -n "${1:-}" ] && echo "$table" > "$1"
exit 0
