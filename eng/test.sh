#!/usr/bin/env bash
# Runs every test of the repository on a fresh Debian machine or a laptop:
#   - installs and starts a throwaway PostgreSQL on 127.0.0.1 (eng/postgres.sh), unless
#     NODEMANAGER_TEST_POSTGRES already points at one;
#   - installs and starts a throwaway Redis on 127.0.0.1 (eng/redis.sh), unless
#     NODEMANAGER_TEST_REDIS already points at one;
#   - installs the npm packages of the gRPC interop tests (tests/interop), when present;
#   - installs Debian's chromium for the dashboard's browser tests, when missing;
#   - installs Debian's python3-prometheus-client (the metrics tests parse /metrics with it), when missing;
#   - builds the solution and runs all test projects;
#   - stops what it started, and ends with the line "N passed, N failed".
# Usage: eng/test.sh [extra dotnet test arguments, e.g. --filter Category!=Slow]
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
configuration="${CONFIGURATION:-Release}"
results="$repo/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

pg_dir=""
redis_dir=""
cleanup() {
  if [ -n "$pg_dir" ]; then
    bash "$repo/eng/postgres.sh" stop "$pg_dir" >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
  fi
  if [ -n "$redis_dir" ]; then
    bash "$repo/eng/redis.sh" stop "$redis_dir" >/dev/null 2>&1 || true
    rm -rf "$redis_dir"
  fi
}
trap cleanup EXIT

if [ -z "${NODEMANAGER_TEST_POSTGRES:-}" ]; then
  pg_dir="$(mktemp -d /tmp/nm-pg.XXXXXX)"
  if pg_env="$(bash "$repo/eng/postgres.sh" start "$pg_dir")"; then
    eval "$pg_env"
    echo "PostgreSQL for tests: $NODEMANAGER_TEST_POSTGRES"
  else
    echo "WARNING: could not start PostgreSQL; PostgreSQL tests will fail when CI=true and skip otherwise." >&2
  fi
fi
export NODEMANAGER_TEST_POSTGRES="${NODEMANAGER_TEST_POSTGRES:-}"

if [ -z "${NODEMANAGER_TEST_REDIS:-}" ]; then
  redis_dir="$(mktemp -d /tmp/nm-redis.XXXXXX)"
  if redis_env="$(bash "$repo/eng/redis.sh" start "$redis_dir")"; then
    eval "$redis_env"
    echo "Redis for tests: $NODEMANAGER_TEST_REDIS"
  else
    echo "WARNING: could not start Redis; Redis tests will fail when CI=true and skip otherwise." >&2
  fi
fi
export NODEMANAGER_TEST_REDIS="${NODEMANAGER_TEST_REDIS:-}"

if [ -f "$repo/tests/interop/package.json" ]; then
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "installing Node.js and npm for the gRPC interop tests"
    if [ "$(id -u)" = 0 ]; then sudo_cmd=""; else sudo_cmd="sudo"; fi
    $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq nodejs npm >/dev/null
  fi
  (cd "$repo/tests/interop" && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm install for the interop tests failed"; echo "0 passed, 1 failed"; exit 1; }
  export NODEMANAGER_GRPCJS_DIR="$repo/tests/interop"
fi

# The dashboard's browser tests (tests/NodeManager.Ui.Tests) drive Debian's chromium through Playwright; Playwright
# downloads no browser. Without it they fail when CI=true and skip otherwise.
if [ ! -x "${NODEMANAGER_TEST_CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "installing chromium for the dashboard's browser tests"
  if [ "$(id -u)" = 0 ]; then sudo_cmd=""; else sudo_cmd="sudo"; fi
  { $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null; } \
    || echo "WARNING: could not install chromium; the browser tests will fail when CI=true and skip otherwise." >&2
fi

# The metrics tests read /metrics with the Prometheus project's own parser (prometheus_client, Debian's package).
if ! /usr/bin/python3 -c "import prometheus_client.parser, prometheus_client.openmetrics.parser" >/dev/null 2>&1; then
  echo "installing python3-prometheus-client for the metrics tests"
  if [ "$(id -u)" = 0 ]; then sudo_cmd=""; else sudo_cmd="sudo"; fi
  { $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq python3 python3-prometheus-client >/dev/null; } \
    || echo "WARNING: could not install python3-prometheus-client; the metrics tests will fail." >&2
fi

dotnet build "$repo/NodeManager.sln" -c "$configuration" -nologo -v minimal || { echo "0 passed, 1 failed"; exit 1; }

dotnet test "$repo/NodeManager.sln" -c "$configuration" --no-build -nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" \
  --blame-hang-timeout "${TEST_HANG_TIMEOUT:-5m}" --blame-hang-dump-type none "$@"
status=$?

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  value() { printf '%s' "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$(value total); executed=$(value executed); p=$(value passed); f=$(value failed)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  skipped=$((skipped + ${total:-0} - ${executed:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1   # the test run itself failed (crash, build error) without a counted failure
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
