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
. "$(dirname "$0")/bench-jar.sh"
clostera_bench_jar scale-check.sh
cd "$root"
export PATH="$JAVA_HOME/bin:$PATH" # the ScaleCheck child JVMs run `java`
exec java -Xmx1g -cp "$jar" org.clostera.bench.scale.ScaleCheck \
  --work "${WORK:-clostera-bench/target/scale-check}" --formats npy,parquet --max-ram 1g --xmx 2g --rss-limit 2.5g "$@"
