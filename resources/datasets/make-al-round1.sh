#!/usr/bin/env bash
# One active-learning round (seed 000) on the bundled dataset, as shipped in
# resources/datasets/al-round1.h5 and its card: targets near and inside the border of the
# dataset's property range (f_SDF > -0.025), one cell per target from the diffusion model of
# commit ad3f653 (epoch 13), cleaned and FE-labelled, merged, and thinned where the data is
# densest. The model trained on the result is resources/models/default.
set -euo pipefail
cd "$(dirname "$0")/../.."
cli=${CLI:-build/release/app/cli/metaforge-cli}
work=${WORK:-/tmp/mf-al-round1}
mkdir -p "$work/model"
# The model that grew the data, from the repository's history.
git show ad3f653:resources/models/default/model.pt > "$work/model/model.pt"
git show ad3f653:resources/models/default/card.json | sed 's#"../../datasets/default.h5"#"'"$PWD"'/resources/datasets/default.h5"#' > "$work/model/card.json"
echo "d14f50e380c4b760b314d7273279623aefb60a0dae1a8121ae95f45a1bcad294  $work/model/model.pt" | sha256sum -c -
"$cli" dataset targets resources/datasets/default.h5 --count 400 --min-sdf -0.025 --seed 11 --out "$work/targets.json"
"$cli" dataset grow --model "$work/model/card.json" --targets "$work/targets.json" --seed 11 --out "$work/grown.h5"
"$cli" dataset merge resources/datasets/default.h5 "$work/grown.h5" --out "$work/merged.h5"
"$cli" dataset thin "$work/merged.h5" --cap 100 --out resources/datasets/al-round1.h5
"$cli" dataset coverage resources/datasets/al-round1.h5 --reference resources/datasets/default.h5 --json "$work/coverage.json"
