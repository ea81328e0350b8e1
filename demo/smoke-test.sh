#!/usr/bin/env bash
# Smoke test of the embedded demo (docs/DEMO.md), doing what a newcomer would: start the demo with its one
# command (demo/run.sh), wait until it is ready, open the operator page, run the README's five-minute tour exactly as
# written (the block between <!-- tour:begin --> and <!-- tour:end -->), check more changes reaching MongoDB, and
# stop the demo with SIGTERM as an IDE, CI or `timeout` would: it must exit and leave no MariaDB behind.
# Needs bash, curl, jq and the JDK (the embedded databases are reached through the demo's own DemoClient, so
# neither the mysql nor the mongosh client is needed). Exit 0 = pass, 1 = fail.
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
TOUR_LOG="target/demo-tour.log"
TABLES="products orders customers inventory categories order_items"
mkdir -p target

DEMO_PID=""
# Stops the demo's whole process group (the build, the demo JVM, and MariaDB under that) on every exit path that
# did not already stop it the ordinary way (step 7).
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

command -v jq >/dev/null || { echo "FAIL: the README's tour needs jq" >&2; exit 1; }

echo "1. Starting the demo: demo/run.sh (log: $LOG)"
# setsid: the demo gets its own process group, which cleanup() stops as a whole. demo/run.sh builds, then execs the
# demo's JVM, so DEMO_PID ends up being the JVM itself.
setsid demo/run.sh >"$LOG" 2>&1 </dev/null &
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

echo "4. The operator page and the README's five-minute tour, as written (output: $TOUR_LOG)"
page=$(curl -sf "$BASE/") || fail "GET / (the operator page)"
[[ "$page" == *operator.js* ]] || fail "GET / is not the operator page: ${page:0:200}"
# The tour's block from the README; only the demo's ports differ here.
tour=$(sed -n '/<!-- tour:begin -->/,/<!-- tour:end -->/p' README.md | sed '1,2d;$d' | sed '$d' \
  | sed "s/localhost:8080/localhost:${HTTP_PORT}/g")
[[ "$tour" == *"sync/trigger"* ]] || fail "no tour block found in README.md"
timeout 300 bash -eu -c "$tour" >"$TOUR_LOG" 2>&1 || { cat "$TOUR_LOG" >&2; fail "the tour failed or took over 300 s"; }
grep -q '"\$numberDecimal": "9.99"' "$TOUR_LOG" \
  || { cat "$TOUR_LOG" >&2; fail "the tour's step 2 does not show product 1 with price 9.99"; }
grep -q '"category"' "$TOUR_LOG" || fail "the tour's product 1 has no embedded category"
grep -q '"trigger":"manual"' "$TOUR_LOG" || fail "the tour's history does not show the manual run"
grep -q '"matching"' "$TOUR_LOG" || fail "the tour's verification shows no result"
# The writer never touches categories, so their verification must be clean (differences elsewhere are its changes).
grep -qE '"table":"categories","matching":[1-9][0-9]*,"missing":0,"extra":0,"different":0' "$TOUR_LOG" \
  || fail "the tour's verification shows differences in categories, which nothing changes"
grep -q '^sync_rows_total{outcome="updated",table="products"}' "$TOUR_LOG" || fail "the tour's metrics show no sync_rows_total"
grep -q '"as":"items"' "$TOUR_LOG" || fail "the tour's mapping shows no items embedded in orders"
echo "   the tour ran as written: product 1 at 9.99 in MongoDB, a manual run in the history, verification done"

echo "5. More changes in MariaDB: rename product 1, add a category, close customer 2 (soft delete)"
marker="Smoke test $(date +%s)"
[[ $(client sql "UPDATE products SET name = '$marker', price = 123.45 WHERE id = 1") == 1 ]] \
  || fail "could not update product 1"
client sql "INSERT INTO categories (name, slug) VALUES ('$marker', 'smoke-$(date +%s%N)')" >/dev/null \
  || fail "could not insert a category"
[[ -n $(client mongo customers '{"_id": 2}') ]] || fail "customer 2 is not in MongoDB before the test deletes it"
client sql "UPDATE customers SET deleted_at = NOW(6) WHERE id = 2" >/dev/null || fail "could not soft-delete customer 2"
orders_in_source=$(client sql "SELECT COUNT(*) FROM orders")
sleep 2 # past the demo's 1 s safety lag (SYNC_SAFETY_LAG_SECONDS), so the next run's upper bound includes the change

echo "   POST /sync/trigger and waiting for the change in MongoDB"
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

echo "6. Health, metrics and history"
curl -sf "$BASE/sync/health" | grep -q '"mysql_connection"' || fail "/sync/health"
curl -sf "$BASE/q/health/ready" | grep -q '"UP"' || fail "/q/health/ready"
curl -sf "$BASE/q/metrics" | grep -q '^sync_rows_total' || fail "/q/metrics has no sync_rows_total"
curl -sf "$BASE/sync/history" | grep -q '"status"' || fail "/sync/history"
echo "   ok"

echo "7. Stopping the demo with SIGTERM (as an IDE, CI or timeout does)"
mariadb_of_demo() { pgrep -f "$(basename "$DEMO_DATA_DIR")/mariadb-base/bin/mariadbd" || true; }
[[ -n $(mariadb_of_demo) ]] || fail "no embedded MariaDB process found while the demo runs"
kill -TERM "$DEMO_PID"
stop_started=$SECONDS
while demo_alive; do
  (( SECONDS - stop_started < 30 )) || fail "the demo did not exit within 30 s of SIGTERM"
  sleep 1
done
for _ in $(seq 1 10); do [[ -z $(mariadb_of_demo) ]] && break; sleep 1; done
[[ -z $(mariadb_of_demo) ]] || fail "the embedded MariaDB is still running after the demo exited: $(mariadb_of_demo)"
grep -q "stopped in" "$LOG" || fail "no shutdown line in the demo log"
echo "   stopped after $((SECONDS - stop_started))s, no MariaDB left"
DEMO_PID=""
exit 0
