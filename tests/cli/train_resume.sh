#!/usr/bin/env bash
# metaforge-cli train on a small generated dataset: two epochs, then a third in a second run
# that resumes from the checkpoint (the history keeps all three; the first two are unchanged).
set -euo pipefail
cli=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$cli" dataset generate --resolution 32 --count 48 --mix procedural:1 --seed 3 --jobs 2 --out "$dir/d.h5" >/dev/null
"$cli" train --dataset "$dir/d.h5" --out "$dir/run" --epochs 2 --batch 8 --widths 8,16 --threads 2 > "$dir/first.txt"
grep -q "finished" "$dir/first.txt"
test -f "$dir/run/checkpoint.pt" && test -f "$dir/run/model.pt" && test -f "$dir/run/history.json"
"$cli" train --dataset "$dir/d.h5" --out "$dir/run" --epochs 3 --batch 8 --widths 8,16 --threads 2 > "$dir/second.txt"
cat "$dir/second.txt"
test "$(grep -c '^epoch' "$dir/second.txt")" -eq 3
# The resumed run did not redo epochs 1-2: their lines are the same as the first run's.
diff <(grep '^epoch    [12] ' "$dir/first.txt" | cut -c1-70) <(grep '^epoch    [12] ' "$dir/second.txt" | cut -c1-70)
