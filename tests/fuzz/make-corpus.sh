#!/usr/bin/env bash
# Rebuilds the seed corpora of the fuzz harnesses (tests/fuzz/corpus/<harness>/seed-*) from the
# repository's own files and commands, and the regression inputs (regress-*) of issue 18's crash
# classes that a command cannot write. Inputs found by fuzzing go in as regress-<what>.<ext> by
# hand. Needs a release build.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
cli=build/release/app/cli/metaforge-cli
seeds=build/release/tests/fuzz/fuzz_seeds
c=tests/fuzz/corpus
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$c"/{cell_file,session,dataset,model_card,tensor_args}

# Cells: the first byte picks the format (0 .raw, 1 .npy, 2 .vdb).
with_format() { { printf "\\x$(printf %02x "$1")"; cat "$2"; } > "$3"; }
for kind in gyroid schwarz-p; do
  for ext in raw npy vdb; do
    "$cli" cell tpms --kind "$kind" --resolution 8 --vf 0.3 --out "$work/$kind.$ext" >/dev/null
  done
  with_format 0 "$work/$kind.raw" "$c/cell_file/seed-$kind-8.raw"
  with_format 1 "$work/$kind.npy" "$c/cell_file/seed-$kind-8.npy"
  with_format 2 "$work/$kind.vdb" "$c/cell_file/seed-$kind-8.vdb"
done
head -c 247 "$work/gyroid.vdb" > "$work/t.vdb"; with_format 2 "$work/t.vdb" "$c/cell_file/regress-vdb-truncated-247.vdb"
python3 - "$c/cell_file" <<'PY'
import struct, sys
d = sys.argv[1]
def npy(header, data=b""):
    h = header.encode() + b" " * ((64 - (10 + len(header) + 1) % 64) % 64) + b"\n"
    return b"\x01" + b"\x93NUMPY\x01\x00" + struct.pack("<H", len(h)) + h + data
open(d + "/regress-npy-deep-header.npy", "wb").write(npy("{'descr': '|u1', 'fortran_order': False, 'shape': " + "(" * 25000 + "2, 2, 2" + ")" * 25000 + ", }", b"x" * 8))
open(d + "/regress-npy-claims-1024.npy", "wb").write(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1024, 1024, 1024), }", b"x" * 64))
open(d + "/regress-npy-claims-512.npy", "wb").write(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (512, 512, 512), }", b"x" * 64))
open(d + "/regress-raw-not-cube.raw", "wb").write(b"\x00" + b"abcdefghij")
PY

# Datasets: a small generated one, and one whose columns disagree in length.
"$cli" dataset generate --resolution 8 --count 3 --mix procedural:1 --seed 1 --jobs 1 --out "$c/dataset/seed-3-samples.h5" >/dev/null
# (the inconsistent ones are written through HDF5 by the seeds program, below)

# Model cards: the bundled card, and one with an empty condition_range entry.
cp resources/models/default/card.json "$c/model_card/seed-bundled-card.json"
python3 - "$c/model_card" <<'PY'
import json, sys
d = sys.argv[1]
card = json.load(open(d + "/seed-bundled-card.json"))
card["condition_range"]["C12"] = []
json.dump(card, open(d + "/regress-empty-range.json", "w"))
card = json.load(open(d + "/seed-bundled-card.json"))
card["architecture"]["widths"] = [100000, 100000, 100000]
json.dump(card, open(d + "/regress-absurd-widths.json", "w"))
PY

# Tensor arguments: the README's, and the non-finite ones.
printf -- '--cubic 0.30 0.12 0.08 --vf 0.4' > "$c/tensor_args/seed-readme-cubic"
printf -- '--cubic 0.30 0.12 0.08 --rotate 0 0 1 45' > "$c/tensor_args/seed-rotated"
printf -- '--full 1 0.3 0.3 0 0 0 1 0.3 0 0 0 1 0 0 0 0.35 0 0 0.35 0 0.35 --json' > "$c/tensor_args/seed-full"
printf -- '--iso 1 0.3 --vf 0.5' > "$c/tensor_args/seed-iso"
printf -- '--cubic 0.3 0.1 0.1 --vf nan' > "$c/tensor_args/regress-vf-nan"
printf -- '--cubic 0.3 1e999 0.1' > "$c/tensor_args/regress-overflow"

# Sessions, and the inconsistent datasets: written by the seeds program.
"$seeds" "$c"
ls "$c"/* | wc -l
