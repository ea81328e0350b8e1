#!/usr/bin/env bash
# Runs the embedded demo (docs/DEMO.md) in the foreground: builds it into target/demo when a source changed, then
# replaces this shell with the demo's JVM (exec). Signals therefore reach the demo itself, so Ctrl+C, `kill`,
# `timeout`, an IDE's stop button or a CI job's cancel all stop it cleanly, embedded MariaDB included.
# (`./mvnw -Pdemo package quarkus:run` starts the same demo as a child of Maven, so a SIGTERM has to go through Maven
# first; that was seen to hang and to leave the demo and its MariaDB running.)
# Settings come from the environment (DEMO_ROWS, DEMO_MYSQL_PORT, HTTP_PORT, ...; see docs/DEMO.md).
# Arguments are passed to the JVM before -jar, e.g. demo/run.sh -Xmx512m.
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=target/demo/quarkus-app/quarkus-run.jar
if [[ ! -f "$JAR" || -n "$(find src pom.xml mapping -newer "$JAR" -print -quit)" ]]; then
  echo "[demo] Building the demo into target/demo (./mvnw -Pdemo package; the first build downloads ~150 MB)"
  ./mvnw -B -q -Pdemo package
fi
exec java "$@" -jar "$JAR"
