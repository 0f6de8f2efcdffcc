#!/usr/bin/env bash
# Measures what the JUnit extension costs a test run: brook-junit5/measure.sh [RUNS] [--cds]
# (default 11 runs). Each run is a fresh JVM (as the first test class of a run is); prints each run
# and the medians, and the size of what the extension adds to a test classpath. Besides the plain
# series (StartupFigures: the extension's start and round trips called directly), a series runs
# the first test class of a JUnit run (StartupFiguresUnderJUnit). With --cds, a
# second series runs with an application class-data archive trained by one extra run. See
# docs/testing.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-11}"
cds="${2:-}"
cd "$root"
# In the reactor, so that a fresh clone needs no install: Brook's modules come as target/classes.
# (The dependency plugin's scope filter is the includeScope property, not mdep.includeScope.)
mvn -q -B -o -pl brook-junit5 -am test-compile dependency:build-classpath -DincludeScope=test \
  -Dmdep.outputFile=target/test-classpath.txt >&2
mvn -q -B -o -pl brook-junit5 -am compile dependency:build-classpath -DincludeScope=runtime \
  -Dmdep.outputFile=target/runtime-classpath.txt >&2
cp="brook-junit5/target/test-classes:brook-junit5/target/classes:$(cat brook-junit5/target/test-classpath.txt)"
keys="logging_init_ms start_ms brook_round_trip_ms kafka_round_trip_ms next_start_ms next_brook_round_trip_ms next_kafka_round_trip_ms peak_rss_mib"
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# series LABEL MAIN KEYS JAVA_OPTIONS... : RUNS fresh JVMs running MAIN, each line printed, then
# the medians of KEYS (space-separated).
series() {
  local label="$1" main="$2" series_keys="$3"; shift 3
  local results=()
  for i in $(seq 1 "$runs"); do
    line="$(java "$@" "$main" 2>/dev/null | grep -e '^jvm_to_main_ms=' -e '^junit_start_ms=')"
    echo "$label run $i: $line"
    results+=("$line")
  done
  for key in $series_keys; do
    printf '%s %s median: %s\n' "$label" "$key" \
      "$(printf '%s\n' "${results[@]}" | tr ' ' '\n' | grep "^$key=" | cut -d= -f2 | median)"
  done
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
series plain dev.brook.junit.StartupFigures "jvm_to_main_ms $keys" -cp "$cp"
# The first test class of a JUnit run, under JUnit's launcher.
junit_keys="junit_start_ms junit_brook_round_trip_ms junit_kafka_round_trip_ms junit_launch_to_done_ms"
series junit dev.brook.junit.StartupFiguresUnderJUnit "$junit_keys" -cp "$cp"


if [ "$cds" = "--cds" ]; then
  # JDK 17 archives classes from jars only, and refuses a class path with a non-empty directory:
  # Brook's modules and the test classes are packed into jars for this series.
  work="brook-junit5/target/measure"
  rm -rf "$work" && mkdir -p "$work"
  jars=()
  for dir in $(echo "$cp" | tr ':' '\n'); do
    if [ -d "$dir" ]; then
      jar="$work/$(echo "$dir" | sed 's|^/||; s|/|_|g').jar"
      jar --create --file "$jar" -C "$dir" .
      jars+=("$jar")
    else
      jars+=("$dir")
    fi
  done
  jarcp="$(IFS=:; echo "${jars[*]}")"
  java -XX:ArchiveClassesAtExit="$work/figures.jsa" -cp "$jarcp" dev.brook.junit.StartupFigures >/dev/null 2>&1
  series cds dev.brook.junit.StartupFigures "jvm_to_main_ms $keys" -XX:SharedArchiveFile="$work/figures.jsa" -Xshare:on \
    -cp "$jarcp"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# What the extension adds to a test classpath: its runtime dependencies, as a project depending on
# it gets them (Brook's modules measured as the jars they would be). kafka-clients is not among
# them: a test that uses the Kafka listener has it already (see docs/testing.md).
entries="$(tr ':' '\n' < brook-junit5/target/runtime-classpath.txt) brook-junit5/target/classes"
total=0
count=0
for entry in $entries; do
  if [ -d "$entry" ]; then
    tmp="$(mktemp --suffix=.jar)"
    jar --create --file "$tmp" -C "$entry" .
    size=$(stat -c %s "$tmp")
    rm -f "$tmp"
  else
    size=$(stat -c %s "$entry")
  fi
  total=$((total + size))
  count=$((count + 1))
done
kafka="$(tr ':' '\n' < brook-junit5/target/test-classpath.txt \
  | grep -e kafka-clients -e zstd-jni -e lz4-java -e snappy-java | xargs du -cb | tail -1 | cut -f1)"
echo "runtime classpath added: $count jars, $((total * 10 / 1048576 / 10)).$((total * 10 / 1048576 % 10)) MiB;" \
  "kafka-clients and its codecs, for the Kafka listener: $((kafka / 1048576)) MiB more"
