#!/usr/bin/env bash
# eng/bench.sh: the standard simulator scenarios against a Release server on loopback; prints a table.
#
#   eng/bench.sh                      100,000 nodes, SQLite and PostgreSQL, intervals 10 s and 5 s
#   NODES=10000 eng/bench.sh          a quick run
#   BASELINE=855f27a eng/bench.sh     A/B: the same scenarios against the server of that commit and the current one
#
# A/B mode (BASELINE set): the server of BASELINE is extracted with `git archive` into $WORK/baseline-src (removed at
# exit) and built in Release there. For every store and interval the scenarios run against the baseline server, then
# against the current one (each with its own database, both driven by the current simulator), and the table gains a
# build column. It also runs `unary` once per store and build (at the last interval), whatever SCENARIOS says.
#
# Environment (all optional):
#   NODES=100000            simulated agents
#   STORES="sqlite postgres"
#   INTERVALS="10 5"        seconds; steady runs at each, the other scenarios at the last one
#   SCENARIOS="steady kill shutdown flap churn mass-outage reconnect-storm per-agent max"
#                           also "unary": NodeManager.Benchmarks' GetNode benchmark (UNARY_CONCURRENCY calls on one
#                           HTTP/2 connection, WARMUP then DURATION seconds) against a freshly restarted server, at the
#                           last interval; its results are a second table
#   BASELINE=<git ref>      A/B mode (above); unset: the current server only
#   UNARY_CONCURRENCY=64
#   DURATION=60             measured seconds of steady runs
#   WARMUP=15               seconds after every agent is connected
#   CONNECTIONS=16          HTTP/2 connections in multiplexed mode (NODES/CONNECTIONS must stay under 10,000 streams)
#   PER_AGENT_NODES         agents in per-agent mode (one TCP connection each); default min(NODES, open-file limit - 2,000)
#   MAX_RATES=20000,40000,60000,80000,100000,120000
#   WORK=/tmp/nm-bench      server data, logs, results.jsonl
#   GRPC_PORT=25081 HTTP_PORT=25080
#   BENCH_TIMEOUT=5400      seconds for the whole script
#   SERVER_ARGS=""          extra server arguments, space-separated (e.g. "--NodeManager:Health:SweepInterval=00:00:02")
#
# Loopback only. Raises the open-file limit as far as the hard limit allows (root may raise it further).
# Each simulator run is bounded (--max-runtime, plus `timeout`); the server is stopped by PID on exit.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODES="${NODES:-100000}"
STORES="${STORES:-sqlite postgres}"
INTERVALS="${INTERVALS:-10 5}"
SCENARIOS="${SCENARIOS:-steady kill shutdown flap churn mass-outage reconnect-storm per-agent max}"
DURATION="${DURATION:-60}"
WARMUP="${WARMUP:-15}"
CONNECTIONS="${CONNECTIONS:-16}"
MAX_RATES="${MAX_RATES:-20000,40000,60000,80000,100000,120000}"
WORK="${WORK:-/tmp/nm-bench}"
GRPC_PORT="${GRPC_PORT:-25081}"
HTTP_PORT="${HTTP_PORT:-25080}"
BENCH_TIMEOUT="${BENCH_TIMEOUT:-5400}"
UNARY_CONCURRENCY="${UNARY_CONCURRENCY:-64}"
BASELINE="${BASELINE:-}"
SERVER_DLL="$ROOT/src/NodeManager.Server/bin/Release/net10.0/NodeManager.Server.dll"
SIM_DLL="$ROOT/src/NodeManager.Simulator/bin/Release/net10.0/NodeManager.Simulator.dll"
BENCH_DLL="$ROOT/src/NodeManager.Benchmarks/bin/Release/net10.0/NodeManager.Benchmarks.dll"
BASELINE_SRC="$WORK/baseline-src"
BASELINE_DLL="$BASELINE_SRC/src/NodeManager.Server/bin/Release/net10.0/NodeManager.Server.dll"

log() { echo "bench.sh: $*" >&2; }

# Internal: restart the running server, same build and arguments (the reconnect-storm's --restart-command).
if [[ "${1:-}" == "__restart" ]]; then
    SERVER_DLL="$(cat "$WORK/server.dll" 2>/dev/null || echo "$SERVER_DLL")"
    kill -TERM "$(cat "$WORK/server.pid")" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$(cat "$WORK/server.pid")" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$(cat "$WORK/server.pid")" 2>/dev/null || true
    mapfile -t ARGS <"$WORK/server.args"
    (cd "$WORK" && exec dotnet "$SERVER_DLL" "${ARGS[@]}" >>"$WORK/server.log" 2>&1) &
    echo $! >"$WORK/server.pid"
    for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$HTTP_PORT/healthz" >/dev/null && exit 0; sleep 0.1; done
    exit 1
