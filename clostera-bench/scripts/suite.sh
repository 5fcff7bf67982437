#!/usr/bin/env bash
# Runs the benchmark suite (org.clostera.bench.suite.BenchmarkSuite) on a JDK >= 21, found as ./mvnw and
# ./clostera find one (.mvn/find-jdk.sh), then draws its charts and tables (org.clostera.bench.charts.Publish).
#
#   clostera-bench/scripts/suite.sh                  # the small preset (< 30 min on 2 cores)
#   clostera-bench/scripts/suite.sh large            # 10M rows, 2048 dimensions: a big machine
#   clostera-bench/scripts/suite.sh small --output-dir /tmp/suite --sections datasets,k-sweep
#   clostera-bench/scripts/suite.sh large --dry-run  # prints the plan (datasets, heap, sweeps) and stops
#
# Results go to benchmarks/results/suite-PRESET (or --output-dir), charts to $ASSETS (default: the results'
# charts/ folder) and the tables between the marker comments of each file in $READMES (default: none). So a
# trial run touches only its output folder; the published run is
#   ASSETS=docs/assets READMES="README.md docs/SHOWCASE.md" clostera-bench/scripts/suite.sh
# Builds the jar when it is missing (REBUILD=1 forces a rebuild); HEAP sets -Xmx (default 8g).
set -euo pipefail
. "$(dirname "$0")/bench-jar.sh"
clostera_bench_jar suite.sh

preset=small
if [[ $# -gt 0 && "$1" != --* ]]; then
  preset="$1"
  shift
fi
output="benchmarks/results/suite-$preset"
args=("$@")
dry_run=
for ((i = 0; i < ${#args[@]}; i++)); do
  [[ "${args[$i]}" == --output-dir && $((i + 1)) -lt ${#args[@]} ]] && output="${args[$((i + 1))]}"
  [[ "${args[$i]}" == --dry-run ]] && dry_run=1
done

cd "$root"
java=("$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED "-Xmx${HEAP:-8g}" -cp "$jar")
"${java[@]}" org.clostera.bench.suite.BenchmarkSuite --preset "$preset" --output-dir "$output" "$@"
[[ -n "$dry_run" ]] && exit 0 # the plan only: nothing to draw
readmes=()
for readme in ${READMES:-}; do
  readmes+=(--readme "$readme")
done
"${java[@]}" org.clostera.bench.charts.Publish --results "$output" --assets "${ASSETS:-$output/charts}" \
  ${readmes[@]+"${readmes[@]}"}
