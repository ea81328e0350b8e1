#!/usr/bin/env bash
# Smoke test of the embedded demo (docs/DEMO.md), doing what a newcomer would: start the demo with its one
# command, wait until it is ready, look at /sync/status, change a row in MariaDB, trigger a sync and find the
# change in MongoDB. Needs bash, curl and the JDK only (the embedded databases are reached through the demo's
# own DemoClient, so neither the mysql nor the mongosh client is needed). Exit 0 = pass, 1 = fail.
#
# It uses its own ports and data directory, so a demo you are running yourself is left alone:
#   HTTP_PORT=18080 DEMO_MYSQL_PORT=13307 DEMO_MONGO_PORT=27118 DEMO_DATA_DIR=target/demo-smoke-data
# Override them (and DEMO_ROWS, SMOKE_READY_TIMEOUT seconds) through the environment.
set -euo pipefail
cd "$(dirname "$0")/.."

export HTTP_PORT="${HTTP_PORT:-18080}"
export DEMO_MYSQL_PORT="${DEMO_MYSQL_PORT:-13307}"
export DEMO_MONGO_PORT="${DEMO_MONGO_PORT:-27118}"
export DEMO_DATA_DIR="${DEMO_DATA_DIR:-target/demo-smoke-data}"
export DEMO_RESET=true            # a known starting point: fresh data every time
READY_TIMEOUT="${SMOKE_READY_TIMEOUT:-360}" # seconds; includes building the demo (1-3 min on a busy 2-core machine)
BASE="http://127.0.0.1:${HTTP_PORT}"
LOG="target/demo-smoke.log"
TABLES="products orders customers inventory categories order_items"
mkdir -p target

DEMO_PID=""
# Stops the demo's whole process group (Maven, the demo JVM it forks, and MariaDB under that) on every exit.
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$DEMO_PID" ]] && kill -0 "$DEMO_PID" 2>/dev/null; then
    echo "Stopping the demo (process group $DEMO_PID)..."
    kill -TERM -- "-$DEMO_PID" 2>/dev/null || true
    for _ in $(seq 1 30); do
      pgrep -g "$DEMO_PID" >/dev/null 2>&1 || break
      sleep 1
    done
    kill -KILL -- "-$DEMO_PID" 2>/dev/null || true
  fi
  if [[ $rc -eq 0 ]]; then echo "SMOKE TEST PASSED"; else echo "SMOKE TEST FAILED (demo log: $LOG)"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

fail() { echo "FAIL: $*" >&2; tail -n 40 "$LOG" >&2 || true; exit 1; }
demo_alive() { kill -0 "$DEMO_PID" 2>/dev/null; }
# The demo's command-line client, with the classpath the demo build left in target/demo.
client() {
  java -cp "target/demo/classes:target/demo/quarkus-app/lib/main/*" io.mysqlmongosync.demo.DemoClient "$@" 2>/dev/null
}
status() { curl -sf "$BASE/sync/status"; }

echo "1. Starting the demo: ./mvnw -B -Pdemo package quarkus:run (log: $LOG)"
# setsid: the demo gets its own process group, which cleanup() stops as a whole.
setsid ./mvnw -B -Pdemo package quarkus:run >"$LOG" 2>&1 </dev/null &
DEMO_PID=$!
started=$SECONDS

echo "2. Waiting for $BASE/q/health/ready (at most ${READY_TIMEOUT}s)"
until curl -sf "$BASE/q/health/ready" >/dev/null 2>&1; do
  demo_alive || fail "the demo exited before it was ready"
  (( SECONDS - started < READY_TIMEOUT )) || fail "not ready after ${READY_TIMEOUT}s"
  sleep 2
done
echo "   ready after $((SECONDS - started))s"
grep -q "DEMO is running" "$LOG" || fail "no demo banner in the log"

echo "3. Waiting for the initial sync to finish (GET /sync/status)"
deadline=$((SECONDS + 300))
until s=$(status) && [[ "$s" != *'"last_sync":null'* && "$s" == *'"running":false'* ]]; do
  demo_alive || fail "the demo exited during the initial sync"
  (( SECONDS < deadline )) || fail "initial sync not finished after 300s: $s"
  sleep 3
