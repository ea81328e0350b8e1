#!/usr/bin/env bash
# Benchmark of mysql-mongo-sync (measurement only; never part of the normal build).
#
#   bench/run.sh [rows ...]        e.g. bench/run.sh             (1,000,000 rows)
#                                       bench/run.sh 100000 1000000   (same -Xmx at both sizes: flat heap?)
#   bench/run.sh jvms [rows]       cold start to ready and to the last document of a fresh load (default 100000 rows),
#                                  CPU per row, RSS: Java 17, Java 25, Java 25 with the AOT cache, next to the copier
#                                  (BENCH_JVMS, BENCH_JVM_REPEATS, BENCH_JAVA25: see BenchMain.compareJvms)
#   bench/run.sh cdc [rates ...]   binlog capture: steady inserts+updates+deletes at each rate (changes/s, default
#                                  250 500 1000 2000 4000) for BENCH_CDC_SECONDS (60) each, lag p50/p99 per rate
#
# Builds the service jar with the Maven profile "bench" (which compiles src/bench/java as test sources and
# skips the regular tests), then runs io.mysqlmongosync.bench.BenchMain in its own JVM. Results:
# target/bench/report.json, target/bench/summary.txt, target/bench/throughput.svg, per size target/bench/<rows>/
# (service log, GC log, thread dump at mid-load, JFR recording when BENCH_JFR=true).
#
# Needs MariaDB at 127.0.0.1:3306 (root, no password; TEST_MYSQL_URL/USER/PASSWORD override). Database mms_bench
# is dropped and re-created. The Mongo target is mongo-java-server in a separate JVM unless MONGODB_URI is set.
# Environment: BENCH_ROWS, BENCH_APP_XMX (256m), BENCH_BATCH_SIZE (1000), BENCH_JFR (false), BENCH_SKIP_RAW,
# BENCH_COMPOSITE (true), BENCH_HTTP_PORT (18090), BENCH_MONGO_XMX (12g), BENCH_MONGODB_DATABASE (bench),
# BENCH_APP_JAVA_OPTS (extra JVM options for the service), BENCH_MONGO_JAVA_OPTS (-XX:+UseG1GC),
# BENCH_SKIP_COPIER (false), BENCH_PYTHON (/usr/bin/python3), BENCH_RAW_UPSERT (true), BENCH_MONGO_STUB_COLLECTIONS
# (collections whose documents the in-memory target keeps as their _id only: it holds about 4.4 GB per million
# products documents, so a 5M-row heap run needs BENCH_MONGO_STUB_COLLECTIONS=products). Each size also runs
# bench/batched_copier.py, a hand-written batched copier (needs Debian's python3-pymysql and python3-pymongo), on the
# same table and target:
# the summary shows the service, the copier (insert_many and bulk upserts) and the raw read/insert limits side by side.
#
# The cdc mode needs the source's binary log on (--log-bin --binlog-format=ROW --binlog-row-image=FULL
# --server-id=N) and a user with REPLICATION SLAVE and REPLICATION CLIENT; results in target/bench/cdc/
# (cdc-report.json, cdc-summary.txt, app.log). Environment: BENCH_CDC_RATES, BENCH_CDC_SECONDS (60),
# BENCH_CDC_ROWS (20000), BENCH_CDC_WRITERS (4), BENCH_CDC_TX_CHANGES (4), BENCH_CDC_PROBE_MS (100), BENCH_MONGO_XMX
# (2g in this mode), BENCH_CDC_TABLES (0; n: n more tables streamed, every change spread over them, the probe on
# products behind them all; the report counts the binlog readers on the source); SYNC_CDC_* set in the shell reach
# the service.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == jvms ]]; then
  # Cold start and initial load under each JVM of BENCH_JVMS, BENCH_JVM_REPEATS (3) times in turn (one size; default
  # 100000 rows): Java 17 and Java 25 without a cache, Java 25 with the build's AOT cache (target/quarkus-app/app.aot,
  # trained by the package phase), next to the copier. Summary in target/bench/summary.txt.
  shift
  export BENCH_JVMS="${BENCH_JVMS:-17; 25; 25 -XX:AOTCache={aot}}" BENCH_SKIP_RAW="${BENCH_SKIP_RAW:-true}"
  export BENCH_COMPOSITE="${BENCH_COMPOSITE:-false}"
  exec ./mvnw -B -ntp -Pbench verify -Dbench.rows="${1:-100000}"
fi
if [[ "${1:-}" == cdc ]]; then
  shift
  export BENCH_MODE=cdc
  if [[ $# -gt 0 ]]; then export BENCH_CDC_RATES="$*"; fi
  exec ./mvnw -B -ntp -Pbench verify
fi
rows="${*:-${BENCH_ROWS:-1000000}}"
rows="$(echo "$rows" | tr ' ' ',')"
exec ./mvnw -B -ntp -Pbench verify -Dbench.rows="$rows"
