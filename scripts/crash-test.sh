#!/usr/bin/env bash
# The long crash test: a standalone broker killed with SIGKILL at random moments under an idempotent
# producer (acks=all) and a committing consumer group, restarted each time, then checked for lost,
# duplicated or reordered records and committed offsets (broker-server's CrashLoopIT).
#   scripts/crash-test.sh [KILLS] [SEED]     defaults: 25 kills, a random seed
# Each kill costs a few seconds; 25 kills of both flush policies take about 5 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
kills="${1:-25}"
seed="${2:-$RANDOM}"
echo "crash test: $kills kills per flush policy, seed $seed" >&2
exec mvn -B -pl broker-server -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=CrashLoopIT -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dbrook.crash.kills="$kills" -Dbrook.crash.seed="$seed"
