#!/usr/bin/env bash
# Builds the K/K_HS regressor of guided interpolation (core/generative/bulk_regressor.hpp) from the
# repository: trained on the two bundled voxel datasets' FE labels (their held-out 5 % never
# trained on: the held-out R² in the card), resumable, then copied with its card to
# resources/models/regressor/. About 15 min on 2 cores.
#   resources/models/make-regressor.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
cli=${CLI:-build/release/app/cli/metaforge-cli}
work=${WORK:-/work/regressor}
data=(resources/datasets/default.h5 resources/datasets/al-round1.h5)
run=$work/train-$(cat "${data[@]}" | sha256sum | cut -c1-12)
args=()
for d in "${data[@]}"; do args+=(--dataset "$d"); done
"$cli" train --network regressor "${args[@]}" --out "$run" --seed 1
out=resources/models/regressor
mkdir -p "$out"
cp "$run/model.pt" "$out/model.pt.partial" && mv "$out/model.pt.partial" "$out/model.pt"
# The card as training wrote it, with the datasets named relative to the card (found from any checkout).
python3 - "$run/card.json" > "$out/card.json.partial" <<'PY'
import json, os, sys
card = json.load(open(sys.argv[1]))
for d in card["datasets"]:
    d["file"] = "../../datasets/" + os.path.basename(d["file"])
card["script"] = "resources/models/make-regressor.sh"
print(json.dumps(card, indent=2))
PY
mv "$out/card.json.partial" "$out/card.json"
echo "make-regressor: wrote $out (held-out R² in card.json: metrics.held_out_r2)"
