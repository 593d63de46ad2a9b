#!/usr/bin/env bash
# Renders the README's screenshots with the real app on a private Xvfb display (Mesa's
# software renderer, scale factor 1), so they look the same on every machine. The walkthrough
# pictures are taken by the walkthrough test itself (tests/gui/walkthrough_test.cpp), which also
# checks what each step shows.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
app=build/release/app/metaforge/metaforge
test=build/release/tests/gui/walkthrough_test
[[ -x $app && -x $test ]] || { echo "build first: ./run.sh or cmake --build --preset release" >&2; exit 1; }
export QT_XCB_GL_INTEGRATION=xcb_glx QT_SCALE_FACTOR=1 QT_QPA_PLATFORM=xcb LIBGL_ALWAYS_SOFTWARE=1 OMP_WAIT_POLICY=passive
MF_SCREENSHOT_DIR="$PWD/docs/images" packaging/with-xvfb.sh "$test"
# Step 7, Generate with the bundled diffusion model (built where LibTorch is).
generate=build/release/tests/gui/generate_test
[[ -x $generate ]] && MF_SCREENSHOT_DIR="$PWD/docs/images" packaging/with-xvfb.sh "$generate" generateFillsTheGalleryWithVerifiedCandidates
echo "wrote docs/images/walkthrough-*.png"
