#!/usr/bin/env bash
# dataset add: verified cells from elsewhere join a data round as samples. A Schwarz P cell is
# labelled by FE as homogenize labels it (the same C11, by another path through the CLI); a gyroid
# (no mirror planes: an octant cannot hold it) is named and left out; the same cell added twice
# merges once; an existing output is never overwritten.
set -uo pipefail
cli=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
"$cli" cell tpms --kind schwarz-p --resolution 16 --vf 0.3 --out p.npy >/dev/null || exit 1
"$cli" cell tpms --kind gyroid --resolution 16 --vf 0.3 --out g.npy >/dev/null || exit 1
"$cli" dataset add p.npy g.npy --generator family --out a.h5 > out.txt 2> err.txt || { cat out.txt err.txt; exit 1; }
grep -q "1 of 2 cells" out.txt || { echo "FAIL: $(cat out.txt)"; exit 1; }
grep -q "g.npy: not added (not a cubic-symmetric cell)" err.txt || { echo "FAIL: stderr $(cat err.txt)"; exit 1; }
"$cli" dataset stats a.h5 --json > stats.json || exit 1
"$cli" homogenize p.npy --json > fe.json || exit 1
python3 - <<'PY' || exit 1
import json
s, fe = json.load(open("stats.json")), json.load(open("fe.json"))
c11 = fe["tensor"]["stiffness"][0][0]
added = s["range"]["C11"][0]
assert s["per_generator"] == {"family": 1}, s["per_generator"]
assert abs(added - c11) < 1e-6 * c11, (added, c11)
print(f"added C11 {added:.6f} = homogenize's {c11:.6f}")
PY
"$cli" dataset add p.npy --out b.h5 >/dev/null || exit 1
"$cli" dataset merge a.h5 b.h5 --out m.h5 | grep -q ": 1 samples" || { echo "FAIL: the same cell merged twice"; exit 1; }
if "$cli" dataset add p.npy --out a.h5 2> err2.txt; then echo "FAIL: overwrote a.h5"; exit 1; fi
grep -q "exists" err2.txt || { echo "FAIL: $(cat err2.txt)"; exit 1; }
echo "ok"