fi

# The open-file limit: every agent connection is a descriptor in the simulator and one in the server.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
ulimit -n 1048576 2>/dev/null || true
FD_LIMIT="$(ulimit -n)"
PER_AGENT_NODES="${PER_AGENT_NODES:-$(( NODES < FD_LIMIT - 2000 ? NODES : FD_LIMIT - 2000 ))}"
log "open-file limit $FD_LIMIT; per-agent mode runs $PER_AGENT_NODES agents"

mkdir -p "$WORK"
RESULTS="$WORK/results.jsonl"
UNARY_RESULTS="$WORK/unary.jsonl"
: >"$RESULTS"
: >"$UNARY_RESULTS"
[[ "${BENCH_INNER:-}" == "1" ]] && rm -f "$WORK"/nm.db* "$WORK"/nm-baseline.db*
SERVER_PID=""
PG_STARTED=""

stop_server() {
    [[ -f "$WORK/server.pid" ]] || return 0
    local pid; pid="$(cat "$WORK/server.pid")"
    kill -TERM "$pid" 2>/dev/null || return 0
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
    stop_server
    [[ -n "$PG_STARTED" ]] && bash "$ROOT/eng/postgres.sh" stop "$WORK/pg" >/dev/null 2>&1 || true
    [[ -n "$BASELINE" ]] && rm -rf "$BASELINE_SRC"
    return 0
}
trap cleanup EXIT

# Start the server: $1 store, $2 interval seconds, $3 build (current or baseline; default current). One database per
# store and build for the whole script, so nodes imported (and made READY) once are reused by later runs, as after a restart.
declare -A PG_DBS=()
start_server() {
    local store="$1" interval="$2" build="${3:-current}"
    local dll="$SERVER_DLL" db="$WORK/nm.db"
    [[ "$build" == "baseline" ]] && dll="$BASELINE_DLL" db="$WORK/nm-baseline.db"
    stop_server
    local args=(
        "--Kestrel:Endpoints:Http:Url=http://127.0.0.1:$HTTP_PORT"
        "--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:$GRPC_PORT"
        "--Kestrel:Endpoints:Grpc:Protocols=Http2"
        "--Logging:LogLevel:Default=Warning"
        "--NodeManager:Health:HeartbeatInterval=00:00:$(printf %02d "$interval")"
    )
    if [[ "$store" == "postgres" ]]; then
        if [[ -z "$PG_STARTED" ]]; then
            eval "$(bash "$ROOT/eng/postgres.sh" start "$WORK/pg")"
            PG_STARTED=1
        fi
        if [[ -z "${PG_DBS[$build]:-}" ]]; then
            PG_DBS[$build]="nmbench_$RANDOM"
            psql "host=127.0.0.1 port=$(cat "$WORK/pg/port") user=postgres" -qc "create database ${PG_DBS[$build]}" >/dev/null
        fi
        args+=("--NodeManager:Storage:Provider=Postgres" "--ConnectionStrings:NodeManager=$NODEMANAGER_TEST_POSTGRES;Database=${PG_DBS[$build]}")
    else
        args+=("--NodeManager:Storage:Sqlite:Path=$db")
    fi

    if [[ -n "${SERVER_ARGS:-}" ]]; then
        read -r -a extra <<<"$SERVER_ARGS"
        args+=("${extra[@]}")
    fi

    printf '%s\n' "${args[@]}" >"$WORK/server.args"
    echo "$dll" >"$WORK/server.dll"
    (cd "$WORK" && exec dotnet "$dll" "${args[@]}" >"$WORK/server.log" 2>&1) &
    echo $! >"$WORK/server.pid"
    for _ in $(seq 1 600); do
        curl -sf "http://127.0.0.1:$HTTP_PORT/healthz" >/dev/null && return 0
        sleep 0.1
    done
    log "server did not start; see $WORK/server.log"
    return 1
}

