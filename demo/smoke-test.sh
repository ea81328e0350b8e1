#!/usr/bin/env bash
# Smoke test of the embedded demo (docs/DEMO.md), doing what a newcomer would: start the demo with its one
# command (demo/run.sh), wait until it is ready, open the operator page, run the README's five-minute tour exactly as
# written (the block between <!-- tour:begin --> and <!-- tour:end -->), check that more changes reach MongoDB within
# 5 s of their commit (the demo streams the binlog; the times are printed), and stop the demo with SIGTERM as an
# IDE, CI or `timeout` would: it must exit and leave no MariaDB behind.
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
# seconds; includes building the demo (1-3 min on a busy 2-core machine) and, with Java 25, the training run of its
# AOT cache (about a minute, demo/run.sh)
READY_TIMEOUT="${SMOKE_READY_TIMEOUT:-540}"
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
grep -qE '^1 row changed; in MongoDB after [0-9]+ ms' "$TOUR_LOG" || fail "the tour's change did not reach MongoDB"
grep -qE 'gone from MongoDB after [0-9]+ ms' "$TOUR_LOG" || fail "the tour's soft delete did not reach MongoDB"
grep -q '^sync_cdc_events_total{table="products",type="update"}' "$TOUR_LOG" \
  || fail "the tour's metrics show no binlog events for products (is the demo streaming?)"
echo "   the tour ran as written: $(grep -m1 -oE 'in MongoDB after [0-9]+ ms' "$TOUR_LOG"), product 1 at 9.99,"
echo "   a manual run in the history, verification done"

echo "5. More changes in MariaDB, each watched until it is in MongoDB (streamed from the binlog; at most 5 s each)"
# DemoClient change: runs the statement, then reads MongoDB every 10 ms and prints the time from the commit until the
# document matches (exit 1 after DEMO_CHANGE_TIMEOUT_MS).
export DEMO_CHANGE_TIMEOUT_MS=5000
marker="Smoke test $(date +%s)"
watch_change() { # statement collection filter [absent]
  local out
  out=$(client change "$@") || fail "not in MongoDB within 5 s of the commit: $1 -> ${out:-no output}"
  ms=$(grep -oE '[0-9]+ ms$' <<<"$out" | grep -oE '^[0-9]+')
  printf '   %-90s %s\n' "${1:0:90}" "$out"
  echo "$ms" >>"$LATENCIES"
}
LATENCIES=target/demo-smoke-latencies.txt
: >"$LATENCIES"
watch_change "UPDATE products SET name = '$marker', price = 123.45 WHERE id = 1" products "{\"_id\": 1, \"name\": \"$marker\"}"
watch_change "INSERT INTO categories (name, slug) VALUES ('$marker', 'smoke-$(date +%s%N)')" categories \
  "{\"name\": \"$marker\"}"
[[ -n $(client mongo customers '{"_id": 2}') ]] || fail "customer 2 is not in MongoDB before the test deletes it"
watch_change "UPDATE customers SET deleted_at = NOW(6) WHERE id = 2" customers '{"_id": 2}' absent
stock=$((100000 + RANDOM)) # a value nothing else writes
watch_change "UPDATE inventory SET quantity = $stock WHERE product_id = 1 ORDER BY warehouse LIMIT 1" inventory \
  "{\"_id.product_id\": 1, \"quantity\": $stock}"
slowest=$(sort -n "$LATENCIES" | tail -1)
echo "   commit -> visible in MongoDB: $(paste -sd' ' "$LATENCIES") ms (slowest ${slowest} ms)"
(( slowest <= 5000 )) || fail "a change took ${slowest} ms to reach MongoDB"
doc=$(client mongo products '{"_id": 1}')
echo "   products _id 1 in MongoDB: ${doc:0:200}"
[[ "$doc" == *'123.45'* ]] || fail "new price 123.45 missing from $doc"
# The writer's orders stream in as they commit: after a moment, MongoDB holds at least as many as MariaDB had.
orders_in_source=$(client sql "SELECT COUNT(*) FROM orders")
deadline=$((SECONDS + 10))
until orders_in_mongo=$(client count orders) && (( orders_in_mongo >= orders_in_source )); do
  (( SECONDS < deadline )) || fail "orders: $orders_in_source in MariaDB, only $orders_in_mongo in MongoDB after 10 s"
  sleep 1
done
echo "   orders: $orders_in_source in MariaDB, $orders_in_mongo in MongoDB"
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
