#!/usr/bin/env bash
# eng/bench.sh: the standard simulator scenarios against a Release server on loopback; prints a table.
#
#   eng/bench.sh                      100,000 nodes, SQLite and PostgreSQL, intervals 10 s and 5 s
#   NODES=10000 eng/bench.sh          a quick run
#
# Environment (all optional):
#   NODES=100000            simulated agents
#   STORES="sqlite postgres"
#   INTERVALS="10 5"        seconds; steady runs at each, the other scenarios at the last one
#   SCENARIOS="steady kill shutdown flap churn mass-outage reconnect-storm per-agent max"
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
SERVER_DLL="$ROOT/src/NodeManager.Server/bin/Release/net10.0/NodeManager.Server.dll"
SIM_DLL="$ROOT/src/NodeManager.Simulator/bin/Release/net10.0/NodeManager.Simulator.dll"

log() { echo "bench.sh: $*" >&2; }

# Internal: restart the running server with the same arguments (the reconnect-storm's --restart-command).
if [[ "${1:-}" == "__restart" ]]; then
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
: >"$RESULTS"
[[ "${BENCH_INNER:-}" == "1" ]] && rm -f "$WORK"/nm.db*
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
}
trap cleanup EXIT

# Start the server: $1 store, $2 interval seconds. One database per store for the whole script, so nodes
# imported (and made READY) once are reused by later runs, as after a restart.
PG_DB=""
start_server() {
    local store="$1" interval="$2"
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
        if [[ -z "$PG_DB" ]]; then
            PG_DB="nmbench_$RANDOM"
            psql "host=127.0.0.1 port=$(cat "$WORK/pg/port") user=postgres" -qc "create database $PG_DB" >/dev/null
        fi
        args+=("--NodeManager:Storage:Provider=Postgres" "--ConnectionStrings:NodeManager=$NODEMANAGER_TEST_POSTGRES;Database=$PG_DB")
    else
        args+=("--NodeManager:Storage:Sqlite:Path=$WORK/nm.db")
    fi

    if [[ -n "${SERVER_ARGS:-}" ]]; then
        read -r -a extra <<<"$SERVER_ARGS"
        args+=("${extra[@]}")
    fi

    printf '%s\n' "${args[@]}" >"$WORK/server.args"
    (cd "$WORK" && exec dotnet "$SERVER_DLL" "${args[@]}" >"$WORK/server.log" 2>&1) &
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

has() { [[ " $SCENARIOS " == *" $1 "* ]]; }

main() {
    log "building Release"
    dotnet build "$ROOT/src/NodeManager.Server" -c Release -v q -nologo >/dev/null
    dotnet build "$ROOT/src/NodeManager.Simulator" -c Release -v q -nologo >/dev/null
    local last; last="$(echo "$INTERVALS" | awk '{print $NF}')"
    for store in $STORES; do
        for interval in $INTERVALS; do
            start_server "$store" "$interval"
            local base=(--nodes "$NODES" --connections "$CONNECTIONS")
            has steady && sim "$store" "${base[@]}" --scenario steady --duration "${DURATION}s"
            [[ "$interval" == "$last" ]] || continue
            has kill && sim "$store" "${base[@]}" --scenario kill --fraction 0.01 --duration 20s
            if [[ "$store" == "sqlite" ]]; then
                has shutdown && sim "$store" "${base[@]}" --scenario shutdown --fraction 0.01 --duration 20s
                has flap && sim "$store" "${base[@]}" --scenario flap --fraction 0.01 --flap-cycles 2 --flap-down 15s
                has churn && sim "$store" "${base[@]}" --scenario churn --churn-rate 20 --duration 30s
            fi
            has mass-outage && sim "$store" "${base[@]}" --scenario mass-outage --fraction 0.9 --outage 30s --duration 20s
            has reconnect-storm && sim "$store" "${base[@]}" --scenario reconnect-storm --duration 20s \
                --restart-command "WORK='$WORK' HTTP_PORT=$HTTP_PORT bash '$ROOT/eng/bench.sh' __restart"
            if [[ "$store" == "sqlite" ]] && has per-agent; then
                start_server "$store" "$interval"
                sim "$store" --nodes "$PER_AGENT_NODES" --mode per-agent --connect-rate 5000 --scenario steady --duration "${DURATION}s"
            fi
            if [[ "$store" == "sqlite" ]] && has max; then
                start_server "$store" "$interval"
                sim "$store" --nodes "$NODES" --connections "$CONNECTIONS" --scenario max --max-rates "$MAX_RATES" --step-duration 20s
            fi
        done
    done

    echo
    echo "| store | scenario | nodes | mode | interval s | hb/s achieved / target | ack p50 / p99 / p999 ms | lost | detection p50 / p99 / max s | false transitions | recovery s | server CPU-s / 100k hb | RSS window MiB | RSS B / node | load | result |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    jq -r 'def r(x; k): if (x|type) == "number" then (x*k|round/k) else "-" end;
        [.label, .scenario, .nodes, .mode, .intervalSeconds,
        "\(r(.achievedHbPerSec; 1)) / \(r(.targetHbPerSec; 1))" + (if .maxSustainedHbPerSec then " (max \(.maxSustainedHbPerSec))" else "" end),
        "\(r(.ackP50Ms; 100)) / \(r(.ackP99Ms; 100)) / \(r(.ackP999Ms; 100))", .lost,
        (if .victims > 0 then "\(.detected)/\(.victims): \(r(.detectP50S; 100)) / \(r(.detectP99S; 100)) / \(r(.detectMaxS; 100))" + (if .decideP99S then " (decided p50 \(r(.decideP50S; 100)), p99 \(r(.decideP99S; 100)))" else "" end) else "-" end),
        .falseTransitions, r(.recoverySeconds; 10), r(.serverCpuSecondsPer100k; 1000),
        r((.serverWindowRssBytes // null) | if . then ./1048576 else . end; 1), r(.rssBytesPerNode; 1), .loadAverage,
        (if .passed then "pass" else "FAIL: " + (.failures | join("; ")) end)] | "| " + (map(tostring) | join(" | ")) + " |"' "$RESULTS"
}

if [[ "${BENCH_INNER:-}" == "1" ]]; then
    main
else
    BENCH_INNER=1 timeout --foreground "$BENCH_TIMEOUT" bash "${BASH_SOURCE[0]}" "$@"
fi
