#!/usr/bin/env bash
# Renders the README's screenshots with the real app on a private Xvfb display (Mesa's
# software renderer, scale factor 1), so they look the same on every machine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
app=build/release/app/metaforge/metaforge
[[ -x $app ]] || { echo "build first: ./run.sh or cmake --build --preset release" >&2; exit 1; }
export QT_XCB_GL_INTEGRATION=xcb_glx QT_SCALE_FACTOR=1 QT_QPA_PLATFORM=xcb
packaging/with-xvfb.sh "$app" --cubic 0.30,0.12,0.15 --screenshot docs/images/main-window.png
echo "wrote docs/images/main-window.png"
