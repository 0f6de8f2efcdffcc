#!/usr/bin/env bash
# Runs Brook's JMH benchmarks (see docs/performance.md), building benchmarks/target/benchmarks.jar
# first when it is missing or older than a source file or pom. Quick defaults, each of which a
# caller's own flag replaces; every argument is passed on to JMH:
#
#   benchmarks/run-jmh.sh                                   # everything, about 7 minutes
#   benchmarks/run-jmh.sh EmbeddedAppend -p recordsPerBatch=1000
#   benchmarks/run-jmh.sh -rf json -rff results.json        # machine-readable results as well
#   benchmarks/run-jmh.sh -h                                # JMH's own options
#
# Iterations are short on purpose: an append iteration writes everything it measures to disk, and
# EmbeddedAppendBenchmark fails one that writes more than 1.5 GiB. Scratch data goes to
# java.io.tmpdir; add -jvmArgsAppend -Dbrook.benchmarks.dir=/some/dir to put it elsewhere.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/benchmarks/target/benchmarks.jar"

needs_build() {
  [ ! -f "$jar" ] && return 0
  [ -n "$(find "$root" -path "$root/*/target" -prune -o \( -name '*.java' -o -name 'pom.xml' -o -name '*.xml' -path '*/src/main/*' \) -newer "$jar" -print -quit)" ]
}

if needs_build; then
  command -v mvn >/dev/null || { echo "run-jmh.sh: Maven (mvn) is needed to build the benchmarks; install it and Java 17" >&2; exit 1; }
  echo "run-jmh.sh: building the benchmarks jar (mvn package, tests skipped)..." >&2
  (cd "$root" && mvn -q -B -DskipTests -pl benchmarks -am package) >&2
fi

# JMH refuses an option given twice, so a default goes in only when the caller did not give it.
defaults=(-f 1 -wi 5 -w 200ms -i 10 -r 200ms)
args=()
for ((i = 0; i < ${#defaults[@]}; i += 2)); do
  flag="${defaults[i]}"
  given=false
  for arg in "$@"; do
    if [ "$arg" = "$flag" ]; then
      given=true
      break
    fi
  done
  if [ "$given" = false ]; then
    args+=("$flag" "${defaults[i + 1]}")
  fi
done

exec java ${BROOK_JAVA_OPTS:-} -jar "$jar" "${args[@]}" "$@"
