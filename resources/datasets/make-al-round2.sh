#!/usr/bin/env bash
# The second data round (seed 000 §4.2; issue "Families of cells by interpolation, and extreme
# cells"): topology-optimized cells where the bundled data does not reach (vf 0.04–0.55 today,
# K/K_HS ≤ 0.86 below vf 0.3, ν ≥ −0.26), grown in parts over sessions like the spinodoid data:
#   high  vf 0.55–0.8, maximum bulk, maximum shear and minimum Poisson's ratio   (600 cells)
#   low   vf 0.10–0.30, maximum bulk and minimum Poisson's ratio                 (600 cells)
# Each run's sample i is a function of (its seed, i), so its parts merged are the samples of one
# uninterrupted run. Verified family members and extreme cells join as parts of their own
# (`dataset add`: cleaned, FE-labelled). Still to come: the merge with al-round1, the model trained
# on from its checkpoint.
#   resources/datasets/make-al-round2.sh          generate the next parts (resumes where it stopped)
#   resources/datasets/make-al-round2.sh --keep   compact what was generated into al-round2-parts/
#   resources/datasets/make-al-round2.sh --family A B NAME
#        the interior members of the guided 11-member family from A to B (cell files or
#        dataset:INDEX) as family-part-NAME.h5
#   resources/datasets/make-al-round2.sh --explore OBJECTIVE VF NAME
#        the results of `explore` (20 generated and 20 random starts) as explore-part-NAME.h5
set -euo pipefail
cd "$(dirname "$0")/../.."
cli=${CLI:-build/release/app/cli/metaforge-cli}
# shellcheck source=resources/datasets/keep-parts.sh
source resources/datasets/keep-parts.sh
work=${WORK:-/work/al-round2-data}
parts=resources/datasets/al-round2-parts
mkdir -p "$work" "$parts"
declare -A args=(
  [high]="--vf-range 0.55:0.8 --to-objectives bulk,shear,npr --seed 2201"
  [low]="--vf-range 0.1:0.3 --to-objectives bulk,npr --seed 2202"
)
count=600
# The two runs side by side, one worker each, so that both advance in every session.
common="dataset generate --resolution 32 --mix to:1 --count $count --jobs 1 --batch 8"

# One past the last index the repository keeps of a run.
next_of() {
  local run=$1 next=0 f hi
  for f in "$parts/$run"-part-*.h5; do
    [[ -f "$f" ]] || continue
    hi=$("$cli" dataset stats "$f" --json | python3 -c 'import json,sys; print(json.load(sys.stdin).get("index_range",[0,-1])[1])')
    (( hi + 1 > next )) && next=$(( hi + 1 ))
  done
  echo "$next"
}

if [[ "${1:-}" == "--family" ]]; then
  (( $# == 4 )) || { echo "usage: $0 --family A B NAME" >&2; exit 2; }
  rm -rf "$work/family-$4"
  "$cli" interpolate --from "$2" --to "$3" -n 11 --guide bulk --out "$work/family-$4"
  "$cli" dataset add "$work/family-$4"/member-{1..9}.npy --generator family --out "$parts/family-part-$4.h5.partial"
  mv "$parts/family-part-$4.h5.partial" "$parts/family-part-$4.h5"
  exit 0
fi
if [[ "${1:-}" == "--explore" ]]; then
  (( $# == 4 )) || { echo "usage: $0 --explore OBJECTIVE VF NAME" >&2; exit 2; }
  rm -rf "$work/explore-$4"
  "$cli" explore --objective "$2" --vf "$3" --starts 20 --out "$work/explore-$4"
  "$cli" dataset add "$work/explore-$4"/start-*.npy --generator explore --out "$parts/explore-part-$4.h5.partial"
  mv "$parts/explore-part-$4.h5.partial" "$parts/explore-part-$4.h5"
  exit 0
fi
if [[ "${1:-}" == "--keep" ]]; then
  shopt -s nullglob
  keep_parts "$parts" "$work"/*-part-*.h5
  python3 - "$parts" "metaforge-cli $common" "${args[high]}" "${args[low]}" > "$parts/parts.json.partial" <<'PY'
import glob, hashlib, json, os, sys
folder, common, high, low = sys.argv[1:5]
files = sorted(glob.glob(os.path.join(folder, "*-part-*.h5")))
card = {"what": "parts of the second data round's TO runs (make-al-round2.sh), one per run and session",
        "runs": {"high": f"{common} {high} --first F --out high-part-F.h5",
                 "low": f"{common} {low} --first F --out low-part-F.h5",
                 "family": "make-al-round2.sh --family A B NAME (interpolate -n 11 --guide bulk, then dataset add of members 1-9)",
                 "explore": "make-al-round2.sh --explore OBJECTIVE VF NAME (explore --starts 20, then dataset add of its cells)"},
        "script": "resources/datasets/make-al-round2.sh",
        "parts": [{"file": os.path.basename(f), "sha256": hashlib.sha256(open(f, "rb").read()).hexdigest(),
                   "bytes": os.path.getsize(f)} for f in files]}
print(json.dumps(card, indent=2))
PY
  mv "$parts/parts.json.partial" "$parts/parts.json"
  echo "make-al-round2: kept $(ls "$parts"/*-part-*.h5 | wc -l) part(s) in $parts"
  exit 0
fi

for run in high low; do
  next=$(next_of "$run")
  if (( next >= count )); then echo "make-al-round2: run $run is complete"; continue; fi
  # shellcheck disable=SC2086
  "$cli" $common ${args[$run]} --first "$next" --out "$work/$run-part-$next.h5" &
done
wait
