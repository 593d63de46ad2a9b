#!/usr/bin/env bash
# Rebuilds the bundled dataset and its card, exactly as shipped:
#   resources/datasets/make-default.sh            generate (about an hour on 2 cores), then the card
#   resources/datasets/make-default.sh --card     only the card and plots, from the existing file
# Generation is deterministic: the same command gives the same samples bit for bit (it can be
# killed and started again; it resumes).
set -euo pipefail
cd "$(dirname "$0")/../.."
cli=${CLI:-build/release/app/cli/metaforge-cli}
out=resources/datasets/default.h5
# Two runs: a broad one (mostly procedural) and one of topology-optimized cells only, which are
# the expensive, stiff ones; then merged (ordered by run seed and index).
run1=(dataset generate --resolution 32 --count 5600 --mix to:0.15,procedural:0.85 --seed 2026 --jobs 2 --batch 100)
run2=(dataset generate --resolution 32 --count 800 --mix to:1 --seed 2027 --jobs 2 --batch 50)
work=${WORK:-/tmp/mf-default-dataset}
if [[ "${1:-}" != "--card" ]]; then
  mkdir -p "$work"
  "$cli" "${run1[@]}" --out "$work/broad.h5"
  "$cli" "${run2[@]}" --out "$work/to.h5"
  "$cli" dataset merge "$work/broad.h5" "$work/to.h5" --out "$out"
fi
generate=("metaforge-cli ${run1[*]} --out broad.h5" "metaforge-cli ${run2[*]} --out to.h5"
          "metaforge-cli dataset merge broad.h5 to.h5 --out resources/datasets/default.h5")
"$cli" dataset stats "$out" --plots docs/images/dataset --json > /tmp/mf-dataset-stats.json
sha=$(sha256sum "$out" | cut -d' ' -f1)
bytes=$(stat -c %s "$out")
python3 - "$sha" "$bytes" "${generate[@]}" > resources/datasets/default.json <<'PY'
import json, sys
stats = json.load(open("/tmp/mf-dataset-stats.json"))
card = {
    "file": "default.h5",
    "sha256": sys.argv[1],
    "bytes": int(sys.argv[2]),
    "commands": sys.argv[3:],
    "script": "resources/datasets/make-default.sh",
    "cell_resolution": stats["cell_resolution"],
    "count": stats["count"],
    "per_generator": stats["per_generator"],
    "property_range": stats["range"],
    "coverage": {
        "share_K_over_HS_ge_0.8": stats["share_K_over_HS_ge_0.8"],
        "share_C44_over_G_HS_ge_0.8": stats["share_C44_over_G_HS_ge_0.8"],
        "max_K_over_HS": stats["max_K_over_HS"],
        "max_C44_over_G_HS": stats["max_C44_over_G_HS"],
        "poisson_range": stats["poisson_range"],
        "plots": [p for p in stats["plots"]],
    },
    "fe": {"method": "voxel hex8, periodic, energy form, multigrid-PCG", "youngs": 1.0, "poisson": 0.3,
           "tolerance": 1e-6},
    "schema": "docs/dataset.md",
}
print(json.dumps(card, indent=2))
PY
echo "wrote resources/datasets/default.json (sha256 $sha)"
