#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests.
#
#   eng/postgres.sh start <dir>   initialise (once) and start a server whose files live in <dir>;
#                                 prints: export NODEMANAGER_TEST_POSTGRES="Host=127.0.0.1;Port=N;Username=postgres"
#   eng/postgres.sh stop <dir>    stop it (fast shutdown); <dir> is kept
#
# Sourced (". eng/postgres.sh start <dir>") it exports NODEMANAGER_TEST_POSTGRES into the caller.
# Installs PostgreSQL with apt-get when initdb/pg_ctl are missing. Runs the server as the
# 'postgres' OS user when invoked as root (PostgreSQL refuses to run as root).

if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
    # Sourced: run in a child process (so its shell options and exits stay there), then apply its output.
    __nm_pg_out="$(bash "${BASH_SOURCE[0]}" "$@")" || { unset __nm_pg_out; return 1; }
    [[ -n "$__nm_pg_out" ]] && eval "$__nm_pg_out" && echo "$__nm_pg_out"
    unset __nm_pg_out
    return 0
fi

set -euo pipefail

log() { echo "postgres.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

find_bin() {
    local tool
    for tool in initdb pg_ctl; do
        command -v "$tool" >/dev/null 2>&1 || { tool=""; break; }
    done
    if [[ -n "$tool" ]]; then
        dirname "$(command -v pg_ctl)"
        return 0
    fi
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
        echo "$dir"
        return 0
    fi
    return 1
}

as_root() {
    if [[ "$(id -u)" -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"; else
        die "need root to run: $* (install PostgreSQL yourself or run as root)"
    fi
}

install_postgres() {
    log "initdb/pg_ctl not found; installing PostgreSQL with apt-get"
    command -v apt-get >/dev/null 2>&1 || die "apt-get not available: install PostgreSQL (initdb, pg_ctl) and retry"
    # No system-wide 'main' cluster: we only want the binaries.
    as_root mkdir -p /etc/postgresql-common
    [[ -e /etc/postgresql-common/createcluster.conf ]] || echo "create_main_cluster = false" | as_root tee /etc/postgresql-common/createcluster.conf >/dev/null
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql >&2
}

# Runs a command as the postgres OS user when we are root, directly otherwise.
as_pg() {
    if [[ "$(id -u)" -eq 0 ]]; then
        if command -v runuser >/dev/null 2>&1; then
            runuser -u postgres -- "$@"
        else
            su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
        fi
    else
        "$@"
    fi
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

start() {
    local dir="$1" bin data
    bin="$(find_bin)" || { install_postgres; bin="$(find_bin)" || die "PostgreSQL installed but initdb/pg_ctl not found"; }
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    data="$dir/data"

    if [[ "$(id -u)" -eq 0 ]]; then
        id postgres >/dev/null 2>&1 || useradd --system --user-group --home-dir "$dir" --shell /bin/sh postgres \
            || die "could not create the 'postgres' OS user"
        chown postgres: "$dir"
        as_pg test -w "$dir" || die "user 'postgres' cannot write to $dir (a parent directory is not searchable?): choose a directory such as /tmp/nm-postgres"
    fi

    if [[ -f "$data/postmaster.pid" ]] && as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        log "already running in $data"
        echo "export NODEMANAGER_TEST_POSTGRES=\"Host=127.0.0.1;Port=$(cat "$dir/port");Username=postgres\""
        return 0
    fi

    if [[ ! -f "$data/PG_VERSION" ]]; then
        log "initdb in $data ($bin)"
        as_pg "$bin/initdb" -D "$data" -A trust -U postgres -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
            || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
        cat >>"$data/postgresql.conf" <<CONF
# eng/postgres.sh
max_connections = 200
shared_buffers = 128MB
fsync = on
CONF
    fi

    local port attempt
    for attempt in 1 2 3 4 5; do
        port="$(free_port)"
        log "starting on 127.0.0.1:$port"
        if as_pg "$bin/pg_ctl" -D "$data" -l "$dir/postgres.log" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $dir" start >&2; then
            echo "$port" >"$dir/port"
            echo "export NODEMANAGER_TEST_POSTGRES=\"Host=127.0.0.1;Port=$port;Username=postgres\""
            return 0
        fi
        log "start failed (attempt $attempt); last log lines:"
        tail -n 5 "$dir/postgres.log" >&2 || true
    done
    die "PostgreSQL did not start; see $dir/postgres.log"
}

stop() {
    local dir="$1" bin
    bin="$(find_bin)" || die "initdb/pg_ctl not found"
    if [[ ! -f "$dir/data/postmaster.pid" ]] || ! as_pg "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
        log "not running ($dir)"
        return 0
    fi
    as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2
}

case "${1:-}" in
    start) [[ $# -eq 2 ]] || die "usage: $0 start <dir>"; start "$2" ;;
    stop) [[ $# -eq 2 ]] || die "usage: $0 stop <dir>"; stop "$2" ;;
    *) die "usage: $0 start|stop <dir>" ;;
esac
