#!/usr/bin/env bash
# A throwaway Redis server for tests.
#
#   eng/redis.sh start <dir>   start a server on 127.0.0.1 whose config, pid file, log and working
#                              directory live in <dir>; prints: export NODEMANAGER_TEST_REDIS="127.0.0.1:N"
#   eng/redis.sh stop <dir>    stop that server (the pid in <dir>/redis.pid: SIGTERM, then SIGKILL); <dir> is kept
#
# Sourced (". eng/redis.sh start <dir>") it exports NODEMANAGER_TEST_REDIS into the caller.
# Installs Redis (Debian's redis-server and redis-tools) with apt-get when redis-server/redis-cli
# are missing. Nothing is persisted (no RDB snapshots, no AOF); keys are never evicted.
# Runs the server as the invoking user (root is fine for Redis).

if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
    # Sourced: run in a child process (so its shell options and exits stay there), then apply its output.
    __nm_redis_out="$(bash "${BASH_SOURCE[0]}" "$@")" || { unset __nm_redis_out; return 1; }
    [[ -n "$__nm_redis_out" ]] && eval "$__nm_redis_out" && echo "$__nm_redis_out"
    unset __nm_redis_out
    return 0
fi

set -euo pipefail

# Seconds to wait for a started server to answer PING, and for a stopped one to exit after SIGTERM.
START_TIMEOUT=20
STOP_TIMEOUT=10

log() { echo "redis.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

have_redis() {
    command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1
}

as_root() {
    if [[ "$(id -u)" -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"; else
        die "need root to run: $* (install Redis yourself or run as root)"
    fi
}

install_redis() {
    log "redis-server/redis-cli not found; installing Redis with apt-get"
    command -v apt-get >/dev/null 2>&1 || die "apt-get not available: install Redis (redis-server, redis-cli) and retry"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends redis-server redis-tools >&2
}

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

free_port() {
    local port attempt
    for attempt in $(seq 1 50); do
        port=$(( 20000 + RANDOM % 40000 ))
        if ! port_in_use "$port"; then
            echo "$port"
            return 0
        fi
    done
    die "no free TCP port found on 127.0.0.1"
}

# The pid in <dir>/redis.pid when that process is alive and is a redis-server; fails otherwise.
running_pid() {
    local dir="$1" pid
    [[ -f "$dir/redis.pid" ]] || return 1
    pid="$(tr -dc '0-9' <"$dir/redis.pid")"
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
    [[ "$(cat "/proc/$pid/comm" 2>/dev/null || ps -o comm= -p "$pid" 2>/dev/null || true)" == redis-server* ]] || return 1
    echo "$pid"
}

# The answer of one redis-cli command against 127.0.0.1:<port>, bounded in time.
cli() {
    local port="$1"; shift
    timeout 5 redis-cli -h 127.0.0.1 -p "$port" "$@" 2>/dev/null
}

start() {
    local dir="$1" pid
    have_redis || { install_redis; have_redis || die "Redis installed but redis-server/redis-cli not found"; }
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    [[ "$dir" != *[\"\\]* ]] || die "$dir contains a quote or a backslash, which redis.conf cannot hold: choose a directory such as /tmp/nm-redis"

    if pid="$(running_pid "$dir")"; then
        log "already running in $dir (pid $pid)"
        echo "export NODEMANAGER_TEST_REDIS=\"127.0.0.1:$(cat "$dir/port")\""
        return 0
    fi

    local port attempt deadline offset
    for attempt in 1 2 3 4 5; do
        port="$(free_port)"
        rm -f "$dir/redis.pid"
        cat >"$dir/redis.conf" <<CONF
# eng/redis.sh
bind 127.0.0.1
port $port
protected-mode yes
daemonize yes
pidfile "$dir/redis.pid"
logfile "$dir/redis.log"
dir "$dir"
save ""
appendonly no
maxmemory-policy noeviction
CONF
        offset="$(stat -c %s "$dir/redis.log" 2>/dev/null || echo 0)"
        log "starting on 127.0.0.1:$port ($(command -v redis-server))"
        if ! redis-server "$dir/redis.conf" >&2; then
            log "redis-server failed (attempt $attempt); last log lines:"
            tail -n 5 "$dir/redis.log" >&2 || true
            continue
        fi

        deadline=$(( SECONDS + START_TIMEOUT ))
        while (( SECONDS < deadline )); do
            if [[ "$(cli "$port" ping || true)" == "PONG" ]] && pid="$(running_pid "$dir")"; then
                # The answer must come from our server, not from another one that took the port meanwhile.
                if [[ "$(cli "$port" info server | tr -d '\r' | sed -n 's/^process_id://p')" == "$pid" ]]; then
                    echo "$port" >"$dir/port"
                    echo "export NODEMANAGER_TEST_REDIS=\"127.0.0.1:$port\""
                    return 0
                fi
                log "127.0.0.1:$port answers PING, but not from our server (pid $pid)"
                break
            fi
            # The port was taken between free_port and bind: retry on another one.
            if tail -c +"$(( offset + 1 ))" "$dir/redis.log" 2>/dev/null | grep -q "Could not create server TCP listening socket"; then
                break
            fi
            sleep 0.2
        done
        if (( SECONDS >= deadline )); then
            log "no PONG from 127.0.0.1:$port within ${START_TIMEOUT}s"
        fi
        if running_pid "$dir" >/dev/null; then stop "$dir"; fi
        log "start failed (attempt $attempt); last log lines:"
        tail -n 5 "$dir/redis.log" >&2 || true
    done
    die "Redis did not start; see $dir/redis.log"
}

stop() {
    local dir="$1" pid deadline
    if ! pid="$(running_pid "$dir")"; then
        log "not running ($dir)"
        return 0
    fi
    log "stopping pid $pid"
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$(( SECONDS + STOP_TIMEOUT ))
    while kill -0 "$pid" 2>/dev/null && (( SECONDS < deadline )); do
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "pid $pid still running after ${STOP_TIMEOUT}s; sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        deadline=$(( SECONDS + 5 ))
        while kill -0 "$pid" 2>/dev/null && (( SECONDS < deadline )); do
            sleep 0.1
        done
        kill -0 "$pid" 2>/dev/null && die "pid $pid did not exit after SIGKILL"
    fi
    rm -f "$dir/redis.pid"
}

case "${1:-}" in
    start) [[ $# -eq 2 ]] || die "usage: $0 start <dir>"; start "$2" ;;
    stop) [[ $# -eq 2 ]] || die "usage: $0 stop <dir>"; stop "$2" ;;
    *) die "usage: $0 start|stop <dir>" ;;
esac
