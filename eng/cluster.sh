#!/usr/bin/env bash
# A NodeManager cluster on this machine, to try: Redis (membership), PostgreSQL (the store) and N silos.
#
#   eng/cluster.sh start [N] [DIR]   build the server, start Redis and PostgreSQL (eng/redis.sh, eng/postgres.sh;
#                                    installed with apt when missing) and N silos (default 3) on loopback.
#                                    Silo i (1..N): REST http://127.0.0.1:(5080+10i), gRPC http://127.0.0.1:(5081+10i),
#                                    silo port 11110+i, log DIR/silo-i.log. DIR defaults to /tmp/nodemanager-cluster.
#   eng/cluster.sh silo I [DIR]      start one more silo, number I (e.g. a 4th: new activations land on it too)
#   eng/cluster.sh status [DIR]      which silos run, and /readyz of each
#   eng/cluster.sh stop [DIR]        stop the silos (SIGTERM, by their pid files), PostgreSQL and Redis
# DASHBOARD=false turns the Orleans Dashboard off (it is on here, off by default in the server).
#
# Kill one silo to see the others carry on:  kill -9 "$(cat /tmp/nodemanager-cluster/silo-2.pid)"
# Agents take every silo: NodeManager.Agent --server http://127.0.0.1:5091,http://127.0.0.1:5101,http://127.0.0.1:5111
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"

