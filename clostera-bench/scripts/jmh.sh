#!/usr/bin/env bash
# Runs the JMH benchmarks (clostera-bench/target/benchmarks.jar) on a JDK >= 21, found as ./mvnw and
# ./clostera find one (.mvn/find-jdk.sh); with no such JDK it stops with exit 1 and says what it found.
#
#   clostera-bench/scripts/jmh.sh KernelsBenchmark -f 1 -wi 3 -i 5
#   clostera-bench/scripts/jmh.sh 'KernelsBenchmark.lookupArgmin' -p centers=64
#
# Arguments go to JMH. Builds the jar when it is missing (REBUILD=1 forces a rebuild). Adds JMH's
# '-foe true' unless given, so a benchmark that fails (e.g. a Vector API result that differs from the
# scalar one) makes the exit status non-zero instead of leaving a gap in the table.
set -euo pipefail
. "$(dirname "$0")/bench-jar.sh"
clostera_bench_jar jmh.sh

fail_on_error=(-foe true)
for arg in "$@"; do
  [[ "$arg" == -foe ]] && fail_on_error=()
done
exec "$JAVA_HOME/bin/java" -jar "$jar" ${fail_on_error[@]+"${fail_on_error[@]}"} "$@"
