#!/usr/bin/env bash
# Builds the spinodoid family's bundle from the repository (docs/families.md):
#   1. the dataset: 21,300 spinodoid cells at 64³, labelled by our FE, stored as parameters
#      (about 12 h on 2 cores, more than one session). It grows in parts: each session
#      generates the indices after the last one the repository keeps (WORK/part-F.h5, resumable
#      within the session) and --keep compacts that part into resources/datasets/spinodoid-parts/
#      to be committed. Sample i is a function of (run seed, i), so the parts merged are the
#      samples of one uninterrupted run.
#   2. resources/datasets/spinodoid.h5 and its card (hash, command, counts, ranges).
#   3. the f-NN and i-NN trained on it (200 + 200 epochs, resumable), copied to
#      resources/models/spinodoid/ with their card (weights' and data's SHA-256, held-out R²).
#   resources/models/make-spinodoid.sh            generate the next part (resumes where it stopped)
#   resources/models/make-spinodoid.sh --keep     compact the part generated so far into spinodoid-parts/
#   resources/models/make-spinodoid.sh --train    2 and 3, once the kept cells reach 95 % of 21,300
#   resources/models/make-spinodoid.sh --interim  2 and 3 from the cells kept so far (at least 2,000),
#                                                 the cards saying how many of the 21,300
set -euo pipefail
cd "$(dirname "$0")/../.."
cli=${CLI:-build/release/app/cli/metaforge-cli}
# shellcheck source=resources/datasets/keep-parts.sh
source resources/datasets/keep-parts.sh
work=${WORK:-/work/spinodoid-data}
count=21300
generate=(dataset generate --family spinodoid --count "$count" --jobs 2 --batch 16 --seed 4004)
parts=resources/datasets/spinodoid-parts
mkdir -p "$work" "$parts"
mode=${1:-}
kept=(resources/datasets/spinodoid.h5 "$parts"/part-*.h5)
# One past the last index the repository keeps: where the next part starts.
next=0
for f in "${kept[@]}"; do
  [[ -f "$f" ]] || continue
  hi=$("$cli" dataset stats "$f" --json | python3 -c 'import json,sys; j=json.load(sys.stdin); print(j.get("index_range",[0,-1])[1])')
  if (( hi + 1 > next )); then next=$(( hi + 1 )); fi
done
if [[ -z "$mode" ]]; then
  (( next < count )) || { echo "make-spinodoid: all $count indices are kept; run with --train" >&2; exit 0; }
  exec "$cli" "${generate[@]}" --first "$next" --out "$work/part-$next.h5"
fi
if [[ "$mode" == "--keep" ]]; then
  shopt -s nullglob
  keep_parts "$parts" "$work"/part-*.h5
  python3 - "$parts" "metaforge-cli ${generate[*]} --first F --out part-F.h5" > "$parts/parts.json.partial" <<'PY'
import glob, hashlib, json, os, sys
folder, command = sys.argv[1], sys.argv[2]
files = sorted(glob.glob(os.path.join(folder, "part-*.h5")), key=lambda f: int(os.path.basename(f)[5:-3]))
card = {"what": "parts of the spinodoid generation run, one per session; merged with ../spinodoid.h5 by make-spinodoid.sh --train",
        "command": command, "script": "resources/models/make-spinodoid.sh",
        "parts": [{"file": os.path.basename(f), "first": int(os.path.basename(f)[5:-3]),
                   "sha256": hashlib.sha256(open(f, "rb").read()).hexdigest(), "bytes": os.path.getsize(f)} for f in files]}
print(json.dumps(card, indent=2))
PY
  mv "$parts/parts.json.partial" "$parts/parts.json"
  echo "make-spinodoid: kept $(ls "$parts"/part-*.h5 | wc -l) part(s) in $parts; next part starts after them"
  exit 0
fi
present=()
for f in "${kept[@]}"; do [[ -f "$f" ]] && present+=("$f"); done
"$cli" dataset merge "${present[@]}" --out "$work/snapshot.h5"
have=$("$cli" dataset stats "$work/snapshot.h5" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])')
need=$(( count * 95 / 100 ))
[[ "$mode" == "--interim" ]] && need=2000
if (( have < need )); then
  echo "make-spinodoid: the repository keeps $have of $count cells; generate more parts first" >&2
  exit 1
fi
data=resources/datasets/spinodoid.h5
# Merging writes the samples in one go: the file the appends grew (HDF5 does not reuse the space
# of rewritten chunks across opens) shrinks to about 40 %, the samples unchanged.
"$cli" dataset merge "$work/snapshot.h5" --out "$data.partial" && mv "$data.partial" "$data"
"$cli" dataset compare "$work/snapshot.h5" "$data" >/dev/null
"$cli" dataset stats "$data" --json > "$work/stats.json"
python3 - "$data" "metaforge-cli ${generate[*]} --out spinodoid.h5" "$work/stats.json" "$count" > resources/datasets/spinodoid.json <<'PY'
import hashlib, json, os, sys
path, command, stats, planned = sys.argv[1], sys.argv[2], json.load(open(sys.argv[3])), int(sys.argv[4])
card = {
    "file": os.path.basename(path),
    "sha256": hashlib.sha256(open(path, "rb").read()).hexdigest(),
    "bytes": os.path.getsize(path),
    "commands": [command],
    "script": "resources/models/make-spinodoid.sh",
    "cell_resolution": stats["cell_resolution"],
    "count": stats["count"],
    "per_generator": stats["per_generator"],
    "stores": "parameters (Θ, field seed) per cell, no voxels: each cell is made again from them",
    "fe": "voxel hex8, periodic, E_s = 1, ν_s = 0.3, relative residual 1e-4",
}
if stats["count"] < planned * 95 // 100:
    card["interim"] = f"the first {stats['count']} of the run's {planned} cells; generation continues in parts (make-spinodoid.sh)"
print(json.dumps(card, indent=2))
PY
# One run folder per dataset (training refuses to resume on other data): interim runs stay apart.
run=$work/train-$(sha256sum "$data" | cut -c1-12)
"$cli" train --family spinodoid --dataset "$data" --out "$run"
out=resources/models/spinodoid
mkdir -p "$out"
cp "$run/model.pt" "$out/model.pt.partial" && mv "$out/model.pt.partial" "$out/model.pt"
# The card as training wrote it, with the dataset named relative to the card (found from any checkout).
python3 - "$run/card.json" > "$out/card.json.partial" <<'PY'
import json, sys
card = json.load(open(sys.argv[1]))
card["dataset"] = "../../datasets/spinodoid.h5"
card["dataset_card"] = "../../datasets/spinodoid.json"
card["script"] = "resources/models/make-spinodoid.sh"
data_card = json.load(open("resources/datasets/spinodoid.json"))
if "interim" in data_card:
    card["interim"] = "trained on " + data_card["interim"]
print(json.dumps(card, indent=2))
PY
mv "$out/card.json.partial" "$out/card.json"
echo "make-spinodoid: wrote $data and $out (then: metaforge-cli bench accuracy --family spinodoid --targets 200 -n 4)"
