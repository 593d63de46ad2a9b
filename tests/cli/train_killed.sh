#!/usr/bin/env bash
# metaforge-cli train killed (SIGKILL) while it writes its bundle leaves a bundle that loads, and
# the next run finds what the kill left stale or torn and writes it again from the checkpoint.
# MF_FAULT_KILL_WRITING=<file>[:n] (core/files/atomic_file.cpp) kills the process in the middle of
# the n-th write of that file, after half of it is on disk.
set -uo pipefail
cli=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
"$cli" dataset generate --resolution 32 --count 40 --mix procedural:1 --seed 7 --jobs 2 --out "$dir/d.h5" >/dev/null || fail generate
train=("$cli" train --dataset "$dir/d.h5" --batch 8 --widths 8,16 --threads 2)
loads() { "$cli" design --cubic 0.1 0.032 0.032 --vf 0.33 -n 1 --steps 2 --model "$1/card.json" --out "$1/design" >/dev/null; }

for file in model.pt card.json; do
  run="$dir/run-${file%%.*}"
  # Killed writing the final epoch's file (the second write of it: epochs 1 and 2).
  MF_FAULT_KILL_WRITING="$file:2" "${train[@]}" --out "$run" --epochs 2 > "$run.killed.txt" 2>&1
  rc=$?
  test $rc -eq 137 || fail "$file: the fault hook did not kill the run (rc $rc)"
  # What is on disk loads: the old epoch's bundle, whole, or refused with the reason, never torn.
  loads "$run" || grep -q "do not match" <("$cli" design --cubic 0.1 0.032 0.032 --vf 0.33 -n 1 --steps 2 \
    --model "$run/card.json" --out "$run/design" 2>&1) || fail "$file: the bundle left by the kill neither loads nor says why"
  # No temporary of the dead writer is left once the file is written again.
  "${train[@]}" --out "$run" --epochs 2 > "$run.again.txt" 2>&1 || fail "$file: the rerun failed: $(cat "$run.again.txt")"
  grep -q "the bundle was broken" "$run.again.txt" || fail "$file: the rerun did not notice the broken bundle"
  grep -q "finished" "$run.again.txt" || fail "$file: the rerun did not finish"
  loads "$run" || fail "$file: the mended bundle does not load"
  python3 -c "import json,sys; c=json.load(open(sys.argv[1])); sys.exit(0 if c['epochs']==2 else 1)" "$run/card.json" \
    || fail "$file: the mended card is not of the last epoch"
  ls -a "$run" | grep -q '\.tmp[0-9]' && fail "$file: a temporary file is left: $(ls -a "$run")"
done
echo "killed while writing model.pt and card.json: both bundles mended and loadable"
