#!/usr/bin/env bash
# Issue 7's side-by-side benchmark: Apache Kafka 4.4.0 against a standalone Brook, one broker at a
# time, the same loads from a separate client JVM, medians of several runs. See docs/performance.md,
# section "Brook and Apache Kafka compared".
#
#   benchmarks/run-vs-kafka.sh              # full: 3 runs, at most 30 minutes on 2 cores
#   benchmarks/run-vs-kafka.sh --quick      # fewer loads and records, 1 run, at most 5 minutes
#   benchmarks/run-vs-kafka.sh --runs 5     # more runs (with --quick too)
#   benchmarks/run-vs-kafka.sh --note "..." # a remark about this run, written under its table
#
# Builds Brook's jar (through bin/brook's build) and the benchmarks jar, fetches Kafka's broker jars
# from Maven Central into benchmarks/target/kafka-4.4.0/libs (never committed), then runs the
# orchestrator, dev.brook.benchmarks.compare.Compare. It prints the table, rewrites that section of
# docs/performance.md and writes the raw values to benchmarks/results/. Brokers keep their data in
# temporary directories (under $TMPDIR, default /tmp), deleted after each broker's run; whatever
# happens, the brokers and drivers it started are killed on exit. BROOK_JAVA_OPTS reaches Brook's
# launcher unchanged.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

quick=false
runs=""
notes=()
for ((i = 1; i <= $#; i++)); do
  case "${!i}" in
    --quick) quick=true ;;
    --runs) i=$((i + 1)); runs="${!i:-}"; [[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "run-vs-kafka.sh: --runs needs a positive number" >&2; exit 2; } ;;
    --note) i=$((i + 1)); notes+=(--note "${!i:-}") ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run-vs-kafka.sh: unknown option ${!i} (try --help)" >&2; exit 2 ;;
  esac
done

command -v mvn >/dev/null || { echo "run-vs-kafka.sh: Maven (mvn) is needed; install it and Java 17" >&2; exit 1; }
kafka_libs="$root/benchmarks/target/kafka-4.4.0/libs"
jar="$root/benchmarks/target/benchmarks.jar"
work="$root/benchmarks/target/vs-kafka"
mkdir -p "$work"
pid_file="$work/pids"
: > "$pid_file"
scratch=""

# shellcheck source=stop-on-exit.sh
source "$root/benchmarks/stop-on-exit.sh"

started=$(date +%s)
echo "run-vs-kafka.sh: building Brook and the benchmarks (tests skipped)..." >&2
timeout 15m mvn -q -B -DskipTests -pl broker-server,benchmarks -am package >&2
# bin/brook's own build check (its jar is up to date now), and its one-time class-data training,
# which must not land inside the first measured start: "server --help" trains, then only prints help.
timeout 5m "$root/bin/brook" server --help >/dev/null

if [ ! -f "$kafka_libs/kafka_2.13-4.4.0.jar" ]; then
  echo "run-vs-kafka.sh: fetching Apache Kafka 4.4.0's jars from Maven Central..." >&2
  timeout 10m mvn -q -B -f benchmarks/kafka-dist/pom.xml dependency:copy-dependencies \
    -DoutputDirectory="$kafka_libs" -DincludeScope=runtime >&2
fi
echo "run-vs-kafka.sh: built in $(( $(date +%s) - started )) s" >&2

scratch="$(mktemp -d "${TMPDIR:-/tmp}/brook-vs-kafka.XXXXXX")"
args=(--root "$root" --kafka-libs "$kafka_libs" --benchmarks-jar "$jar" --pid-file "$pid_file"
      --tmp "$scratch" --logs "$work/logs" ${notes[@]+"${notes[@]}"})
$quick && args+=(--quick)
[ -n "$runs" ] && args+=(--runs "$runs")
command_line="benchmarks/run-vs-kafka.sh${*:+ $*}"

# The orchestrator keeps to its own budget (4.5 min quick, 28 min full, for the default runs);
# this hard limit is a backstop for a stuck broker or driver. More runs get proportionally more.
if $quick; then limit=$(( 300 * ${runs:-1} )); else limit=$(( 1800 * ${runs:-3} / 3 )); fi
budget=$(( limit - 30 ))
free_gb=$(df -P "${TMPDIR:-/tmp}" | awk 'NR==2 { print int($4 / 1048576) }')
need_gb=$($quick && echo 4 || echo 25)
if [ "$free_gb" -lt "$need_gb" ]; then
  echo "run-vs-kafka.sh: only ${free_gb} GB free under ${TMPDIR:-/tmp}; this run needs about ${need_gb} GB" >&2
  exit 1
fi
timeout --kill-after=20s "${limit}s" java -cp "$jar" dev.brook.benchmarks.compare.Compare "${args[@]}" \
  --budget-seconds "$budget" --command "$command_line"
