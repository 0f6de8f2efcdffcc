# Sourced by run-vs-kafka.sh and run-metrics-cost.sh, after they set pid_file (where the
# orchestrator records the pid of every broker and driver it starts) and scratch (its temporary
# directory, or empty): whatever happens, on exit those processes are stopped (TERM, then KILL a
# second later; the orchestrator also stops them itself when it can) and the directory removed.
# shellcheck shell=bash
stop_recorded_processes() {
  if [ -s "$pid_file" ]; then
    while read -r pid; do
      kill -0 "$pid" 2>/dev/null && kill "$pid" 2>/dev/null || true
    done < "$pid_file"
    sleep 1
    while read -r pid; do
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    done < "$pid_file"
  fi
  [ -n "$scratch" ] && rm -rf "$scratch"
}
trap stop_recorded_processes EXIT
