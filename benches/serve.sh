#!/usr/bin/env bash
# Load benchmark of `reframe serve` against `reframe mock-llm` (not run in CI).
#
# Usage: benches/serve.sh [RESULT.md]
#
# For each upstream delay (0, 50 ms) it starts `reframe mock-llm` with that delay, and for
# each target rate (200, 1000 req/s) a fresh `reframe serve` pointed at it (rate limit and
# cache off, so every request reaches the mock). After a short warm-up it drives
#   (a) POST /v1/suggestions on the service, then
#   (b) POST /v1/chat/completions directly on the mock,
# at the same open-loop rate for DURATION seconds each, and prints a Markdown table: achieved
# throughput of both and their ratio, errors, the service's own overhead quantiles (from
# `reframe_overhead_seconds` on /metrics: request time minus time waiting on the model),
# client-side latency and the service's peak RSS (VmHWM). The table goes to stdout and, if
# given, to RESULT.md; progress goes to stderr.
#
# Environment:
#   QUICK=1          3 s runs, one rate (200) and one delay (0): a smoke test of the script.
#   DELAYS, RATES    space-separated lists overriding the defaults ("0 50", "200 1000").
#   DURATION         seconds per measured run (default 15; QUICK: 3).
#   WARMUP           seconds of warm-up against the service before each run (default 1).
#   CONCURRENCY      connections of the load tool (default: from rate and delay).
#   LOAD_TOOL        oha or hey (default: oha, installed with cargo if missing; hey from
#                    Debian if that fails).
#   SKIP_BUILD=1     use the existing target/release/reframe.
#   RAW_DIR          keep the load tool's raw outputs and the servers' logs there.
#
# Notes:
# - Everything listens on and targets 127.0.0.1 only; every load run is bounded with
#   `timeout`; all started processes are stopped on exit.
# - The load tool, the service and the mock share the machine's cores: on a small machine
#   (the project's is 2 cores) the numbers measure the whole box, and other builds running at
#   the same time distort them.
# - The overhead summary is rolling (60 s window) and covers every request since the service
#   started, so it includes the short warm-up (~WARMUP/DURATION of the samples). The mean in
#   the table is exact for the measured run (difference of _sum/_count before and after).
# - Latencies come from the load tool; oha runs with --latency-correction, so they are
#   measured from each request's scheduled start (no coordinated omission).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT_FILE="${1:-}"
API_KEY="bench-key-1"

if [[ "${QUICK:-0}" == "1" ]]; then
    DELAYS="${DELAYS:-0}"
    RATES="${RATES:-200}"
    DURATION="${DURATION:-3}"
else
    DELAYS="${DELAYS:-0 50}"
    RATES="${RATES:-200 1000}"
    DURATION="${DURATION:-15}"
fi
WARMUP="${WARMUP:-1}"

