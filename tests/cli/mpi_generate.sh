#!/usr/bin/env bash
# Dataset generation under mpirun with 2 ranks writes two shards whose merge equals a
# single-process run with the same seed, sample for sample, bit for bit.
set -euo pipefail
cli=$1
command -v mpirun >/dev/null || { echo "SKIP: mpirun not installed (package openmpi-bin)"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# Containers often run as root, which OpenMPI refuses unless told; 2 ranks may exceed the cores.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
args=(dataset generate --resolution 16 --count 14 --mix procedural:1 --seed 9 --jobs 1)
mpirun -n 2 "$cli" "${args[@]}" --out "$dir/d.h5"
test -f "$dir/d.rank0-of-2.h5" && test -f "$dir/d.rank1-of-2.h5"
"$cli" dataset merge "$dir/d.rank0-of-2.h5" "$dir/d.rank1-of-2.h5" --out "$dir/merged.h5"
"$cli" "${args[@]}" --out "$dir/single.h5"
"$cli" dataset compare "$dir/merged.h5" "$dir/single.h5"
