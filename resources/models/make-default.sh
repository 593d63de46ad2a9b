#!/usr/bin/env bash
# Trains and bundles the default diffusion model (resources/models/default/):
#   resources/models/make-default.sh            train (resumable) to $EPOCHS in $WORK, measure, bundle
#   resources/models/make-default.sh --bundle   measure and bundle the run as it stands now
# (TARGETS held-out targets, default 200; GUIDANCE, default 3, the app's default scale).
# Training is resumable: kill it and run again, it goes on from the last epoch's checkpoint.
# Two stages, as shipped: 17 epochs on the bundled dataset, then one active-learning round
# (resources/datasets/make-al-round1.sh, whose result al-round1.h5 ships too) and training on
# to $EPOCHS on the grown dataset, keeping the run's condition normalization; from epoch
# $ANNEAL_FROM on, the learning rate anneals on a cosine to a tenth of its value at $EPOCHS.
# The card records the dataset's hash, the training commands, wall time and the accuracy figures
# of `metaforge-cli bench accuracy` on held-out targets of the original dataset (never trained
# on in either stage: the split is by sample seed).
set -euo pipefail
cd "$(dirname "$0")/../.."
cli=${CLI:-build/release/app/cli/metaforge-cli}
work=${WORK:-/tmp/mf-default-model}
epochs=${EPOCHS:-160}
anneal_from=${ANNEAL_FROM:-116}
targets=${TARGETS:-200}
guidance=${GUIDANCE:-3}
dataset=resources/datasets/al-round1.h5
out=resources/models/default
if [[ "${1:-}" != "--bundle" ]]; then
  "$cli" train --dataset resources/datasets/default.h5 --out "$work" --epochs 17 --batch 16
  "$cli" train --dataset "$dataset" --out "$work" --epochs "$epochs" --batch 16 --anneal-from "$anneal_from" --anneal-to 0.1
fi
# A snapshot, so that an epoch finishing meanwhile (training in the background) cannot mix
# the card of one epoch with the weights of the next.
snap=$(mktemp -d)
trap 'rm -rf "$snap"' EXIT
cp "$work/card.json" "$work/model.pt" "$work/history.json" "$snap/"
bench=(bench accuracy --model "$snap/card.json" --dataset resources/datasets/default.h5 --targets "$targets" -n 4 --steps 25 --guidance "$guidance")
"$cli" "${bench[@]}" --json "$snap/accuracy.json"
mkdir -p "$out"
cp "$snap/model.pt" "$out/model.pt.partial" && mv "$out/model.pt.partial" "$out/model.pt"
cp "$snap/history.json" "$out/history.json"
sha=$(sha256sum "$dataset" | cut -d' ' -f1)
python3 - "$snap/card.json" "$snap/accuracy.json" "$sha" "metaforge-cli ${bench[*]/$snap\/card.json/resources/models/default/card.json}" \
    > "$out/card.json.partial" <<'PY'
import json, sys
card = json.load(open(sys.argv[1]))
acc = json.load(open(sys.argv[2]))
card["dataset"] = "../../datasets/al-round1.h5"   # relative to this card
card["dataset_sha256"] = sys.argv[3]
card["dataset_card"] = "../../datasets/al-round1.json"
anneal = card["training"].get("anneal")
anneal_flags = " --anneal-from %d --anneal-to %g" % (anneal["from_epoch"], anneal["to"]) if anneal else ""
card["stages"] = [
    {"epochs": "1-17", "dataset": "../../datasets/default.h5",
     "command": "metaforge-cli train --dataset resources/datasets/default.h5 --out RUN --epochs 17 --batch 16"},
    # "epochs": where the run stopped; the command names the planned epochs (the anneal's end).
    {"epochs": "18-%d" % card["epochs"], "dataset": "../../datasets/al-round1.h5",
     "command": "metaforge-cli train --dataset resources/datasets/al-round1.h5 --out RUN --epochs %d --batch 16%s"
                % (card["training"].get("planned_epochs", card["epochs"]), anneal_flags)},
]
card["script"] = "resources/models/make-default.sh"
card["metrics"] = {"command": sys.argv[4], **acc}
print(json.dumps(card, indent=2))
PY
mv "$out/card.json.partial" "$out/card.json"
echo "bundled $out: $(du -h "$out/model.pt" | cut -f1) of weights, epoch $(python3 -c "import json;print(json.load(open('$out/card.json'))['epochs'])")"