log() { printf '[serve.sh] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/reframe-bench.XXXXXX")"
PIDS=()

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    local pid
    for pid in "${PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    if [[ -n "${RAW_DIR:-}" ]]; then
        { mkdir -p "$RAW_DIR" && cp -r "$WORK"/. "$RAW_DIR"/; } 2>/dev/null || true
    fi
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Stops one process started here (TERM, then KILL after 5 s) and forgets it.
stop_proc() {
    local pid=$1
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    forget "$pid"
}

# Runs a command in the background and waits for it, so a signal reaches the trap at once
# (bash defers traps while a foreground command runs). Returns the command's status.
run_waited() {
    local out=$1 err=$2 pid status=0
    shift 2
    "$@" >"$out" 2>"$err" &
    pid=$!
    PIDS+=("$pid")
    wait "$pid" || status=$?
    forget "$pid"
    return "$status"
}

forget() {
    local keep=() p
    for p in "${PIDS[@]}"; do [[ "$p" == "$1" ]] || keep+=("$p"); done
    PIDS=("${keep[@]}")
}

# ---------------------------------------------------------------- build and tools
build() {
    if [[ "${SKIP_BUILD:-0}" == "1" ]]; then
        log "SKIP_BUILD=1: not building"
    else
        log "building the release binary (cargo build --release --locked)"
        (cd "$ROOT" && cargo build --release --locked >&2)
    fi
    BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/reframe"
    [[ -x "$BIN" ]] || die "no binary at $BIN"
}

install_tool() {
    export PATH="$PATH:${CARGO_HOME:-$HOME/.cargo}/bin"
    local want="${LOAD_TOOL:-oha}"
    if [[ "$want" == "oha" ]]; then
        if command -v oha >/dev/null; then
            TOOL=oha
            return
        fi
        log "installing oha (cargo install oha --locked)"
        if cargo install oha --locked >&2 && command -v oha >/dev/null; then
            TOOL=oha
            return
        fi
        log "cargo install oha failed; falling back to hey"
    fi
    if ! command -v hey >/dev/null; then
        log "installing hey (apt-get install -y hey)"
        local sudo=""
        [[ "$(id -u)" == "0" ]] || sudo="sudo"
        $sudo apt-get install -y hey >&2 || { $sudo apt-get update >&2 && $sudo apt-get install -y hey >&2; } \
            || die "cannot install a load tool (oha or hey)"
    fi
    TOOL=hey
}

# oha's JSON flag changed name across versions.
oha_json_flag() {
    if oha --help 2>&1 | grep -q -- '--output-format'; then
        echo "--output-format json"
    else
        echo "-j"
    fi
}

# ---------------------------------------------------------------- helpers
free_port() {
    if command -v python3 >/dev/null; then
        python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
        return
    fi
    local p
    for _ in $(seq 100); do
        p=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return
        fi
    done
    die "no free port found"
}

# Waits (at most 60 s) until 127.0.0.1:PORT accepts connections and PID is alive.
wait_port() {
    local port=$1 pid=$2 what=$3 logfile=$4
    for _ in $(seq 600); do
        kill -0 "$pid" 2>/dev/null || { cat "$logfile" >&2; die "$what exited during start-up"; }
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            return
        fi
        sleep 0.1
    done
    cat "$logfile" >&2
    die "$what did not accept connections on 127.0.0.1:$port within 60 s"
}

# Connections for a target rate: Little's law (rate x latency) with generous headroom.
concurrency_for() {
    local rate=$1 delay=$2 c
    if [[ -n "${CONCURRENCY:-}" ]]; then
        echo "$CONCURRENCY"
        return
    fi
    c=$((rate * (delay + 25) * 3 / 1000))
    ((c < 32)) && c=32
    ((c > 1024)) && c=1024
    echo "$c"
}

# run_load NAME URL BODY RATE SECONDS CONCURRENCY [HEADER...]
# Writes WORK/NAME.kv with: duration total ok non2xx errors rps_ok p50_ms p99_ms
run_load() {
    local name=$1 url=$2 body=$3 rate=$4 secs=$5 conc=$6
    shift 6
    local raw="$WORK/$name.raw" kv="$WORK/$name.kv" bound=$((secs + 60)) h
    local hdrs=()
    for h in "$@"; do hdrs+=(-H "$h"); done
    if [[ "$TOOL" == "oha" ]]; then
        # shellcheck disable=SC2046
        run_waited "$raw" "$raw.err" timeout --kill-after=10 "$bound" oha --no-tui $(oha_json_flag) \
            -z "${secs}s" -q "$rate" --latency-correction -w -c "$conc" \
            -m POST "${hdrs[@]}" -d "$body" "$url" \
            || { cat "$raw.err" >&2; die "oha failed or timed out ($name)"; }
        jq -r '
          (.statusCodeDistribution // {}) as $s
          | ([$s | to_entries[] | .value] | add // 0) as $responses
          | ([$s | to_entries[] | select(.key | test("^2")) | .value] | add // 0) as $ok
          | ([(.errorDistribution // {}) | to_entries[] | .value] | add // 0) as $err
          | .summary.total as $dur
          | "duration=\($dur)",
            "total=\($responses + $err)",
            "ok=\($ok)",
            "non2xx=\($responses - $ok)",
            "errors=\($err)",
            "rps_ok=\(if $dur > 0 then $ok / $dur else 0 end)",
            "p50_ms=\((.latencyPercentiles.p50 // 0) * 1000)",
            "p99_ms=\((.latencyPercentiles.p99 // 0) * 1000)"
        ' "$raw" >"$kv" || die "cannot read oha output ($name): $(head -c 500 "$raw")"
    else
        # hey's -q is per worker: spread the rate over the workers. Its workers tick in
        # lockstep, so it sends bursts of CONCURRENCY requests: its latencies are pessimistic
        # next to oha's evenly paced ones.
        local q
        q=$(awk -v r="$rate" -v c="$conc" 'BEGIN { printf "%.3f", r / c }')
        run_waited "$raw" "$raw.err" timeout --kill-after=10 "$bound" hey -z "${secs}s" -q "$q" -c "$conc" \
            -T application/json -m POST "${hdrs[@]}" -d "$body" "$url" \
            || { cat "$raw.err" >&2; die "hey failed or timed out ($name)"; }
        awk '
          /^ *Total:/ { dur = $2 }
          /^ *50% in/ { p50 = $3 }
          /^ *99% in/ { p99 = $3 }
          /^Status code distribution:/ { sect = "status"; next }
          /^Error distribution:/ { sect = "error"; next }
          sect == "status" && /^ *\[[0-9]+\]/ {
              code = $1; gsub(/[\[\]]/, "", code); n = $2
              responses += n; if (code ~ /^2/) ok += n
          }
          sect == "error" && /^ *\[[0-9]+\]/ { e = $1; gsub(/[\[\]]/, "", e); errs += e }
          END {
              printf "duration=%s\ntotal=%d\nok=%d\nnon2xx=%d\nerrors=%d\n", dur, responses + errs, ok, responses - ok, errs
              printf "rps_ok=%s\np50_ms=%s\np99_ms=%s\n", (dur > 0 ? ok / dur : 0), p50 * 1000, p99 * 1000
          }
        ' "$raw" >"$kv"
    fi
}

kv() { grep -m1 "^$2=" "$WORK/$1.kv" | cut -d= -f2-; }

# Prints "p50 p99 sum count" of reframe_overhead_seconds for /v1/suggestions (seconds).
overhead_snapshot() {
    local port=$1
    curl -sS --max-time 10 "http://127.0.0.1:$port/metrics" | awk '
      /^reframe_overhead_seconds\{/ && /route="\/v1\/suggestions"/ {
          if ($0 ~ /quantile="0.5"/) p50 = $NF
          if ($0 ~ /quantile="0.99"/) p99 = $NF
      }
      /^reframe_overhead_seconds_sum\{/ && /route="\/v1\/suggestions"/ { sum = $NF }
      /^reframe_overhead_seconds_count\{/ && /route="\/v1\/suggestions"/ { count = $NF }
      END { printf "%s %s %s %s\n", (p50 == "" ? "nan" : p50), (p99 == "" ? "nan" : p99), (sum == "" ? 0 : sum), (count == "" ? 0 : count) }
    '
}

proc_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }

fmt() { awk -v x="$1" -v f="$2" 'BEGIN { if (x == "nan" || x == "") print "n/a"; else printf f, x }'; }

# ---------------------------------------------------------------- main
build
install_tool
if [[ "$TOOL" == "oha" ]]; then
    TOOL_VERSION=$(oha --version 2>/dev/null | head -n1 || true)
else
    TOOL_VERSION="hey $(dpkg-query -W -f '${Version}' hey 2>/dev/null || true)"
fi
log "load tool: ${TOOL_VERSION:-$TOOL}"
log "machine: $(nproc) cores; runs of ${DURATION}s after ${WARMUP}s warm-up; delays [$DELAYS] ms; rates [$RATES] req/s"

cat >"$WORK/reframe.toml" <<'EOF'
[server]
rate_limit_per_minute = 0
cache_entries = 0
max_concurrency = 4096
record_suggestions = false
EOF

SERVICE_BODY='{"messages":[{"role":"customer","text":"We need someone in-house to run this."}]}'
DIRECT_BODY='{"model":"mock","messages":[{"role":"user","content":"We need someone in-house to run this."}]}'

HEADER='| upstream delay (ms) | target rate (req/s) | service achieved (req/s) | direct achieved (req/s) | ratio service/direct | service errors | overhead p50 (µs) | overhead p99 (µs) | service latency p50/p99 (ms) | peak RSS (MB) | overhead mean (µs) | direct errors | direct latency p50/p99 (ms) | RSS after (MB) |'
SEP='|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|'
ROWS=()

for delay in $DELAYS; do
    mock_port=$(free_port)
    log "delay ${delay} ms: starting mock-llm on 127.0.0.1:$mock_port"
    "$BIN" mock-llm --addr "127.0.0.1:$mock_port" --delay-ms "$delay" >"$WORK/mock-$delay.log" 2>&1 &
    mock_pid=$!
    PIDS+=("$mock_pid")
    wait_port "$mock_port" "$mock_pid" "mock-llm" "$WORK/mock-$delay.log"

    for rate in $RATES; do
        conc=$(concurrency_for "$rate" "$delay")
        svc_port=$(free_port)
        svc_log="$WORK/serve-$delay-$rate.log"
        log "delay ${delay} ms, rate ${rate}/s: starting serve on 127.0.0.1:$svc_port (concurrency $conc)"
        # A clean environment: only what this benchmark configures reaches the service.
        svc_env=(PATH="$PATH" HOME="$HOME")
        [[ -z "${RUST_LOG:-}" ]] || svc_env+=(RUST_LOG="$RUST_LOG")
        (cd "$WORK" && exec env -i "${svc_env[@]}" \
            OPENAI_BASE_URL="http://127.0.0.1:$mock_port/v1" REFRAME_API_KEYS="$API_KEY" \
            "$BIN" serve --config "$WORK/reframe.toml" --addr "127.0.0.1:$svc_port" --feedback-db none) \
            >"$svc_log" 2>&1 &
        svc_pid=$!
        PIDS+=("$svc_pid")
        wait_port "$svc_port" "$svc_pid" "reframe serve" "$svc_log"

        svc_url="http://127.0.0.1:$svc_port/v1/suggestions"
        code=$(curl -sS --max-time 10 -o "$WORK/probe.json" -w '%{http_code}' -X POST \
            -H 'content-type: application/json' -H "authorization: Bearer $API_KEY" \
            -d "$SERVICE_BODY" "$svc_url" || true)
        if [[ "$code" != "200" ]]; then
            cat "$WORK/probe.json" >&2 || true
            tail -n 20 "$svc_log" >&2
            die "probe POST /v1/suggestions answered $code, expected 200"
        fi

        if [[ "$WARMUP" != "0" ]]; then
            run_load "warmup-$delay-$rate" "$svc_url" "$SERVICE_BODY" "$rate" "$WARMUP" "$conc" \
                'content-type: application/json' "authorization: Bearer $API_KEY"
        fi
        read -r _ _ sum0 count0 < <(overhead_snapshot "$svc_port")
        log "  service run (${DURATION}s)"
        run_load "service-$delay-$rate" "$svc_url" "$SERVICE_BODY" "$rate" "$DURATION" "$conc" \
            'content-type: application/json' "authorization: Bearer $API_KEY"
        read -r ov50 ov99 sum1 count1 < <(overhead_snapshot "$svc_port")
        hwm_kb=$(proc_kb "$svc_pid" VmHWM)
        rss_kb=$(proc_kb "$svc_pid" VmRSS)
        ov_mean=$(awk -v s0="$sum0" -v s1="$sum1" -v c0="$count0" -v c1="$count1" \
            'BEGIN { if (c1 > c0) print (s1 - s0) / (c1 - c0); else print "nan" }')
        stop_proc "$svc_pid"

        log "  direct run against the mock (${DURATION}s)"
        run_load "direct-$delay-$rate" "http://127.0.0.1:$mock_port/v1/chat/completions" "$DIRECT_BODY" \
            "$rate" "$DURATION" "$conc" 'content-type: application/json'

        s="service-$delay-$rate" d="direct-$delay-$rate"
        s_rps=$(kv "$s" rps_ok) d_rps=$(kv "$d" rps_ok)
        ratio=$(awk -v a="$s_rps" -v b="$d_rps" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "n/a" }')
        s_err=$(($(kv "$s" non2xx) + $(kv "$s" errors)))
        d_err=$(($(kv "$d" non2xx) + $(kv "$d" errors)))
        ROWS+=("| $delay | $rate | $(fmt "$s_rps" %.1f) | $(fmt "$d_rps" %.1f) | $ratio | $s_err of $(kv "$s" total) \
| $(fmt "$(awk -v x="$ov50" 'BEGIN { print (x == "nan" ? x : x * 1e6) }')" %.0f) \
| $(fmt "$(awk -v x="$ov99" 'BEGIN { print (x == "nan" ? x : x * 1e6) }')" %.0f) \
| $(fmt "$(kv "$s" p50_ms)" %.2f) / $(fmt "$(kv "$s" p99_ms)" %.2f) \
| $(fmt "$(awk -v k="$hwm_kb" 'BEGIN { print k / 1024 }')" %.1f) \
| $(fmt "$(awk -v x="$ov_mean" 'BEGIN { print (x == "nan" ? x : x * 1e6) }')" %.0f) \
| $d_err of $(kv "$d" total) | $(fmt "$(kv "$d" p50_ms)" %.2f) / $(fmt "$(kv "$d" p99_ms)" %.2f) \
| $(fmt "$(awk -v k="$rss_kb" 'BEGIN { print k / 1024 }')" %.1f) |")
        log "  done: service $(fmt "$s_rps" %.1f) req/s, direct $(fmt "$d_rps" %.1f) req/s, service errors $s_err"
    done
    stop_proc "$mock_pid"
done

{
    echo "Load tool: ${TOOL_VERSION:-$TOOL}; $(nproc) cores (load tool, service and mock share them); ${DURATION}s per run after ${WARMUP}s warm-up; $(date -u +%Y-%m-%dT%H:%MZ)."
    echo
    echo "$HEADER"
    echo "$SEP"
    printf '%s\n' "${ROWS[@]}"
} >"$WORK/table.md"

cat "$WORK/table.md"
if [[ -n "$OUT_FILE" ]]; then
    cp "$WORK/table.md" "$OUT_FILE"
    log "table written to $OUT_FILE"
fi
