#!/usr/bin/env bash
# What metrics cost on the produce path, like for like (issue 10; docs/performance.md, "The cost of
# metrics"): the same build of Brook, started alternately with metrics.enabled=true and false (on-off,
# then off-on, round by round), a fresh broker and data directory each time, the comparison's
# "produce 100 B, acks=1, 1 partition" load from a separate driver JVM with Brook's client and then
# kafka-clients. Prints every value, the medians of both settings and their ratio (on ÷ off).
#
#   benchmarks/run-metrics-cost.sh                    # 5 rounds of 500,000 records: about 10 minutes on 2 cores
#   benchmarks/run-metrics-cost.sh --rounds 9         # more rounds for a tighter median
#   benchmarks/run-metrics-cost.sh --records 100000 --rounds 1 --clients brook   # a quick check that it works
#
# Run it on a quiet machine: the difference it looks for is smaller than what a neighbour's build does.
# Builds Brook's jar (through bin/brook's build) and the benchmarks jar, then runs
# dev.brook.benchmarks.compare.MetricsCost. Raw values go to benchmarks/results/<date>-metrics-cost.csv;
# docs/performance.md is not edited. Whatever happens, the brokers and drivers it started are killed on exit.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

args=()
for ((i = 1; i <= $#; i++)); do
  case "${!i}" in
    --rounds|--records|--clients) opt="${!i}"; i=$((i + 1)); args+=("$opt" "${!i:-}") ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run-metrics-cost.sh: unknown option ${!i} (try --help)" >&2; exit 2 ;;
  esac
done

command -v mvn >/dev/null || { echo "run-metrics-cost.sh: Maven (mvn) is needed; install it and Java 17" >&2; exit 1; }
jar="$root/benchmarks/target/benchmarks.jar"
work="$root/benchmarks/target/metrics-cost"
mkdir -p "$work"
pid_file="$work/pids"
: > "$pid_file"
scratch=""

# shellcheck source=stop-on-exit.sh
source "$root/benchmarks/stop-on-exit.sh"

echo "run-metrics-cost.sh: building Brook and the benchmarks (tests skipped)..." >&2
timeout 15m mvn -q -B ${BROOK_MVN_OPTS:-} -DskipTests -pl broker-server,benchmarks -am package >&2
# bin/brook's own build check, and its one-time class-data training, outside the measurement.
timeout 5m "$root/bin/brook" server --help >/dev/null

scratch="$(mktemp -d "${TMPDIR:-/tmp}/brook-metrics-cost.XXXXXX")"
timeout --kill-after=20s 2h java -cp "$jar" dev.brook.benchmarks.compare.MetricsCost --root "$root" \
  --benchmarks-jar "$jar" --pid-file "$pid_file" --tmp "$scratch" --logs "$work/logs" ${args[@]+"${args[@]}"}
