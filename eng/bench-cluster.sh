#!/usr/bin/env bash
# eng/bench-cluster.sh: three silos on this machine (eng/cluster.sh: Redis membership, PostgreSQL), NODES simulated
# agents spread over them, then `kill -9` of silo 3 together with DOOMED more agents that streamed only to it.
# Prints: the survivors' report (lost heartbeats, false transitions, reconnects; NodeManager.Simulator steady) and
# how long after the kill every doomed node was NOT_READY, read from silo 1.
#
#   NODES=100000 eng/bench-cluster.sh          the issue's figure (about 6 minutes)
#   NODES=10000 DOOMED=300 eng/bench-cluster.sh a quick run
#
# Environment: NODES (100000), DOOMED (1000), DURATION (150 s: the survivors' measured window, the kill is in it),
# KILL_AFTER (60 s into it), WORK (/tmp/nm-bench-cluster; its cluster is stopped at the end, logs kept).
# Health timings are the defaults (interval 5 s, grace 15 s). Stops only what it started, by PID.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
NODES="${NODES:-100000}"
DOOMED="${DOOMED:-1000}"
DURATION="${DURATION:-150}"
KILL_AFTER="${KILL_AFTER:-60}"
WORK="${WORK:-/tmp/nm-bench-cluster}"
log() { echo "bench-cluster.sh: $*" >&2; }

[[ "$NODES" =~ ^[0-9]+$ && "$DOOMED" =~ ^[0-9]+$ && "$DURATION" =~ ^[0-9]+$ && "$KILL_AFTER" =~ ^[0-9]+$ ]] \
    || { log "NODES, DOOMED, DURATION and KILL_AFTER are whole numbers"; exit 2; }
(( KILL_AFTER < DURATION )) || { log "KILL_AFTER must be less than DURATION"; exit 2; }

rm -rf "$WORK"
mkdir -p "$WORK"
cluster="$WORK/cluster"
sim_pids=()
cleanup() {
    local pid
    for pid in "${sim_pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
    bash "$repo/eng/cluster.sh" stop "$cluster" >/dev/null 2>&1 || true
}
trap cleanup EXIT

DASHBOARD=false bash "$repo/eng/cluster.sh" start 3 "$cluster"
dotnet build "$repo/src/NodeManager.Simulator" -c Release -nologo -v quiet >&2
sim_dll="$repo/src/NodeManager.Simulator/bin/Release/net10.0/NodeManager.Simulator.dll"
grpc() { echo "http://127.0.0.1:$((5081 + 10 * $1))"; }
rest() { echo "http://127.0.0.1:$((5080 + 10 * $1))"; }

# Nodes NOT_READY or DOWN, as silo 1 counts them (its /metrics: nodemanager_nodes by status).
not_ready() {
    curl -fsS "$(rest 1)/metrics" | awk '/^nodemanager_nodes\{.*status="(not_ready|down|NOT_READY|DOWN)"/ { n += $2 } END { print n + 0 }'
}

# The doomed agents: only silo 3, so they die with it.
dotnet "$sim_dll" --server "$(grpc 3)" --rest "$(rest 3)" --nodes "$DOOMED" --name-prefix doomed --ip-net 11 \
    --scenario steady --warmup 5s --duration 30m --max-runtime 40m >"$WORK/doomed.log" 2>&1 &
sim_pids+=($!)
doomed_pid=$!
sleep 20

# The survivors: every silo; those on silo 3 move on when it dies.
dotnet "$sim_dll" --server "$(grpc 1),$(grpc 2),$(grpc 3)" --rest "$(rest 1)" --nodes "$NODES" --name-prefix survivor \
    --scenario steady --warmup 20s --duration "${DURATION}s" --server-pid "$(cat "$cluster/silo-1.pid")" \
    --json "$WORK/survivors.jsonl" --label "3 silos, load $(cut -d' ' -f1-3 /proc/loadavg)" >"$WORK/survivors.log" 2>&1 &
sim_pids+=($!)
survivors_pid=$!

# The kill: KILL_AFTER seconds into the measured window (after connecting and warming up).
until grep -q "step BeginWindow" "$WORK/survivors.log" 2>/dev/null; do
    kill -0 "$survivors_pid" 2>/dev/null || { cat "$WORK/survivors.log" >&2; log "the survivors' simulator ended early"; exit 1; }
    sleep 1
done
sleep "$KILL_AFTER"
before="$(not_ready)"
log "killing silo 3 (pid $(cat "$cluster/silo-3.pid")) and the $DOOMED doomed agents (pid $doomed_pid); NOT_READY/DOWN before: $before; load $(cut -d' ' -f1-3 /proc/loadavg)"
killed_at=$(date +%s.%N)
kill -KILL "$doomed_pid" "$(cat "$cluster/silo-3.pid")"
detected=""
for _ in $(seq 1 180); do
    sleep 1
    count="$(not_ready || echo 0)"
    if (( count - before >= DOOMED )); then
        detected="$(echo "$(date +%s.%N) - $killed_at" | bc)"
        break
    fi
done
wait "$survivors_pid" || true
cat "$WORK/survivors.log"
if [[ -n "$detected" ]]; then
    printf 'all %d doomed nodes NOT_READY/DOWN %.1f s after the kill (grace 15 s + the silo declared dead + judging)\n' "$DOOMED" "$detected"
else
    echo "doomed nodes NOT_READY/DOWN within 180 s: $(( $(not_ready) - before )) of $DOOMED"
fi
echo "command: NODES=$NODES DOOMED=$DOOMED DURATION=$DURATION KILL_AFTER=$KILL_AFTER eng/bench-cluster.sh on $(git -C "$repo" rev-parse --short HEAD); machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