# Run one simulator scenario: $1 store label, then simulator arguments.
sim() {
    local label="$1"; shift
    local load; load="$(cut -d' ' -f1-3 /proc/loadavg)"
    log "$label: $* (load $load)"
    timeout 1800 dotnet "$SIM_DLL" --server "http://127.0.0.1:$GRPC_PORT" --rest "http://127.0.0.1:$HTTP_PORT" \
        --server-pid-file "$WORK/server.pid" --json "$RESULTS" --label "$label" --warmup "${WARMUP}s" --max-runtime 25m "$@" \
        | grep -v '^SIMREPORT ' || log "$label: scenario reported a failure (exit $?)"
}

# The unary GetNode benchmark against the running server: $1 label. Bounded by its own duration plus `timeout`.
unary() {
    local label="$1"
    local load; load="$(cut -d' ' -f1-3 /proc/loadavg)"
    log "$label: unary GetNode, $UNARY_CONCURRENCY concurrent calls on one HTTP/2 connection (load $load)"
    timeout $(( WARMUP + DURATION + 300 )) dotnet "$BENCH_DLL" --only grpc --server "http://127.0.0.1:$GRPC_PORT" \
        --server-pid "$(cat "$WORK/server.pid")" --grpc-concurrency "$UNARY_CONCURRENCY" --warmup "$WARMUP" --seconds "$DURATION" \
        --json "$UNARY_RESULTS" --label "$label" || log "$label: unary benchmark failed (exit $?)"
}

has() { [[ " $SCENARIOS " == *" $1 "* ]]; }

# $1 git ref: its source into $BASELINE_SRC (git archive: no worktree to register), then its server in Release.
build_baseline() {
    local sha; sha="$(git -C "$ROOT" rev-parse --verify "$1^{commit}")"
    rm -rf "$BASELINE_SRC"
    mkdir -p "$BASELINE_SRC"
    git -C "$ROOT" archive "$sha" | tar -x -C "$BASELINE_SRC"
    log "building the baseline server ($1 = ${sha:0:7}) in $BASELINE_SRC"
    if ! dotnet build "$BASELINE_SRC/src/NodeManager.Server" -c Release -v q -nologo >"$WORK/baseline-build.log" 2>&1; then
        tail -n 30 "$WORK/baseline-build.log" >&2
        log "baseline build failed; see $WORK/baseline-build.log"
        return 1
    fi
}

# The scenarios against one build: $1 store, $2 interval, $3 build (current or baseline), $4 label of its rows.
run_build() {
    local store="$1" interval="$2" build="$3" label="$4" last
    last="$(echo "$INTERVALS" | awk '{print $NF}')"
    start_server "$store" "$interval" "$build"
    local base=(--nodes "$NODES" --connections "$CONNECTIONS")
    has steady && sim "$label" "${base[@]}" --scenario steady --duration "${DURATION}s"
    [[ "$interval" == "$last" ]] || return 0
    has kill && sim "$label" "${base[@]}" --scenario kill --fraction 0.01 --duration 20s
    if [[ "$store" == "sqlite" ]]; then
        has shutdown && sim "$label" "${base[@]}" --scenario shutdown --fraction 0.01 --duration 20s
        has flap && sim "$label" "${base[@]}" --scenario flap --fraction 0.01 --flap-cycles 2 --flap-down 15s
        has churn && sim "$label" "${base[@]}" --scenario churn --churn-rate 20 --duration 30s
    fi
    has mass-outage && sim "$label" "${base[@]}" --scenario mass-outage --fraction 0.9 --outage 30s --duration 20s
    has reconnect-storm && sim "$label" "${base[@]}" --scenario reconnect-storm --duration 20s \
        --restart-command "WORK='$WORK' HTTP_PORT=$HTTP_PORT bash '$ROOT/eng/bench.sh' __restart"
    if [[ "$store" == "sqlite" ]] && has per-agent; then
        start_server "$store" "$interval" "$build"
        sim "$label" --nodes "$PER_AGENT_NODES" --mode per-agent --connect-rate 5000 --scenario steady --duration "${DURATION}s"
    fi
    if [[ "$store" == "sqlite" ]] && has max; then
        start_server "$store" "$interval" "$build"
        sim "$label" --nodes "$NODES" --connections "$CONNECTIONS" --scenario max --max-rates "$MAX_RATES" --step-duration 20s
    fi
    if has unary || [[ -n "$BASELINE" ]]; then
        start_server "$store" "$interval" "$build"
        unary "$label"
    fi
    return 0
}

