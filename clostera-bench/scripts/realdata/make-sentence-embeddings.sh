#!/usr/bin/env bash
# Builds clostera-bench with the `embeddings` profile and runs EmbedDebianDescriptions: Debian package
# descriptions labelled by archive section, embedded with all-MiniLM-L6-v2 (384 dims), written as a dataset
# folder (vectors.npy, labels.npy, sentences.tsv, dataset.json).
#
#   clostera-bench/scripts/realdata/make-sentence-embeddings.sh [--output DIR] [--index FILE] \
#       [--classes 20] [--per-class 1000] [--threads N]
#
# Default output: benchmarks/data/debian-descriptions (gitignored). Without --index it reads
# `apt-cache dumpavail` (run `apt-get update` once on a fresh machine). Run from the repository root.
set -euo pipefail
cd "$(dirname "$0")/../../.."
if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
classpath_file=clostera-bench/target/embeddings.classpath
./mvnw -q -B -pl clostera-bench -am -Pembeddings compile dependency:build-classpath \
  -Dmdep.outputFile=target/embeddings.classpath -Dmdep.includeScope=runtime
exec "$java" -Xmx4g -cp "clostera-bench/target/classes:$(cat "$classpath_file")" \
  org.clostera.bench.realdata.EmbedDebianDescriptions "$@"
