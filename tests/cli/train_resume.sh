#!/usr/bin/env bash
# metaforge-cli train on a small generated dataset: two epochs, then a third in a second run
# that resumes from the checkpoint (the history keeps all three; the first two are unchanged).
set -euo pipefail
cli=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$cli" dataset generate --resolution 32 --count 48 --mix procedural:1 --seed 5 --jobs 2 --out "$dir/d.h5" >/dev/null
"$cli" train --dataset "$dir/d.h5" --out "$dir/run" --epochs 2 --batch 8 --widths 8,16 --threads 2 > "$dir/first.txt"
grep -q "finished" "$dir/first.txt"
test -f "$dir/run/checkpoint.pt" && test -f "$dir/run/model.pt" && test -f "$dir/run/history.json"
"$cli" train --dataset "$dir/d.h5" --out "$dir/run" --epochs 3 --batch 8 --widths 8,16 --threads 2 > "$dir/second.txt"
cat "$dir/second.txt"
test "$(grep -c '^epoch' "$dir/second.txt")" -eq 3
# The resumed run did not redo epochs 1-2: their lines are the same as the first run's.
diff <(grep '^epoch    [12] ' "$dir/first.txt" | cut -c1-70) <(grep '^epoch    [12] ' "$dir/second.txt" | cut -c1-70)
# The run folder is a model bundle: design samples from it, verifies by FE and ranks.
test -f "$dir/run/card.json"
"$cli" design --cubic 0.1 0.032 0.032 --vf 0.33 -n 2 --steps 3 --model "$dir/run/card.json" --out "$dir/design" | tee "$dir/design.txt"
test -f "$dir/design/design.json" && test -f "$dir/design/candidate-1.vdb" && test -f "$dir/design/candidate-2.vdb"
test -f "$dir/design/elastic_surface.png"
grep -q "verified by FE" "$dir/design.txt"
# Rejected before sampling: inadmissible, and far outside the data's range (with a way out).
if "$cli" design --cubic 0.1 0.2 0.05 --model "$dir/run/card.json" --out "$dir/bad" 2> "$dir/err.txt"; then exit 1; fi
grep -q "inadmissible target" "$dir/err.txt"
if "$cli" design --cubic 5 1 1 --vf 0.3 --model "$dir/run/card.json" --out "$dir/bad" 2> "$dir/err.txt"; then exit 1; fi
grep -q "nearest reachable target: --cubic" "$dir/err.txt"
cat "$dir/err.txt"
if "$cli" design --cubic 0.12 0.05 0.04 --model "$dir/missing.json" --out "$dir/bad" 2> "$dir/err.txt"; then exit 1; fi
grep -q "no model card" "$dir/err.txt"
# The accuracy benchmark runs end to end on the held-out samples (figures meaningless here).
"$cli" bench accuracy --model "$dir/run/card.json" --targets 2 -n 2 --steps 2 --json "$dir/acc.json" \
  --cells "$dir/cells.csv" | tee "$dir/acc.txt"
grep -q "held-out targets" "$dir/acc.txt"
grep -q '"best_of_n_error"' "$dir/acc.json"
# One row per cell (2 per held-out target) under the header, 14 fields each.
head -1 "$dir/cells.csv" | grep -q "^target,C11,C12,C44,vf,cell,achieved_C11"
# The sampler as it was (occupancy ½, no bridges), for comparisons.
"$cli" bench accuracy --model "$dir/run/card.json" --targets 1 -n 2 --steps 2 --plain-threshold | grep -q "threshold: occupancy 1/2"
targets=$(grep -o '"targets": [0-9]*' "$dir/acc.json" | grep -o '[0-9]*$')
test "$(wc -l < "$dir/cells.csv")" -eq $((1 + 2 * targets))
test "$(awk -F, '{print NF}' "$dir/cells.csv" | sort -u)" = 14
# --skip sets the first held-out targets aside (settings are tuned on the others): target 2 of
# the first run is target 1 after skipping one (seed 5 gives this set 5 held-out samples); past
# the last held-out sample it says so.
test "$targets" -eq 2
"$cli" bench accuracy --model "$dir/run/card.json" --skip 1 --targets 1 -n 2 --steps 2 --json "$dir/skip.json" \
  --cells "$dir/skip.csv" | grep -q "numbers 2 to 2"
grep -q '"skipped_targets": 1' "$dir/skip.json"
test "$(sed -n 2p "$dir/skip.csv" | cut -d, -f1-5)" = "$(grep '^1,' "$dir/cells.csv" | head -1 | cut -d, -f1-5)"
if "$cli" bench accuracy --model "$dir/run/card.json" --skip 100000 2> "$dir/err.txt"; then exit 1; fi
grep -q "nothing is left after skipping 100000" "$dir/err.txt"
# One active-learning step: targets near the border, cells from the model, cleaned and labelled.
"$cli" dataset targets "$dir/d.h5" --count 6 --min-sdf -0.025 --seed 2 --out "$dir/targets.json"
"$cli" dataset grow --model "$dir/run/card.json" --targets "$dir/targets.json" --steps 3 --out "$dir/grown.h5" | tee "$dir/grow.txt"
grep -q "from 6 targets" "$dir/grow.txt"
"$cli" dataset stats "$dir/grown.h5" > /dev/null
