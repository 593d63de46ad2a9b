#!/usr/bin/env bash
# Installs what is missing, builds MetaForge (release) and starts the desktop app.
# Arguments are passed to the app, e.g. ./run.sh --cubic 0.3,0.12,0.15
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

packaging/install-deps.sh
[[ -f build/release/CMakeCache.txt ]] || cmake --preset release
cmake --build --preset release

if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  echo "run.sh: built, but there is no display to open the window on." >&2
  echo "        On a headless machine try: packaging/with-xvfb.sh build/release/app/metaforge/metaforge --screenshot shot.png" >&2
  exit 1
fi
exec build/release/app/metaforge/metaforge "$@"
