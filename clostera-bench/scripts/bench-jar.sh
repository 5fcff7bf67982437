# Sourced by the bench scripts (not run on its own): `clostera_bench_jar NAME` selects a JDK >= 21 the way
# ./mvnw and ./clostera do (.mvn/find-jdk.sh; exit 1 with what it found when there is none), sets $root (the
# checkout) and $jar (clostera-bench/target/benchmarks.jar), and builds the jar when it is missing
# (REBUILD=1 forces a rebuild). NAME is the calling script, for messages.
clostera_bench_jar() {
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  # shellcheck source=../../.mvn/find-jdk.sh
  . "$root/.mvn/find-jdk.sh"
  clostera_select_jdk "$1" || exit 1
  jar="$root/clostera-bench/target/benchmarks.jar"
  if [[ ! -f "$jar" || -n "${REBUILD:-}" ]]; then
    echo "$1: building $jar ..." >&2
    (cd "$root" && ./mvnw -q -B -pl clostera-bench -am package -DskipTests) >&2
  fi
}
