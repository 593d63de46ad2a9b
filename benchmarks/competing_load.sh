#!/usr/bin/env bash
# MetaForge beside a competing load: how much slower `metaforge-cli design -n 4` and a 32³
# `homogenize` run while other processes keep the cores busy, against the same commands on an
# idle machine, in one run of this script. Each figure is the median wall time of RUNS runs.
#
#   benchmarks/competing_load.sh [BUSY] [RUNS]       BUSY busy processes (default 2), RUNS (default 5)
#   POLICY=active benchmarks/competing_load.sh       the same with spinning OpenMP threads, as
#                                                    before the thread policy (core/jobs/thread_policy.hpp)
#
# The load is BUSY shell loops that never sleep (what a compiler or a second solver looks
# like to the scheduler). Prints one line per command: idle, loaded, and the ratio.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
busy=${1:-2}
runs=${2:-5}
cli=build/release/app/cli/metaforge-cli
[[ -x $cli ]] || { echo "competing_load.sh: build first (cmake --build --preset release)" >&2; exit 1; }
[[ -n ${POLICY:-} ]] && export OMP_WAIT_POLICY=$POLICY
work=$(mktemp -d)
trap 'kill ${load[@]+"${load[@]}"} 2>/dev/null || true; rm -rf "$work"' EXIT
"$cli" cell tpms --kind gyroid --resolution 32 --vf 0.3 --out "$work/gyroid32.raw" >/dev/null

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
timed() {  # median wall seconds of `runs` runs of the command
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null
    end=$(date +%s.%N)
    echo "$end - $start" | bc
  done | median
}

design=("$cli" design --cubic 0.15 0.05 0.04 --vf 0.4 -n 4 --seed 1 --out "$work/design")
homogenize=("$cli" homogenize "$work/gyroid32.raw")
idle_design=$(timed "${design[@]}")
idle_homogenize=$(timed "${homogenize[@]}")
load=()
for _ in $(seq "$busy"); do
  (while :; do :; done) &
  load+=($!)
done
sleep 1
loaded_design=$(timed "${design[@]}")
loaded_homogenize=$(timed "${homogenize[@]}")
kill "${load[@]}"
load=()

echo "competing load: $busy busy processes on $(nproc) cores, median of $runs runs, OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-unset, so MetaForge waits passively}"
printf '%-34s idle %6.2f s   loaded %6.2f s   ratio %.2fx\n' "design -n 4 (32³, 25 steps)" "$idle_design" "$loaded_design" \
  "$(echo "$loaded_design / $idle_design" | bc -l)"
printf '%-34s idle %6.2f s   loaded %6.2f s   ratio %.2fx\n' "homogenize 32³ gyroid" "$idle_homogenize" "$loaded_homogenize" \
  "$(echo "$loaded_homogenize / $idle_homogenize" | bc -l)"
