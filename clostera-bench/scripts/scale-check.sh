#!/usr/bin/env bash
# The "data at scale" check of issue 6: cluster a generated 4,000,000 x 256 float32 dataset (4 GB .npy, and
# the same rows as parquet) in child JVMs with -Xmx2g, unbudgeted and with --max-ram 1g; every budgeted run
# must peak under 2.5 GB RSS and give exactly the labels of the unbudgeted run.
#
#   clostera-bench/scripts/scale-check.sh                      # full check (needs ~10 GB disk, takes a while)
#   clostera-bench/scripts/scale-check.sh --rows 400000        # scaled down
#   clostera-bench/scripts/scale-check.sh --cli clostera-cli/target/clostera-cli-0.1.0-SNAPSHOT-all.jar
#
# Extra arguments go to org.clostera.bench.scale.ScaleCheck (see its javadoc); data is kept in --work
# (default target/scale-check) and reused by later runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
if [[ ! -f clostera-bench/target/benchmarks.jar || -n "${REBUILD:-}" ]]; then
  ./mvnw -q -B -pl clostera-bench -am package -DskipTests
fi
exec java -Xmx1g -cp clostera-bench/target/benchmarks.jar org.clostera.bench.scale.ScaleCheck \
  --work "${WORK:-clostera-bench/target/scale-check}" --formats npy,parquet --max-ram 1g --xmx 2g --rss-limit 2.5g "$@"
