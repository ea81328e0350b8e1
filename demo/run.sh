#!/usr/bin/env bash
# Runs the embedded demo (docs/DEMO.md) in the foreground: builds it into target/demo when a source changed, then
# replaces this shell with the demo's JVM (exec). Signals therefore reach the demo itself, so Ctrl+C, `kill`,
# `timeout`, an IDE's stop button or a CI job's cancel all stop it cleanly, embedded MariaDB included.
# (`./mvnw -Pdemo package quarkus:run` starts the same demo as a child of Maven, so a SIGTERM has to go through Maven
# first; that was seen to hang and to leave the demo and its MariaDB running.)
# Settings come from the environment (DEMO_ROWS, DEMO_MYSQL_PORT, HTTP_PORT, ...; see docs/DEMO.md).
# Arguments are passed to the JVM before -jar, e.g. demo/run.sh -Xmx512m.
# With a Java 25 at DEMO_JAVA25 (default /usr/lib/jvm/temurin-25-jdk-amd64/bin/java) the demo runs on it with an AOT
# cache (docs/PERFORMANCE.md): after each build, one training run of the demo on its own ports (start, initial sync,
# a few API calls, SIGTERM; about a minute, log in target/demo/aot-training.log) writes
# target/demo/quarkus-app/app.aot. Without Java 25 (or curl, or with DEMO_AOT=false) it runs on `java`, as before.
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=target/demo/quarkus-app/quarkus-run.jar
CACHE=target/demo/quarkus-app/app.aot
JAVA25="${DEMO_JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
if [[ ! -f "$JAR" || -n "$(find src pom.xml mapping -newer "$JAR" -print -quit)" ]]; then
  echo "[demo] Building the demo into target/demo (./mvnw -Pdemo package; the first build downloads ~150 MB)"
  ./mvnw -B -q -Pdemo package
fi

# One training run of the demo jar on Java 25, on ports and a data directory of its own; the JVM writes the cache
# when it exits after SIGTERM. Any failure leaves no cache behind, and the demo then starts without one.
train() {
  local port=18979 log=target/demo/aot-training.log pid deadline
  echo "[demo] Training the AOT cache for Java 25 once per build (about a minute; log: $log)"
  rm -f "$CACHE"
  HTTP_PORT=$port DEMO_MYSQL_PORT=13379 DEMO_MONGO_PORT=27179 DEMO_DATA_DIR=target/demo/aot-training-data \
    DEMO_RESET=true "$JAVA25" -XX:AOTCacheOutput="$CACHE" -jar "$JAR" >"$log" 2>&1 </dev/null &
  pid=$!
  deadline=$((SECONDS + 300))
  # the initial sync is done when a run has finished and none is running
  until s=$(curl -sf "http://127.0.0.1:$port/sync/status") && [[ "$s" != *'"last_sync":null'* && "$s" == *'"running":false'* ]]; do
    if ! kill -0 "$pid" 2>/dev/null || (( SECONDS > deadline )); then
      echo "[demo] the training run did not finish its sync (see $log); starting without a cache"
      kill -KILL "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      rm -f "$CACHE"
      return
    fi
    sleep 2
  done
  for path in /sync/tables /sync/history /sync/health /sync/mapping /q/metrics /q/health /; do
    curl -sf -o /dev/null "http://127.0.0.1:$port$path" || true
  done
  curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' -d '{}' "http://127.0.0.1:$port/sync/trigger" || true
  sleep 5 # the demo's writer keeps changing rows: a few seconds of the binlog stream applying them
  kill -TERM "$pid"
  wait "$pid" || true
  [[ -s "$CACHE" ]] || echo "[demo] no cache was written (see $log); starting without one"
}

if [[ "${DEMO_AOT:-true}" == true && -x "$JAVA25" ]] && command -v curl >/dev/null; then
  if [[ ! -s "$CACHE" || "$JAR" -nt "$CACHE" ]]; then
    train
  fi
  if [[ -s "$CACHE" ]]; then
    exec "$JAVA25" -XX:AOTCache="$CACHE" "$@" -jar "$JAR"
  fi
  exec "$JAVA25" "$@" -jar "$JAR"
fi
exec java "$@" -jar "$JAR"
