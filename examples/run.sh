#!/usr/bin/env bash
# Runs one of Brook's examples: examples/run.sh NAME [ARGS...], e.g. examples/run.sh QueueAndPublishSubscribe.
# Builds the examples (and the modules they use) on each run; the first build takes a minute.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ $# -lt 1 ]; then
  echo "usage: examples/run.sh NAME [ARGS...]; NAME is one of:"
  (cd "$root/examples/src/main/java/dev/brook/examples" && ls *.java | grep -v package-info | sed 's/\.java$//; s/^/  /')
  exit 0
fi
name="$1"; shift
cd "$root"
# One invocation, so that Brook's modules resolve from this build (the reactor), not from a local
# Maven repository where a fresh machine has none of them. Compiled, not packaged: packaging
# would rebuild brook.jar, and bin/brook would then record its classes again at its next start.
mvn -q -B -pl examples -am compile dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt >&2
exec java -cp "examples/target/classes:$(cat examples/target/classpath.txt)" "dev.brook.examples.$name" "$@"
