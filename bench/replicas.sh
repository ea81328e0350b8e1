#!/usr/bin/env bash
# Load time with one and with three service processes (measurement only; never part of the normal build).
#
#   bench/replicas.sh [big-rows [small-rows]]     e.g. bench/replicas.sh              (1,000,000 + 4 x 50,000)
#                                                       bench/replicas.sh 200000 20000
#
# Runs SeveralProcessesBenchmark (packaging tests; never run by the build): the packaged service (target/quarkus-app) as one
# process, then as three processes (SYNC_OWNER p1..p3, default SYNC_PARALLEL_TABLES=2 each), on one MariaDB database
# (mms_processes, dropped and re-created: one large table and four smaller ones) and one MongoDB target (the
# in-process mongo-java-server of the test JVM). The clock runs from the moment every process listens until every
# table's initial load is done; every row is compared afterwards. The result line starts with
# "SeveralProcessesPackagedIT benchmark" (also in target/failsafe-reports). Tables are shared between processes by
# lease, and the large table's split load by chunk leases (SYNC_LOAD_PARTITIONS=12, SYNC_LOAD_THREADS=2 per process).
#
# Needs MariaDB at 127.0.0.1:3306 (root, no password; TEST_MYSQL_URL/USER/PASSWORD override).
set -euo pipefail
cd "$(dirname "$0")/.."
big="${1:-1000000}"
small="${2:-50000}"
./mvnw -B -ntp verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test='SeveralProcessesBenchmark#benchmarkOneAndThreeProcesses' \
  -Dprocesses.big-rows="$big" -Dprocesses.small-rows="$small" | tee target/replicas-bench.log \
  | grep --line-buffered 'SeveralProcessesPackagedIT\|Tests run\|BUILD'
