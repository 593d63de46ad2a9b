#!/usr/bin/env bash
# Ctrl-C (SIGINT) on a 128³ homogenize returns within a second, whenever it comes: in the set-up
# (mesh, operator, multigrid and its spectrum estimates) as in the CG iterations.
set -uo pipefail
cli=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$cli" cell tpms --kind gyroid --resolution 128 --vf 0.3 --out "$dir/g128.raw" >/dev/null || exit 1
for delay in 0.2 0.5 0.9 1.5; do
  # A background job of a script starts with SIGINT ignored (POSIX), unlike a command run from
  # a terminal; give it the terminal's default, so that a Ctrl-C before the CLI has installed its
  # handler (a slow start-up on a loaded machine) still ends it with 130, as it would for a user.
  env --default-signal=INT "$cli" homogenize "$dir/g128.raw" > /dev/null 2> "$dir/err.txt" &
  pid=$!
  sleep "$delay"
  if ! kill -0 "$pid" 2>/dev/null; then echo "SKIP $delay s: the solve had already finished"; continue; fi
  start=$(date +%s.%N)
  kill -INT "$pid"
  wait "$pid"
  rc=$?
  took=$(echo "$(date +%s.%N) - $start" | bc)
  echo "interrupted after $delay s: exit $rc in $took s ($(cat "$dir/err.txt"))"
  [[ $rc -eq 130 ]] || { echo "FAIL: exit code $rc, not 130"; exit 1; }
  (( $(echo "$took < 1.0" | bc) )) || { echo "FAIL: took $took s to stop"; exit 1; }
done
