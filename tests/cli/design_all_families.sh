#!/usr/bin/env bash
# One target, every family (docs/families.md): `design --family all` on a cubic target that both
# families accept returns candidates of both, ranked by their FE-measured error in one table; an
# orthotropic target goes to the spinodoids only, with the voxel family's reason for declining.
#   design_all_families.sh CLI [--no-qt]
# --no-qt: the CLI must link no Qt library and runs with no display (the core-only build).
set -euo pipefail
cli=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
if [[ "${2:-}" == "--no-qt" ]]; then
  if ldd "$cli" | grep -i 'libQt'; then echo "the core-only CLI links Qt" >&2; exit 1; fi
  unset DISPLAY WAYLAND_DISPLAY QT_QPA_PLATFORM
fi

# A near-isotropic spinodoid's tensor made cubic (inside the spinodoid data), at a stiffness the
# diffusion model's data also holds.
"$cli" design --cubic 0.325 0.104 0.109 --family all -n 2 --seed 3 --out "$dir/cubic" | tee "$dir/cubic.txt"
# A spinodoid tensor of the bundled data (orthotropic: C11, C22, C33 differ).
"$cli" design --orthotropic 0.3299 0.1041 0.1077 0.3198 0.1044 0.3300 0.1081 0.1107 0.1082 --family all -n 2 \
  --seed 3 --out "$dir/ortho" | tee "$dir/ortho.txt"
grep -q "^voxel-diffusion declined: .*must be cubic" "$dir/ortho.txt"

python3 - "$dir" <<'PY'
import json, sys
d = sys.argv[1]
def table(name):
    return json.load(open(f"{d}/{name}/design.json"))
def check_ranked(t):
    errors = [c["error"] for c in t["candidates"]]
    assert errors == sorted(errors), f"not ranked by error: {errors}"
    assert all(c.get("fe") for c in t["candidates"]), "a candidate was not verified by FE"
    assert [c["rank"] for c in t["candidates"]] == list(range(1, len(errors) + 1))
cubic = table("cubic")
assert cubic["target_class"] == "cubic", cubic["target_class"]
families = [c["family"] for c in cubic["candidates"]]
assert sorted(families) == ["spinodoid"] * 2 + ["voxel-diffusion"] * 2, families
assert cubic["declined"] == {}, cubic["declined"]
assert cubic["error"].startswith("Eq. 18"), cubic["error"]
check_ranked(cubic)
# Each family's native parameters are in its rows: the spinodoid's design Θ, the model's guidance.
for c in cubic["candidates"]:
    p = c["provenance"]
    assert ("theta1" in p and "field_seed" in p) if c["family"] == "spinodoid" else ("guidance" in p and "steps" in p), p
ortho = table("ortho")
assert ortho["target_class"] == "orthotropic"
assert [c["family"] for c in ortho["candidates"]] == ["spinodoid"] * 2
assert "cubic" in ortho["declined"]["voxel-diffusion"], ortho["declined"]
assert ortho["error"].startswith("mean over the nine orthotropic constants"), ortho["error"]
assert set(ortho["candidates"][0]["achieved"]) == {"C11", "C12", "C13", "C22", "C23", "C33", "C44", "C55", "C66"}
check_ranked(ortho)
print("design --family all: both families on the cubic target, spinodoids alone on the orthotropic one")
PY
