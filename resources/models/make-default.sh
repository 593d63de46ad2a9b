#!/usr/bin/env bash
# Trains and bundles the default diffusion model (resources/models/default/):
#   resources/models/make-default.sh            train (resumable) through every stage in $WORK, measure, bundle
#   resources/models/make-default.sh --bundle   measure and bundle the run as it stands now
# (TARGETS held-out targets, default 200; GUIDANCE, default 5, the app's default scale;
# MEASURED=accuracy.json takes a `bench accuracy --json` result of these very weights, with the
# same targets, steps and guidance, instead of measuring again, which takes minutes).
# Training is resumable: kill it and run again, it goes on from the last epoch's checkpoint.
# The stages, as shipped (STAGES below): 17 epochs on the bundled dataset; one active-learning
# round (resources/datasets/make-al-round1.sh, whose result al-round1.h5 ships too); training on
# the grown dataset to epoch 160, keeping the run's condition normalization, the learning rate
# annealed on a cosine to a tenth from epoch 116; then warm restarts, each setting a new peak
# rate and annealing it to a tenth by the stage's last epoch.
# The card records the dataset's hash, the training commands, wall time and the accuracy figures
# of `metaforge-cli bench accuracy` on held-out targets of the original dataset (never trained
# on in any stage: the split is by sample seed).
set -euo pipefail
cd "$(dirname "$0")/../.."
cli=${CLI:-build/release/app/cli/metaforge-cli}
work=${WORK:-/tmp/mf-default-model}
targets=${TARGETS:-200}
guidance=${GUIDANCE:-5}
dataset=resources/datasets/al-round1.h5
out=resources/models/default
# One stage per line: the dataset and the flags of `metaforge-cli train --out RUN --batch 16`;
# --epochs is where the stage ends (epochs count over the whole run).
STAGES=(
  "resources/datasets/default.h5|--epochs 17"
  "$dataset|--epochs 160 --anneal-from 116 --anneal-to 0.1"
  "$dataset|--epochs 216 --lr 1e-4 --anneal-from 161 --anneal-to 0.1"
  "$dataset|--epochs 264 --lr 5e-5 --anneal-from 217 --anneal-to 0.1"
  "$dataset|--epochs 320 --lr 5e-5 --anneal-from 265 --anneal-to 0.1"
)
if [[ "${1:-}" != "--bundle" ]]; then
  for stage in "${STAGES[@]}"; do
    # shellcheck disable=SC2086  # the flags are meant to split into words
    "$cli" train --dataset "${stage%%|*}" --out "$work" --batch 16 ${stage#*|}
  done
fi
# A snapshot, so that an epoch finishing meanwhile (training in the background) cannot mix
# the card of one epoch with the weights of the next.
snap=$(mktemp -d)
trap 'rm -rf "$snap"' EXIT
cp "$work/card.json" "$work/model.pt" "$work/history.json" "$snap/"
bench=(bench accuracy --model "$snap/card.json" --dataset resources/datasets/default.h5 --targets "$targets" -n 4 --steps 25 --guidance "$guidance")
if [[ -n "${MEASURED:-}" ]]; then
  cp "$MEASURED" "$snap/accuracy.json"
else
  "$cli" "${bench[@]}" --json "$snap/accuracy.json"
fi
python3 - "$snap/card.json" "$snap/accuracy.json" "$targets" "$guidance" <<'PY'
import json, sys
card, acc = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
want = {"model_epochs": card["epochs"], "targets": int(sys.argv[3]), "steps": 25,
        "guidance": float(sys.argv[4]), "cells_per_target": 4, "skipped_targets": 0}
acc.setdefault("skipped_targets", 0)          # measured before --skip existed
bad = {k: (acc.get(k), v) for k, v in want.items() if acc.get(k) != v}
if bad:
    sys.exit("the measurement is not of this run's weights and settings (got, want): %s" % bad)
PY
mkdir -p "$out"
cp "$snap/model.pt" "$out/model.pt.partial" && mv "$out/model.pt.partial" "$out/model.pt"
cp "$snap/history.json" "$out/history.json"
sha=$(sha256sum "$dataset" | cut -d' ' -f1)
python3 - "$snap/card.json" "$snap/accuracy.json" "$sha" "metaforge-cli ${bench[*]/$snap\/card.json/resources/models/default/card.json}" \
    "${STAGES[@]}" > "$out/card.json.partial" <<'PY'
import json, re, sys
card = json.load(open(sys.argv[1]))
acc = json.load(open(sys.argv[2]))
card["dataset"] = "../../datasets/al-round1.h5"   # relative to this card
card["dataset_sha256"] = sys.argv[3]
card["dataset_card"] = "../../datasets/al-round1.json"
card["stages"] = []
first = 1
for stage in sys.argv[5:]:
    data, flags = stage.split("|", 1)
    last = int(re.search(r"--epochs (\d+)", flags).group(1))
    if first > card["epochs"]:
        break                                  # the run has not reached this stage
    card["stages"].append({
        # "epochs": where the run stopped; the command names the planned end (the anneal's).
        "epochs": "%d-%d" % (first, min(last, card["epochs"])),
        "dataset": "../../" + data.removeprefix("resources/"),
        "command": "metaforge-cli train --dataset %s --out RUN --batch 16 %s" % (data, flags)})
    first = last + 1
card["script"] = "resources/models/make-default.sh"
card["metrics"] = {"command": sys.argv[4], **acc}
print(json.dumps(card, indent=2))
PY
mv "$out/card.json.partial" "$out/card.json"
echo "bundled $out: $(du -h "$out/model.pt" | cut -f1) of weights, epoch $(python3 -c "import json;print(json.load(open('$out/card.json'))['epochs'])")"