main() {
    log "building Release"
    dotnet build "$ROOT/src/NodeManager.Server" -c Release -v q -nologo >/dev/null
    dotnet build "$ROOT/src/NodeManager.Simulator" -c Release -v q -nologo >/dev/null
    if has unary || [[ -n "$BASELINE" ]]; then
        dotnet build "$ROOT/src/NodeManager.Benchmarks" -c Release -v q -nologo >/dev/null
    fi

    # Rows are labelled "<build>|<store>" in A/B mode, "<store>" otherwise (as before).
    local current="current $(git -C "$ROOT" rev-parse --short HEAD)"
    git -C "$ROOT" diff --quiet HEAD -- src protos Directory.Build.props Directory.Packages.props \
        ':!src/NodeManager.Benchmarks' ':!src/NodeManager.Simulator' ':!src/NodeManager.Agent' || current+="+uncommitted"
    local baseline=""
    if [[ -n "$BASELINE" ]]; then
        build_baseline "$BASELINE"
        baseline="baseline $(git -C "$ROOT" rev-parse --short "$BASELINE^{commit}")"
    fi

    for store in $STORES; do
        for interval in $INTERVALS; do
            if [[ -n "$BASELINE" ]]; then
                run_build "$store" "$interval" baseline "$baseline|$store"
                run_build "$store" "$interval" current "$current|$store"
            else
                run_build "$store" "$interval" current "$store"
            fi
        done
    done
    stop_server

    echo
    local build_head="" build_rule=""
    [[ -n "$BASELINE" ]] && build_head="| build " build_rule="|---"
    echo "$build_head| store | scenario | nodes | mode | interval s | hb/s achieved / target | ack p50 / p99 / p999 ms | lost | detection p50 / p99 / max s | false transitions | recovery s | server CPU-s / 100k hb | RSS window MiB | RSS B / node | load | result |"
    echo "$build_rule|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    jq -r --arg ab "$BASELINE" 'def r(x; k): if (x|type) == "number" then (x*k|round/k) else "-" end;
        (if $ab == "" then [.label] else (.label | split("|")) end) + [.scenario, .nodes, .mode, .intervalSeconds,
        "\(r(.achievedHbPerSec; 1)) / \(r(.targetHbPerSec; 1))" + (if .maxSustainedHbPerSec then " (max \(.maxSustainedHbPerSec))" else "" end),
        "\(r(.ackP50Ms; 100)) / \(r(.ackP99Ms; 100)) / \(r(.ackP999Ms; 100))", .lost,
        (if .victims > 0 then "\(.detected)/\(.victims): \(r(.detectP50S; 100)) / \(r(.detectP99S; 100)) / \(r(.detectMaxS; 100))" + (if .decideP99S then " (decided p50 \(r(.decideP50S; 100)), p99 \(r(.decideP99S; 100)))" else "" end) else "-" end),
        .falseTransitions, r(.recoverySeconds; 10), r(.serverCpuSecondsPer100k; 1000),
        r((.serverWindowRssBytes // null) | if . then ./1048576 else . end; 1), r(.rssBytesPerNode; 1), .loadAverage,
        (if .passed then "pass" else "FAIL: " + (.failures | join("; ")) end)] | "| " + (map(tostring) | join(" | ")) + " |"' "$RESULTS"

    [[ -s "$UNARY_RESULTS" ]] || return 0
    echo
    echo "Unary GetNode (NodeManager.Benchmarks --only grpc), $UNARY_CONCURRENCY concurrent calls on one HTTP/2 connection, ${WARMUP} s warm-up, ${DURATION} s measured:"
    echo
    echo "$build_head| store | calls/s | p50 / p99 ms | errors | server CPU µs / call | client CPU µs / call | client B / call | load |"
    echo "$build_rule|---|---|---|---|---|---|---|---|"
    jq -r --arg ab "$BASELINE" 'def r(x; k): if (x|type) == "number" then (x*k|round/k) else "-" end;
        (if $ab == "" then [.label] else (.label | split("|")) end) + [r(.callsPerSec; 1), "\(r(.p50Ms; 100)) / \(r(.p99Ms; 100))",
        .errors, r(.serverCpuUsPerCall; 10), r(.clientCpuUsPerCall; 10), .clientBytesPerCall, .loadAverage]
        | "| " + (map(tostring) | join(" | ")) + " |"' "$UNARY_RESULTS"
}

if [[ "${BENCH_INNER:-}" == "1" ]]; then
    main
else
    BENCH_INNER=1 timeout --foreground "$BENCH_TIMEOUT" bash "${BASH_SOURCE[0]}" "$@"
fi
