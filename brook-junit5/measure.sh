#!/usr/bin/env bash
# Measures what the JUnit extension costs a test run: brook-junit5/measure.sh [RUNS] (default 11).
# Each run is a fresh JVM (as the first test class of a run is); prints each run and the medians,
# and the size of what the extension adds to a test classpath. See docs/testing.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-11}"
cd "$root"
# In the reactor, so that a fresh clone needs no install: Brook's modules come as target/classes.
mvn -q -B -pl brook-junit5 -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test-classpath.txt >&2
mvn -q -B -pl brook-junit5 -am compile dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile=target/runtime-classpath.txt >&2
cp="brook-junit5/target/test-classes:brook-junit5/target/classes:$(cat brook-junit5/target/test-classpath.txt)"
results=()
for i in $(seq 1 "$runs"); do
  line="$(java -cp "$cp" dev.brook.junit.StartupFigures 2>/dev/null | grep '^jvm_to_main_ms=')"
  echo "run $i: $line"
  results+=("$line")
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
for key in start_ms brook_round_trip_ms kafka_round_trip_ms peak_rss_mib; do
  printf '%s median: %s\n' "$key" "$(printf '%s\n' "${results[@]}" | tr ' ' '\n' | grep "^$key=" | cut -d= -f2 | median)"
done
# What the extension adds to a test classpath: its runtime dependencies (the jars), with and
# without kafka-clients and its compression libraries, which a Kafka application's tests already have.
jars="$(tr ':' '\n' < brook-junit5/target/runtime-classpath.txt)"
all="$(echo "$jars" | xargs du -cb | tail -1 | cut -f1)"
without="$(echo "$jars" | grep -v -e kafka-clients -e zstd-jni -e lz4-java -e snappy-java | xargs du -cb | tail -1 | cut -f1)"
echo "runtime classpath: $(echo "$jars" | wc -l) jars, $((all / 1048576)) MiB; without kafka-clients and its codecs: $((without / 1048576)) MiB"
