#!/usr/bin/env bash
# eng/stop-bench.sh: how long a server with NODES open heartbeat streams takes from SIGTERM to exit.
#   SERVER_DLL=<path to NodeManager.Server.dll>   default: this tree's Release build (built first)
#   NODES=100000 CONNECTIONS=16 WORK=/tmp/nm-stop GRPC_PORT=27081 HTTP_PORT=27080 LABEL=current
# Loopback only; the simulator registers the nodes (bulk import) on first use of WORK's database. Every wait is
# bounded; the server and the simulator are stopped by PID.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODES="${NODES:-100000}"; CONNECTIONS="${CONNECTIONS:-16}"; WORK="${WORK:-/tmp/nm-stop}"
GRPC_PORT="${GRPC_PORT:-27081}"; HTTP_PORT="${HTTP_PORT:-27080}"; LABEL="${LABEL:-current}"
if [[ -z "${SERVER_DLL:-}" ]]; then
    dotnet build "$ROOT/src/NodeManager.Server" -c Release -v q -nologo >/dev/null || exit 1
    SERVER_DLL="$ROOT/src/NodeManager.Server/bin/Release/net10.0/NodeManager.Server.dll"
fi
dotnet build "$ROOT/src/NodeManager.Simulator" -c Release -v q -nologo >/dev/null || exit 1
SIM_DLL="$ROOT/src/NodeManager.Simulator/bin/Release/net10.0/NodeManager.Simulator.dll"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
mkdir -p "$WORK"
dotnet "$SERVER_DLL" --Kestrel:Endpoints:Http:Url="http://127.0.0.1:$HTTP_PORT" --Kestrel:Endpoints:Grpc:Url="http://127.0.0.1:$GRPC_PORT" \
    --Kestrel:Endpoints:Grpc:Protocols=Http2 --Logging:LogLevel:Default=Information --Logging:LogLevel:Microsoft.AspNetCore=Warning \
    --NodeManager:Storage:Sqlite:Path="$WORK/nm.db" >"$WORK/server-$LABEL.log" 2>&1 &
SPID=$!
SIMPID=""
trap 'kill -KILL $SPID $SIMPID 2>/dev/null' EXIT
for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$HTTP_PORT/healthz" >/dev/null && break; sleep 0.2; done
timeout 600 dotnet "$SIM_DLL" --server "http://127.0.0.1:$GRPC_PORT" --rest "http://127.0.0.1:$HTTP_PORT" --server-pid "$SPID" \
    --nodes "$NODES" --connections "$CONNECTIONS" --scenario steady --warmup 10s --duration 300s --max-runtime 9m >"$WORK/sim-$LABEL.log" 2>&1 &
SIMPID=$!
for _ in $(seq 1 400); do grep -q "BeginWindow" "$WORK/sim-$LABEL.log" && break; sleep 1; done
grep -q "BeginWindow" "$WORK/sim-$LABEL.log" || { echo "stop-bench.sh: the fleet did not come up; see $WORK/sim-$LABEL.log"; exit 1; }
sleep 10
start=$(date +%s%N)
kill -TERM "$SPID"
for _ in $(seq 1 1200); do kill -0 "$SPID" 2>/dev/null || break; sleep 0.05; done
end=$(date +%s%N)
if kill -0 "$SPID" 2>/dev/null; then echo "$LABEL: still running 60 s after SIGTERM"; else
    echo "$LABEL: $NODES open streams, SIGTERM to exit $(( (end - start) / 1000000 )) ms (load $(cut -d' ' -f1-3 /proc/loadavg))"; fi
kill -TERM "$SIMPID" 2>/dev/null
grep -A1 -E "\[(2207|2209)\]" "$WORK/server-$LABEL.log" | grep -v -- '^--' | sed 's/^ *//'