done
echo "   initial sync done after $((SECONDS - started))s"
s=$(status)
for t in $TABLES; do
  rows=$(grep -oE "\"$t\":\{[^}]*\"rows_total\":[0-9]+" <<<"$s" | grep -oE '[0-9]+$' || true)
  docs=$(client count "$t")
  src=$(client sql "SELECT COUNT(*) FROM $t")
  printf '   %-12s source %7s rows   MongoDB %7s documents   status rows_total %s\n' "$t" "$src" "$docs" "${rows:-?}"
  [[ -n "$rows" && "$rows" -gt 0 ]] || fail "/sync/status shows no rows for $t: $s"
  [[ "$docs" -gt 0 ]] || fail "no documents in MongoDB collection $t"
done

echo "4. Changing MariaDB: rename product 1, add a category, close customer 2 (soft delete)"
marker="Smoke test $(date +%s)"
[[ $(client sql "UPDATE products SET name = '$marker', price = 123.45 WHERE id = 1") == 1 ]] \
  || fail "could not update product 1"
client sql "INSERT INTO categories (name, slug) VALUES ('$marker', 'smoke-$(date +%s%N)')" >/dev/null \
  || fail "could not insert a category"
[[ -n $(client mongo customers '{"_id": 2}') ]] || fail "customer 2 is not in MongoDB before the test deletes it"
client sql "UPDATE customers SET deleted_at = NOW(6) WHERE id = 2" >/dev/null || fail "could not soft-delete customer 2"
orders_in_source=$(client sql "SELECT COUNT(*) FROM orders")
sleep 2 # past the demo's 1 s safety lag (SYNC_SAFETY_LAG_SECONDS), so the next run's upper bound includes the change

echo "5. POST /sync/trigger and waiting for the change in MongoDB"
deadline=$((SECONDS + 120))
found=""
while (( SECONDS < deadline )); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$BASE/sync/trigger")
  [[ "$code" == 202 || "$code" == 409 ]] || fail "POST /sync/trigger answered $code"
  sleep 3
  until s=$(status) && [[ "$s" == *'"running":false'* ]]; do sleep 2; done
  doc=$(client mongo products '{"_id": 1}')
  if [[ "$doc" == *"$marker"* ]] && [[ -n $(client mongo categories "{\"name\": \"$marker\"}") ]] \
      && [[ -z $(client mongo customers '{"_id": 2}') ]]; then
    found=yes
    break
  fi
done
[[ -n "$found" ]] || fail "the changes did not all reach MongoDB; products _id 1 is: $doc"
echo "   products _id 1 in MongoDB: ${doc:0:200}"
echo "   the new category is there, customer 2's document is gone"
[[ "$doc" == *'123.45'* ]] || fail "new price 123.45 missing from $doc"
orders_in_mongo=$(client count orders)
echo "   orders: $orders_in_source in MariaDB before the trigger, $orders_in_mongo in MongoDB after it"
(( orders_in_mongo >= orders_in_source )) || fail "orders written by the demo's writer are missing in MongoDB"
[[ "$doc" == *'"category"'* ]] || fail "product 1 has no embedded category (mapping/ecommerce.yaml): $doc"
order=$(client mongo orders '{"_id": 1}')
[[ "$order" == *'"items"'*'"line_total"'* ]] || fail "order 1 has no embedded items (mapping/ecommerce.yaml): ${order:0:300}"
echo "   order 1 holds its lines (mapping/ecommerce.yaml): ${order:0:160}..."

echo "6. Health and metrics"
curl -sf "$BASE/sync/health" | grep -q '"mysql_connection"' || fail "/sync/health"
curl -sf "$BASE/q/health/ready" | grep -q '"UP"' || fail "/q/health/ready"
curl -sf "$BASE/q/metrics" | grep -q '^sync_rows_total' || fail "/q/metrics has no sync_rows_total"
curl -sf "$BASE/sync/history" | grep -q '"status"' || fail "/sync/history"
echo "   ok"
exit 0