log() { echo "cluster.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

server_dll="$repo/src/NodeManager.Server/bin/Release/net10.0/NodeManager.Server.dll"

http_port() { echo $((5080 + 10 * $1)); }
grpc_port() { echo $((5081 + 10 * $1)); }

# Starts silo number $1 with the cluster's settings in $2 (DIR/env), unless it runs already.
start_silo() {
    local i="$1" dir="$2" pid
    [[ "$i" =~ ^[0-9]+$ && "$i" -ge 1 && "$i" -le 99 ]] || die "a silo number is 1 to 99, not '$i'"
    if [[ -f "$dir/silo-$i.pid" ]] && kill -0 "$(cat "$dir/silo-$i.pid")" 2>/dev/null; then
        log "silo $i already runs (pid $(cat "$dir/silo-$i.pid"))"
        return 0
    fi
    # shellcheck disable=SC1091
    source "$dir/env"
    (cd "$dir" && exec dotnet "$server_dll" \
        --Kestrel:Endpoints:Http:Url="http://127.0.0.1:$(http_port "$i")" \
        --Kestrel:Endpoints:Grpc:Url="http://127.0.0.1:$(grpc_port "$i")" \
        --NodeManager:Storage:Provider=Postgres \
        --ConnectionStrings:NodeManager="$CLUSTER_POSTGRES;Database=nodemanager" \
        --Orleans:Clustering:ProviderType=Redis \
        --Orleans:Clustering:ConnectionString="$CLUSTER_REDIS" \
        --Orleans:Endpoints:SiloPort=$((11110 + i)) \
        --Orleans:Endpoints:AdvertisedIPAddress=127.0.0.1 \
        --NodeManager:Dashboard:Enabled="${DASHBOARD:-true}" \
        >"$dir/silo-$i.log" 2>&1) &
    pid=$!
    echo "$pid" >"$dir/silo-$i.pid"
    local deadline=$((SECONDS + 60))
    until curl -fsS "http://127.0.0.1:$(http_port "$i")/readyz" >/dev/null 2>&1; do
        if ! kill -0 "$pid" 2>/dev/null; then
            tail -n 20 "$dir/silo-$i.log" >&2
            die "silo $i exited; see $dir/silo-$i.log"
        fi
        (( SECONDS < deadline )) || die "silo $i not ready within 60 s; see $dir/silo-$i.log"
        sleep 0.5
    done
    log "silo $i (pid $pid): REST http://127.0.0.1:$(http_port "$i"), gRPC http://127.0.0.1:$(grpc_port "$i")$([[ "${DASHBOARD:-true}" == true ]] && echo ", dashboard http://127.0.0.1:$(http_port "$i")/dashboard")"
}

start() {
    local n="${1:-3}" dir="${2:-/tmp/nodemanager-cluster}"
    [[ "$n" =~ ^[0-9]+$ && "$n" -ge 1 && "$n" -le 20 ]] || die "N is a number of silos from 1 to 20, not '$n'"
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    log "building the server (Release)"
    dotnet build "$repo/src/NodeManager.Server" -c Release -nologo -v quiet >&2 || die "build failed"

    local redis_env pg_env
    redis_env="$(bash "$repo/eng/redis.sh" start "$dir/redis")" || die "Redis did not start"
    pg_env="$(bash "$repo/eng/postgres.sh" start "$dir/postgres")" || die "PostgreSQL did not start"
    eval "$redis_env"
    eval "$pg_env"
    local pg_port
    pg_port="$(cat "$dir/postgres/port")"
    psql "host=127.0.0.1 port=$pg_port user=postgres" -qtc "SELECT 1 FROM pg_database WHERE datname = 'nodemanager'" | grep -q 1 \
        || psql "host=127.0.0.1 port=$pg_port user=postgres" -qc "CREATE DATABASE nodemanager" >/dev/null \
        || die "could not create the database"
    printf 'CLUSTER_REDIS=%q\nCLUSTER_POSTGRES=%q\n' "$NODEMANAGER_TEST_REDIS" "$NODEMANAGER_TEST_POSTGRES" >"$dir/env"

    local i
    for ((i = 1; i <= n; i++)); do
        start_silo "$i" "$dir"
    done
    log "Redis $NODEMANAGER_TEST_REDIS, PostgreSQL $NODEMANAGER_TEST_POSTGRES;Database=nodemanager"
    log "stop with: eng/cluster.sh stop $dir"
}

status() {
    local dir="${1:-/tmp/nodemanager-cluster}" pidfile i
    for pidfile in "$dir"/silo-*.pid; do
        [[ -f "$pidfile" ]] || { log "no silos in $dir"; return 0; }
        i="${pidfile##*/silo-}"; i="${i%.pid}"
        if kill -0 "$(cat "$pidfile")" 2>/dev/null; then
            echo "silo $i: pid $(cat "$pidfile"), /readyz: $(curl -s "http://127.0.0.1:$(http_port "$i")/readyz" || echo unreachable)"
        else
            echo "silo $i: not running"
        fi
    done
}

stop() {
    local dir="${1:-/tmp/nodemanager-cluster}" pidfile pid
    for pidfile in "$dir"/silo-*.pid; do
        [[ -f "$pidfile" ]] || continue
        pid="$(cat "$pidfile")"
        # Only our own server, by its pid: a recycled pid running something else is left alone.
        if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q NodeManager.Server.dll; then
            kill -TERM "$pid"
            local deadline=$((SECONDS + 30))
            while kill -0 "$pid" 2>/dev/null && (( SECONDS < deadline )); do sleep 0.2; done
            kill -0 "$pid" 2>/dev/null && { log "silo pid $pid did not stop in 30 s; killing it"; kill -KILL "$pid"; }
        fi
        rm -f "$pidfile"
    done
    [[ -d "$dir/postgres" ]] && bash "$repo/eng/postgres.sh" stop "$dir/postgres" >&2 || true
    [[ -d "$dir/redis" ]] && bash "$repo/eng/redis.sh" stop "$dir/redis" >&2 || true
    log "stopped ($dir kept: logs and data)"
}

case "${1:-}" in
    start) shift; start "$@" ;;
    silo) shift; [[ $# -ge 1 ]] || die "usage: eng/cluster.sh silo I [DIR]"; dir="${2:-/tmp/nodemanager-cluster}"; [[ -f "$dir/env" ]] || die "no cluster in $dir: run eng/cluster.sh start first"; start_silo "$1" "$dir" ;;
    status) shift; status "$@" ;;
    stop) shift; stop "$@" ;;
    -h|--help|help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' ;;
    *) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
