#!/usr/bin/env bash
# Installs what is missing, builds MetaForge (release, warnings are errors) and runs every
# test with CTest; the GUI tests get a private Xvfb display. Arguments go to ctest, e.g.
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
