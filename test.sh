#!/usr/bin/env bash
# Installs what is missing, builds MetaForge (release, warnings are errors) and runs every
# test with CTest; the GUI tests get a private Xvfb display; then builds the Qt-free CLI
# (core-only) and runs design --family all with it. Arguments go to ctest (and skip the
# core-only step), e.g.
#   ./test.sh -L core        only the core tests
#   ./test.sh -R tensor      tests whose name matches "tensor"
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

packaging/install-deps.sh
if ! grep -q '^MF_WERROR:BOOL=ON' build/release/CMakeCache.txt 2>/dev/null; then
  cmake --preset release -DMF_WERROR=ON
fi
cmake --build --preset release

jobs=$(nproc 2>/dev/null || echo 2)
packaging/with-xvfb.sh ctest --test-dir build/release --output-on-failure -j "$jobs" "$@"

# The headless build (docs/families.md): core, CLI and family plugins without Qt; its design finds
# and runs both families with no display. Part of every full run (not of a filtered one).
if [[ $# -eq 0 ]]; then
  grep -q '^MF_WERROR:BOOL=ON' build/core-only/CMakeCache.txt 2>/dev/null || cmake --preset core-only -DMF_WERROR=ON
  cmake --build --preset core-only --target metaforge-cli mf_voxel_diffusion_plugin mf_spinodoid_plugin
  echo "core-only: design --family all without Qt or a display"
  tests/cli/design_all_families.sh build/core-only/app/cli/metaforge-cli --no-qt > build/core-only/design_all_families.log ||
    { cat build/core-only/design_all_families.log; exit 1; }
  tail -1 build/core-only/design_all_families.log
fi
