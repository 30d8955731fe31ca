#!/usr/bin/env bash
# Import benchmark (docs/performance.md, section "Import"): generates a synthetic inventory and imports it
# with the import command into a fresh embedded store, printing the report and the data-flow rate. The JVM
# runs as docs/import-formats.md recommends for large files: the throughput collector, a 4 GB heap.
#   benchmark/import-benchmark.sh [flows=2000000] [organisations=250000] [--spring.property=value ...]
# The import command builds no read model; with --exposuregraph.read-model.build-at-start=true the read model is
# built first and follows every batch, as in a running server.
# Needs target/exposure-graph.jar (mvn -B package -DskipTests).
set -euo pipefail
FLOWS=${1:-2000000}
ORGANISATIONS=${2:-250000}
JAR=${JAR:-target/exposure-graph.jar}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/exposuregraph-import-benchmark.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

java -jar "$JAR" generate-inventory "$WORK/inventory.csv" "$FLOWS" "$ORGANISATIONS"
ls -lh "$WORK/inventory.csv" >&2
/usr/bin/time -v java -XX:+UseParallelGC -Xmx4g -jar "$JAR" import --format inventory "$WORK/inventory.csv" \
  --exposuregraph.data-dir="$WORK/graph" --exposuregraph.embedded.bolt-port=0 \
  --exposuregraph.embedded.page-cache=2GB "${@:3}" 2> "$WORK/import.log" | tee "$WORK/report.json"
grep -E "Inventory|Round|Import of|Exposure index built|Elapsed|Maximum resident" "$WORK/import.log"
